package com.acme.crm;

public final class Sdk {
    public final Resource<Object> accounts;
    public final Resource<Object> notes;

    public Sdk(String token) {
        SlHttp http = new SlHttp(token);
        accounts = new Resource<>(http, "/accounts");
        notes = new Resource<>(http, "/notes");
    }
}
