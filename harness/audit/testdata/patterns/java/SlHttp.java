package com.acme.crm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.logging.Logger;

/** Thin java.net.http client for SalesLoft: every call goes through send(method, path, body). */
public class SlHttp {
    private static final Logger LOG = Logger.getLogger("salesloft");
    static final String BASE = System.getenv().getOrDefault("SALESLOFT_BASE", "https://api.salesloft.com/v2");
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token;

    public SlHttp(String token) {
        this.token = token;
    }

    String send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Bearer " + token)
                .method(method, pub)
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String person(long id) throws Exception {
        return send("GET", String.format("/people/%d", id), null);
    }

    public String enroll(String body) throws Exception {
        LOG.info("POST /v2/cadence_memberships for " + BASE);
        return send("POST", "/cadence_memberships", body);
    }

    public void everyAccount() throws Exception {
        int page = 1;
        String body;
        do {
            body = send("GET", "/accounts?per_page=100&page=" + page, null);
            page++;
        } while (!body.contains("\"next_page\":null"));
    }
}
