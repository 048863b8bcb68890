package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestRailsRequestForms covers the request forms a Rails app accepts (doc.go, "Request
// forms"): each answered like its canonical form, never with an HTML page.
func TestRailsRequestForms(t *testing.T) {
	h := newHarness(t, Options{})
	canonical := dataOf(t, h.api("GET", "/v2/people/1", nil))
	for _, path := range []string{"/v2/people/1/", "/v2/people/1.json", "/v2/people/1.json/", "/v2/people/1//"} {
		r := h.api("GET", path, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		if got := dataOf(t, r); got["id"] != canonical["id"] {
			t.Errorf("GET %s: id %v, want %v", path, got["id"], canonical["id"])
		}
	}
	if r := h.api("GET", "/v2/people/", nil); r.status != http.StatusOK || len(listOf(t, r)) == 0 {
		t.Errorf("GET /v2/people/: %d %s", r.status, r.body)
	}
	// A trailing slash on the accounts host too.
	if r := h.do("POST", "/oauth/token/", map[string]any{"grant_type": "client_credentials",
		"client_id": DefaultClientID, "client_secret": DefaultClientSecret}); r.status != http.StatusOK {
		t.Errorf("POST /oauth/token/: %d %s", r.status, r.body)
	}
}

func TestHeadAnswersLikeGetWithoutBody(t *testing.T) {
	h := newHarness(t, Options{})
	get := h.api("GET", "/v2/accounts", nil)
	head := h.api("HEAD", "/v2/accounts/", nil)
	if head.status != http.StatusOK || len(head.body) != 0 {
		t.Fatalf("HEAD: %d with %d body bytes", head.status, len(head.body))
	}
	if head.header.Get("Content-Length") != strconv.Itoa(len(get.body)) || head.header.Get(headerCost) != "1" {
		t.Errorf("HEAD headers %v; want GET's Content-Length %d and cost 1", head.header, len(get.body))
	}
	if r := h.api("HEAD", "/v2/people/99999", nil); r.status != http.StatusNotFound {
		t.Errorf("HEAD of a missing record: %d", r.status)
	}
}

func TestPatchUpdatesLikePut(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.api("PATCH", "/v2/people/1.json", map[string]any{"title": "Patched"})
	if r.status != http.StatusOK || dataOf(t, r)["title"] != "Patched" {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	if got := dataOf(t, h.api("GET", "/v2/people/1", nil))["title"]; got != "Patched" {
		t.Errorf("after PATCH title = %v", got)
	}
	// PATCH of an operation that has no update is still an unknown route.
	wantError(t, h.api("PATCH", "/v2/cadences/1", map[string]any{"name": "x"}), http.StatusNotFound, msgNotFound)
}

func TestArrayParameterForms(t *testing.T) {
	h := newHarness(t, Options{})
	want := []int{2, 3}
	for _, q := range []string{
		"ids=2,3", "ids[]=2&ids[]=3", "ids[0]=2&ids[1]=3", "ids[1]=3&ids[0]=2", "ids=2&ids=3", "ids%5B0%5D=2&ids%5B1%5D=3",
	} {
		got := ids(t, h.api("GET", "/v2/people?"+q, nil))
		slices.Sort(got)
		if !slices.Equal(got, []int{2, 3}) {
			t.Errorf("%s: ids %v, want %v", q, got, want)
		}
	}
	// A malformed index is not an array element: the filter is absent, not empty.
	if got := ids(t, h.api("GET", "/v2/people?ids[x]=2&per_page=100", nil)); len(got) < 3 {
		t.Errorf("ids[x]: %d records", len(got))
	}
}

func TestSortVocabulary(t *testing.T) {
	h := newHarness(t, Options{})
	for _, tc := range []struct{ path, key string }{
		{"/v2/people", "call_count"}, {"/v2/people", "job_seniority"}, {"/v2/people", "sent_emails"},
		{"/v2/people", "account"}, {"/v2/people", "cadence_stage_name"}, {"/v2/accounts", "counts_people"},
		{"/v2/accounts", "account_tier_name"}, {"/v2/users", "role"}, {"/v2/users", "group"},
	} {
		r := h.api("GET", tc.path+"?sort_by="+tc.key, nil)
		if r.status != http.StatusOK {
			t.Errorf("%s sort_by=%s: %d %s", tc.path, tc.key, r.status, r.body)
			continue
		}
		if !strings.Contains(meta(t, r), `"sort_by":"`+tc.key+`"`) {
			t.Errorf("%s sort_by=%s: metadata %s", tc.path, tc.key, meta(t, r))
		}
	}
	wantFieldError(t, h.api("GET", "/v2/people?sort_by=shoe_size", nil), "sort_by", "must be one of: account, cadence_stage_name, call_count, clicked_emails, created_at, job_seniority, last_contacted_at, name, replied_emails, sent_emails, title, updated_at, viewed_emails")
}

func TestUpdatedAtEqualityFilter(t *testing.T) {
	h := newHarness(t, Options{})
	p := dataOf(t, h.api("GET", "/v2/people/2", nil))
	stampText := p["updated_at"].(string)
	got := ids(t, h.api("GET", "/v2/people?per_page=100&updated_at="+url.QueryEscape(stampText), nil))
	all := ids(t, h.api("GET", "/v2/people?per_page=100", nil))
	if !slices.Contains(got, 2) || len(got) >= len(all) {
		t.Fatalf("updated_at=%s: %v of %d records; want only those updated then", stampText, got, len(all))
	}
	for _, id := range got {
		if u := dataOf(t, h.api("GET", "/v2/people/"+strconv.Itoa(id), nil))["updated_at"]; u != stampText {
			t.Errorf("person %d updated_at %v matched %s", id, u, stampText)
		}
	}
	wantFieldError(t, h.api("GET", "/v2/people?updated_at=yesterday", nil), "updated_at", "is invalid")
}

// TestCostHeadersMatchTheBudget: an answer claims the cost the budget was charged, so
// answers that are not charged (unknown route, no or bad credentials) claim 0.
func TestCostHeadersMatchTheBudget(t *testing.T) {
	h := newHarness(t, Options{})
	remaining := func(r resp) int {
		n, err := strconv.Atoi(r.header.Get(headerRemaining))
		if err != nil {
			t.Fatalf("remaining %q", r.header.Get(headerRemaining))
		}
		return n
	}
	start := remaining(h.api("GET", "/v2/me", nil))
	for _, tc := range []struct {
		name string
		r    resp
	}{
		{"unknown route", h.api("GET", "/v2/nothing", nil)},
		{"unknown method", h.api("POST", "/v2/cadences/1", nil)},
		{"no token", h.do("GET", "/v2/me", nil)},
		{"bad token", h.bearer("not-a-token", "GET", "/v2/people", nil)},
	} {
		if tc.r.header.Get(headerCost) != "0" {
			t.Errorf("%s: %d claims cost %q, but the budget is not charged", tc.name, tc.r.status, tc.r.header.Get(headerCost))
		}
		if got := remaining(tc.r); got != start {
			t.Errorf("%s: remaining %d, want %d", tc.name, got, start)
		}
	}
	r := h.api("GET", "/v2/me", nil)
	if r.header.Get(headerCost) != "1" || remaining(r) != start-1 {
		t.Errorf("a charged answer: cost %s remaining %d, want 1 and %d", r.header.Get(headerCost), remaining(r), start-1)
	}
}

func TestWebhooksOnlyToLoopback(t *testing.T) {
	for _, tc := range []struct {
		name        string
		allowRemote bool
		host        string
		refused     bool
	}{
		{"remote host refused", false, "hooks.example.com", true},
		{"private address refused", false, "10.1.2.3", true},
		{"loopback allowed", false, "127.0.0.1", false},
		{"localhost allowed", false, "localhost", false},
		{"remote allowed by option", true, "hooks.example.com", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Options{AllowRemoteWebhooks: tc.allowRemote})
			if err != nil {
				t.Fatal(err)
			}
			status, msg := s.send(&delivery{url: "http://" + tc.host + ":1/hook", body: []byte("{}")})
			refused := strings.Contains(msg, "posts only to loopback")
			if refused != tc.refused || (tc.refused && status != 0) {
				t.Errorf("send to %s: status %d %q; refused = %v, want %v", tc.host, status, msg, refused, tc.refused)
			}
		})
	}
	// The default dialer checks the resolved address too.
	err := webhookClient(false).Transport.(*http.Transport).DialContext
	if _, derr := err(t.Context(), "tcp", "192.0.2.1:80"); derr == nil || !strings.Contains(derr.Error(), "posts only to loopback") {
		t.Errorf("dial to 192.0.2.1: %v", derr)
	}
}

func TestControlToken(t *testing.T) {
	h := newHarness(t, Options{ControlToken: "ctl-secret"})
	for _, hdr := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic ctl-secret"}} {
		r := h.do("GET", "/_sim/clock", nil, hdr...)
		if r.status != http.StatusUnauthorized || r.header.Get("Www-Authenticate") == "" {
			t.Errorf("GET /_sim/clock with %v: %d", hdr, r.status)
		}
	}
	if r := h.do("GET", "/_sim/clock", nil, "Authorization", "Bearer ctl-secret"); r.status != http.StatusOK {
		t.Errorf("with the token: %d %s", r.status, r.body)
	}
	// The API itself is unaffected.
	if r := h.api("GET", "/v2/me", nil); r.status != http.StatusOK {
		t.Errorf("GET /v2/me: %d", r.status)
	}
	if _, err := New(Options{ControlToken: "has space"}); err == nil {
		t.Error("a control token with white space was accepted")
	}
}

// TestUsersUnpagedCarryNoPaging: without page, /v2/users answers every user and no
// metadata.paging, as real answers do; with page it pages like every list.
func TestUsersUnpagedCarryNoPaging(t *testing.T) {
	h := newHarness(t, Options{})
	if m := meta(t, h.api("GET", "/v2/users", nil)); strings.Contains(m, `"paging"`) {
		t.Errorf("unpaged users metadata %s", m)
	}
	if m := meta(t, h.api("GET", "/v2/users?page=1", nil)); !strings.Contains(m, `"paging":{`) {
		t.Errorf("paged users metadata %s", m)
	}
}
