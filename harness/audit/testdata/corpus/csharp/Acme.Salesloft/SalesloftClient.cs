using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Acme.Salesloft
{
    public sealed class SalesloftClient
    {
        private readonly HttpClient _http;

        public SalesloftClient(string token)
        {
            _http = new HttpClient { BaseAddress = new Uri("https://api.salesloft.com/v2/") };
            var key = Environment.GetEnvironmentVariable("SALESLOFT_API_KEY") ?? token;
            _http.DefaultRequestHeaders.Add("Authorization", $"Bearer {key}");
        }

        public Task<HttpResponseMessage> Me() => _http.GetAsync("me");

        public async Task CreateAccount(object account)
        {
            var res = await _http.PostAsJsonAsync("accounts", account);
            res.EnsureSuccessStatusCode();
        }

        public Task<HttpResponseMessage> DeletePerson(long id)
        {
            return _http.DeleteAsync($"people/{id}");
        }

        public async Task RenameAccount(long id, string name)
        {
            var req = new HttpRequestMessage(HttpMethod.Put, $"accounts/{id}")
            {
                Content = JsonContent.Create(new { name }),
            };
            await _http.SendAsync(req);
        }

        public string Describe(long id) => $@"Account {id} lives at https://app.salesloft.com/app/accounts/{id}";
    }
}
