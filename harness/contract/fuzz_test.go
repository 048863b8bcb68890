package contract

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary documents to Parse, which reads user-supplied files: it must return
// a contract or a *ParseError, never panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(userDoc))
	f.Add([]byte("openapi: 3.0.3\ninfo: [\n"))
	f.Add([]byte(`{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{"/v2/me.json":{"get":{"responses":{"200":{"description":"ok"}}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data, "fuzz.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "contract: fuzz.yaml") {
				t.Errorf("error %q does not name the source", err)
			}
			return
		}
		for _, op := range c.Operations() {
			if _, ok := c.Operation(op.Key); !ok {
				t.Errorf("Operation(%q) does not find a listed operation", op.Key)
			}
		}
	})
}

// FuzzValidate feeds arbitrary paths, queries and bodies to Validate: it must never panic, and
// an exchange always gets an operation or an unknown-operation violation.
func FuzzValidate(f *testing.F) {
	f.Add("GET", "/v2/people/7.json?per_page=500", 200, `{"data":{"id":1}}`, "")
	f.Add("POST", "/v2/accounts", 422, `{"errors":[]}`, `{"name":1}`)
	f.Add("POST", "/oauth/token", 200, `{}`, "grant_type=refresh_token&refresh_token=%zz")
	f.Add("PUT", "/x/v2//webhook_subscriptions/{id}.json#frag", 0, ``, `[`)
	c, err := Load()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path string, status int, respBody, reqBody string) {
		u, err := url.Parse(path)
		if err != nil {
			return
		}
		ct := "application/json"
		if strings.Contains(reqBody, "=") {
			ct = "application/x-www-form-urlencoded"
		}
		x := Exchange{Method: method, URL: u, RequestHeader: http.Header{"Content-Type": {ct}}, RequestBody: []byte(reqBody),
			Status: status % 600, ResponseHeader: http.Header{"Content-Type": {"application/json"}}, ResponseBody: []byte(respBody)}
		vs := c.Validate(context.Background(), x)
		if _, _, ok := c.Match(method, x.URL.Path); !ok && (len(vs) != 1 || vs[0].Rule != RuleUnknownOperation) {
			t.Errorf("unmatched %s %s gave %v", method, x.URL.Path, vs)
		}
	})
}
