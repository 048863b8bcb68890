package com.acme.sl;

import static com.github.tomakehurst.wiremock.client.WireMock.*;

class CadenceExporterTest {
    void stubs() {
        stubFor(get(urlEqualTo("/v2/cadence_exports/7")).willReturn(okJson("{}")));
    }
}
