package com.acme.crm;

import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

@RestController
public class SpringSync {
    private final OkHttpClient ok = new OkHttpClient();
    private WebClient web;

    private RestTemplate rest() {
        return new RestTemplateBuilder().rootUri(Endpoints.API).build();
    }

    private WebClient web() {
        if (web == null) {
            web = WebClient.builder().baseUrl(Endpoints.API).build();
        }
        return web;
    }

    public Map user(long id) {
        return rest().getForObject("/users/{id}", Map.class, id);
    }

    public void unenroll(long membershipId) {
        rest().exchange("/cadence_memberships/" + membershipId, HttpMethod.DELETE, null, Void.class);
    }

    public String cadences() {
        return web().get().uri("/cadences").retrieve().bodyToMono(String.class).block();
    }

    public String token(String refresh) {
        return rest().postForObject(AUTH.host + AUTH.path, Map.of("refresh_token", refresh), String.class);
    }

    public Response forward(String method, String path, RequestBody body) throws Exception {
        Request req = new Request.Builder().url(Endpoints.API + path).method(method, body).build();
        return ok.newCall(req).execute();
    }

    @GetMapping("/api/v2/people")
    public String ownRoute() {
        return "[]";
    }

    public String deals() {
        return rest().getForObject("https://api.pipedrive.com/v2/deals", String.class);
    }

    static final OAuthHost AUTH = new OAuthHost("https://accounts.salesloft.com", "/oauth/token");
}

final class OAuthHost {
    final String host;
    final String path;

    OAuthHost(String host, String path) {
        this.host = host;
        this.path = path;
    }
}

final class Endpoints {
    static final String API = "https://api.salesloft.com/v2";
}
