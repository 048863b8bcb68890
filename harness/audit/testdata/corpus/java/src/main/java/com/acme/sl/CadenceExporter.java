package com.acme.sl;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestTemplate;

public class CadenceExporter {
    private static final String BASE = "https://api.salesloft.com/v2";
    private final HttpClient http = HttpClient.newHttpClient();
    private final RestTemplate restTemplate = new RestTemplate();

    public String export(long cadenceId) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(BASE + "/cadence_exports/" + cadenceId))
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
    }

    public Map importCadence(Map<String, Object> body) {
        return restTemplate.postForObject(BASE + "/cadence_imports", body, Map.class);
    }

    public void rename(long personId, HttpEntity<String> entity) {
        restTemplate.exchange(BASE + "/people/{id}", HttpMethod.PUT, entity, String.class, personId);
    }

    public String describe() {
        return String.format("exporter for %s (see %s/docs)", BASE, "https://developers.salesloft.com");
    }
}
