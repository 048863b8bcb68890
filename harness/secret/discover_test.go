package secret

import (
	"net/http"
	"strings"
	"testing"
)

// TestDiscovererLearnsByName: values under secret-looking names in a
// query, a form, JSON and a header are scrubbed; token_type is not.
func TestDiscovererLearnsByName(t *testing.T) {
	var d Discoverer
	d.Exchange(Exchange{
		Path:           "/v2/things",
		RawQuery:       "session_token=query-canary-1&page=2",
		RequestHeader:  http.Header{"X-Api-Key": {"header-canary-2"}, "Content-Type": {"application/x-www-form-urlencoded"}},
		RequestBody:    []byte("signingSecret=form-canary-3&name=Bearer"),
		ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		ResponseBody:   []byte(`{"data":{"webhookToken":"json-canary-4","token_type":"Bearer-ish","privateKey":"json-canary-5"}}`),
	})
	sec := New()
	d.Commit(sec)
	in := "query-canary-1 header-canary-2 form-canary-3 json-canary-4 json-canary-5 Bearer-ish"
	got := sec.Scrub(in)
	for _, c := range []string{"query-canary-1", "header-canary-2", "form-canary-3", "json-canary-4", "json-canary-5"} {
		if strings.Contains(got, c) {
			t.Errorf("%s not scrubbed: %q", c, got)
		}
	}
	if !strings.Contains(got, "Bearer-ish") {
		t.Errorf("token_type's value was scrubbed: %q", got)
	}
	if !strings.Contains(got, "redacted-secret-1") {
		t.Errorf("want numbered redacted-secret placeholders: %q", got)
	}
}

// TestDiscovererLearn: secrets found in traffic are scrubbed at once, and
// a value derived from another secret is not learnt on its own.
func TestDiscovererLearn(t *testing.T) {
	set := New()
	var d Discoverer
	d.Exchange(Exchange{Path: "/oauth/token", RequestBody: []byte("grant_type=authorization_code&code=canary-code-123456"),
		RequestHeader: map[string][]string{"Content-Type": {"application/x-www-form-urlencoded"}}})
	d.Learn(set)
	if out := set.Scrub("sent canary-code-123456"); strings.Contains(out, "canary-code-123456") {
		t.Errorf("learnt code not scrubbed: %q", out)
	}
}
