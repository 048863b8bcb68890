package com.acme.crm;

/** One SalesLoft collection; the SDK builds one per resource with its path. */
public class Resource<T> {
    private final SlHttp http;
    private final String path;

    Resource(SlHttp http, String path) {
        this.http = http;
        this.path = path;
    }

    public String list() throws Exception {
        return http.send("GET", path, null);
    }

    public String fetch(long id) throws Exception {
        return http.send("GET", path + "/" + id, null);
    }

    public String remove(long id) throws Exception {
        return http.send("DELETE", path + "/" + id, null);
    }
}
