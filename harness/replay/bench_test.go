package replay

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

// meBodyJSON is a GET /v2/me answer that conforms to the contract.
const meBodyJSON = `{"data":{"id":1,"guid":"0c9d3d7a-6a64-4b8e-9c25-3f0a1d6a7b11","created_at":"2026-01-01T00:00:00.000000-05:00","updated_at":"2026-01-01T00:00:00.000000-05:00","name":"Sim User","first_name":"Sim","last_name":"User","active":true,"time_zone":"US/Eastern","email":"sim.user@example.com","team_admin":true,"team":{"id":1,"_href":"https://api.salesloft.com/v2/team"}}}`

// meHeaders are the headers both benchmark servers send.
var meHeaders = map[string]string{
	"content-type":                 "application/json; charset=utf-8",
	"x-ratelimit-endpoint-cost":    "1",
	"x-ratelimit-remaining-minute": "599",
}

// meSet is a one-interaction set for GET /v2/me.
func meSet(tb testing.TB) *Set {
	tb.Helper()
	set, err := NewSet([]*File{{Version: Version, Metadata: Metadata{Spec: "me/get me"}, Interactions: []Interaction{{
		Request:  Request{Method: "GET", Path: "/v2/me"},
		Response: Response{Status: 200, Header: meHeaders, Body: meBodyJSON},
	}}}})
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

// benchGet runs b.N GET /v2/me requests over loopback HTTP with keep-alive.
func benchGet(b *testing.B, h http.Handler) {
	hs := httptest.NewServer(h)
	defer hs.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	req, err := http.NewRequest("GET", hs.URL+"/v2/me", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer redacted-access-token-1")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		if err := resp.Body.Close(); err != nil {
			b.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get(ViolationsHeader) != "" && resp.Header.Get(ViolationsHeader) != "0" {
			b.Fatalf("status %d, violations %s", resp.StatusCode, resp.Header.Get(ViolationsHeader))
		}
	}
}

// BenchmarkReplayMe replays GET /v2/me (matching and contract validation)
// over real loopback HTTP. Compare with BenchmarkBareHandlerMe.
func BenchmarkReplayMe(b *testing.B) {
	c, err := contract.Load()
	if err != nil {
		b.Fatal(err)
	}
	benchGet(b, NewServer(meSet(b), WithValidator(c), WithExhaustion(ExhaustRepeatLast)))
}

// BenchmarkBareHandlerMe serves the same bytes and headers from a plain
// handler: the floor replay is measured against.
func BenchmarkBareHandlerMe(b *testing.B) {
	body := []byte(meBodyJSON)
	benchGet(b, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		h := w.Header()
		for k, v := range meHeaders {
			h.Set(k, v)
		}
		w.WriteHeader(200)
		if _, err := w.Write(body); err != nil {
			return
		}
	}))
}

// BenchmarkReplayMeHandler measures the replay handler alone, without the
// network: match, cursor, cached validation, write.
func BenchmarkReplayMeHandler(b *testing.B) {
	c, err := contract.Load()
	if err != nil {
		b.Fatal(err)
	}
	srv := NewServer(meSet(b), WithValidator(c), WithExhaustion(ExhaustRepeatLast))
	req := httptest.NewRequest("GET", "/v2/me", nil)
	req.Header.Set("Authorization", "Bearer redacted-access-token-1")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}

// personJSON renders a person record of about 700 bytes.
func personJSON(i int) string {
	return fmt.Sprintf(`{"data":{"id":%d,"created_at":"2026-01-01T00:00:00.000000Z","updated_at":"2026-01-01T00:00:00.000000Z","last_contacted_at":null,"first_name":"Person","last_name":"Number %d","display_name":"Person Number %d","email_address":"person%d@example.com","secondary_email_address":null,"personal_email_address":null,"phone":"+1-555-0100","phone_extension":null,"home_phone":null,"mobile_phone":null,"linkedin_url":null,"title":"Engineer","city":"Atlanta","state":"GA","country":"US","work_city":null,"work_state":null,"work_country":null,"crm_url":null,"crm_id":null,"owner_crm_id":null,"person_company_name":"Example Co","person_company_website":"https://example.com","locale":null,"do_not_contact":false,"bouncing":false,"account":{"id":1,"_href":"https://api.salesloft.com/v2/accounts/1"},"owner":{"id":1,"_href":"https://api.salesloft.com/v2/users/1"},"tags":["a","b"],"custom_fields":{}}}`, i, i, i, i)
}

// BenchmarkLoad10k loads a set of 10,000 interactions (100 files of 100)
// and reports the heap it holds, with a server built on it, in MB.
func BenchmarkLoad10k(b *testing.B) {
	dir := b.TempDir()
	files := make([]*File, 0, 100)
	for f := 0; f < 100; f++ {
		fl := &File{Version: Version, Metadata: Metadata{Spec: "people/spec " + strconv.Itoa(f), Target: TargetSim}}
		for i := 0; i < 100; i++ {
			n := f*100 + i
			in := Interaction{
				Request:  Request{Method: "GET", Path: "/v2/people/" + strconv.Itoa(n), Query: "include_paging_counts=true"},
				Response: Response{Status: 200, Header: meHeaders},
			}
			in.Response.Body, in.Response.Layout = layout(personJSON(n))
			fl.Interactions = append(fl.Interactions, in)
		}
		files = append(files, fl)
	}
	if err := Write(dir, files); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var heap float64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		set, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		srv := NewServer(set)
		runtime.GC()
		runtime.ReadMemStats(&after)
		if set.Len() != 10000 {
			b.Fatalf("loaded %d interactions", set.Len())
		}
		heap = float64(after.HeapInuse-before.HeapInuse) / (1 << 20)
		runtime.KeepAlive(srv)
	}
	b.ReportMetric(heap, "MB-heap")
}
