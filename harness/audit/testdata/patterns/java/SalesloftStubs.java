// Stubs the SalesLoft client with Mockito for the local profile. Test
// doubles, not calls.
import static org.mockito.Mockito.*;

class SalesloftStubs {
  SlHttp stubbed() {
    SlHttp client = mock(SlHttp.class);
    when(client.get("https://api.salesloft.com/v2/accounts")).thenReturn("{\"data\": []}");
    return client;
  }
}
