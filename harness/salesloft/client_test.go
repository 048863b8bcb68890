package salesloft

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name string
		base string
		opts []Option
		want string // substring of the error; "" means success
	}{
		{name: "host", base: "https://api.salesloft.com"},
		{name: "host with slash", base: "https://api.salesloft.com/"},
		{name: "proxy prefix", base: "http://127.0.0.1:8080/proxy"},
		{name: "relative", base: "/v2", want: "not an absolute http(s) URL"},
		{name: "no scheme", base: "api.salesloft.com", want: "not an absolute http(s) URL"},
		{name: "ftp", base: "ftp://api.salesloft.com", want: "not an absolute http(s) URL"},
		{name: "garbage", base: "http://[::1", want: "not an absolute http(s) URL"},
		{name: "includes /v2", base: "https://api.salesloft.com/v2/", want: "ends in /v2"},
		{name: "query", base: "https://api.salesloft.com?x=1", want: "must not carry a query"},
		{name: "user info is not echoed", base: "https://u:pw-canary@api.salesloft.com", want: "must not carry"},
		{name: "nil http client", base: "https://a.b", opts: []Option{WithHTTPClient(nil)}, want: "WithHTTPClient"},
		{name: "zero attempts", base: "https://a.b", opts: []Option{WithMaxAttempts(0)}, want: "WithMaxAttempts"},
		{name: "negative backoff", base: "https://a.b", opts: []Option{WithBackoff(-1)}, want: "WithBackoff"},
		{name: "empty user agent", base: "https://a.b", opts: []Option{WithUserAgent(" ")}, want: "WithUserAgent"},
		{name: "header injection in user agent", base: "https://a.b", opts: []Option{WithUserAgent("x\r\nEvil: 1")}, want: "WithUserAgent"},
		{name: "nil sleep", base: "https://a.b", opts: []Option{WithSleep(nil)}, want: "WithSleep"},
		{name: "nil option", base: "https://a.b", opts: []Option{nil}, want: "nil Option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.base, tt.opts...)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "pw-canary") {
				t.Errorf("error leaks the password: %v", err)
			}
		})
	}
}

func TestDoSendsAndDecodes(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		reply(t, w, http.StatusOK, `{"data":{"id":7,"name":"x"}}`)
	})
	c := s.client(&sleeps{}, WithTokenSource(staticTokens("tok-1")), WithUserAgent("loftgate-test"))
	var out struct {
		Data struct {
			ID int `json:"id"`
		} `json:"data"`
	}
	resp, err := c.Do(context.Background(), http.MethodPut, "/v2/people/7", url.Values{"a": {"b c"}}, map[string]string{"title": "CTO"}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if out.Data.ID != 7 || resp.Status != 200 || resp.Cost != 1 || resp.Remaining != 599 || resp.Attempts != 1 || resp.Refreshed || resp.Paging != nil {
		t.Errorf("out = %+v, resp = %+v", out, resp)
	}
	r := s.requests()[0]
	checks := map[string][2]string{
		"method":        {r.Method, http.MethodPut},
		"path":          {r.Path, prefix + "/v2/people/7"},
		"query":         {url.Values(r.Query).Encode(), "a=b+c"},
		"authorization": {r.Header.Get("Authorization"), "Bearer tok-1"},
		"user agent":    {r.Header.Get("User-Agent"), "loftgate-test"},
		"accept":        {r.Header.Get("Accept"), "application/json"},
		"content type":  {r.Header.Get("Content-Type"), "application/json"},
		"body":          {r.Body, `{"title":"CTO"}`},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestDoWithoutTokenSourceSendsNoAuthorization(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	resp, err := s.client(&sleeps{}).Do(context.Background(), http.MethodDelete, "/v2/people/1", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.requests()[0].Header.Get("Authorization"); got != "" {
		t.Errorf("Authorization = %q, want none", got)
	}
	if resp.Cost != -1 || resp.Remaining != -1 {
		t.Errorf("absent rate headers: Cost, Remaining = %d, %d, want -1, -1", resp.Cost, resp.Remaining)
	}
}

func TestDoRejectsBadInput(t *testing.T) {
	c, err := New("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"v2/me", "/v2/me?x=1", ""} {
		if _, err := c.Do(context.Background(), http.MethodGet, path, nil, nil, nil); err == nil {
			t.Errorf("path %q accepted", path)
		}
	}
	if _, err := c.Do(context.Background(), http.MethodPost, "/v2/people", nil, make(chan int), nil); err == nil || !strings.Contains(err.Error(), "encoding request body") {
		t.Errorf("unencodable body: %v", err)
	}
}

func TestDoTokenErrorIsWrapped(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, `{}`) })
	boom := errors.New("token store unreadable")
	c := s.client(&sleeps{}, WithTokenSource(tokenFunc(func() error { return boom })))
	_, err := c.Do(context.Background(), http.MethodGet, "/v2/me", nil, nil, nil)
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "salesloft: GET /v2/me: getting a token") {
		t.Fatalf("err = %v", err)
	}
	if len(s.requests()) != 0 {
		t.Error("a request was sent without a token")
	}
}

func TestDoDecodeError(t *testing.T) {
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { reply(t, w, 200, `{"data": [`) })
	_, err := s.client(&sleeps{}).Do(context.Background(), http.MethodGet, "/v2/me", nil, nil, &struct{}{})
	if err == nil || !strings.Contains(err.Error(), "salesloft: GET /v2/me: decoding response") {
		t.Fatalf("err = %v", err)
	}
}
