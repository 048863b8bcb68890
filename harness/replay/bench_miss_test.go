package replay

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// scaledSet loads the committed fixtures and repeats them n times, each copy
// under its own spec names and with its own query values, so that every
// copy's keys are distinct (as a bigger recording's would be).
func scaledSet(b *testing.B, n int) *Set {
	b.Helper()
	base, err := Load("../../fixtures")
	if err != nil {
		b.Skipf("no committed fixtures: %v", err)
	}
	var files []*File
	for k := range n {
		for _, f := range base.Files() {
			c := *f
			c.Metadata.Spec = fmt.Sprintf("%s #%d", f.Metadata.Spec, k)
			c.Interactions = append([]Interaction(nil), f.Interactions...)
			if k > 0 {
				for i := range c.Interactions {
					q := &c.Interactions[i].Request.Query
					if *q != "" {
						*q += "&"
					}
					*q += fmt.Sprintf("copy=%d", k)
				}
			}
			files = append(files, &c)
		}
	}
	set, err := NewSet(files)
	if err != nil {
		b.Fatal(err)
	}
	return set
}

// BenchmarkMiss measures one miss (matching, nearest-candidate search and
// the answer) in the default mode of `loftgate serve`, over the committed
// fixtures repeated 1, 10 and 100 times: the cost must not grow with the
// set. Three kinds of miss: a query no recording has on a recorded path,
// a JSON token request with an unrecorded grant, and a path nothing shares.
func BenchmarkMiss(b *testing.B) {
	misses := []struct{ name, method, target, body string }{
		{"query", "GET", "/v2/people?page=999&per_page=25", ""},
		{"json-body", "POST", "/oauth/token", `{"grant_type":"password","client_id":"x","client_secret":"live-secret","username":"u","password":"live-pw"}`},
		{"unknown-path", "GET", "/v2/peple/12", ""},
	}
	for _, scale := range []int{1, 10, 100} {
		set := scaledSet(b, scale)
		srv := NewServer(set)
		for _, m := range misses {
			b.Run(fmt.Sprintf("%s/x%d-%dinteractions", m.name, scale, set.Len()), func(b *testing.B) {
				b.ReportAllocs()
				for range b.N {
					r := httptest.NewRequest(m.method, m.target, strings.NewReader(m.body))
					if m.body != "" {
						r.Header.Set("Content-Type", "application/json")
					}
					w := httptest.NewRecorder()
					srv.ServeHTTP(w, r)
					if w.Code != MissStatus {
						b.Fatalf("got %d, want a miss", w.Code)
					}
				}
			})
		}
	}
}

// BenchmarkDeepMiss measures a miss on a 20 KB request nested 9,990 deep
// against the committed fixtures.
func BenchmarkDeepMiss(b *testing.B) {
	srv := NewServer(scaledSet(b, 1))
	body := deepBody()
	b.ReportAllocs()
	for range b.N {
		r := httptest.NewRequest("POST", "/v2/people", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != MissStatus {
			b.Fatalf("got %d, want a miss", w.Code)
		}
	}
}
