package replay

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// Canary secrets: each must be absent from every file a recording writes.
const (
	canaryClientID      = "canary-client-id"
	canaryClientSecret  = "canary-client-secret-7f3a9c1e"
	canaryAPIKey        = "ak_c4a7e1b0d9f2c3a4b5c6d7e8f9a0b1c2"
	canaryCallbackToken = "canary-callback-token-51d2aa"
	canaryConfigRefresh = "canary-config-refresh-9e8d77"
	canaryPersonEmail   = "bob.real@acme-corp.com"
	canaryPersonPhone   = "+1 415 867 5309"
	canaryMobile        = "(212) 736-5000"
)

// upstream is a small stateful stand-in for SalesLoft used to record from:
// rotating refresh tokens, codes, Basic and body client authentication,
// webhook subscriptions and signed deliveries. Tokens are numbered, so a
// recording of it is deterministic.
type upstream struct {
	mu      sync.Mutex
	n       int
	refresh map[string]bool // valid refresh tokens
	codes   map[string]string
	subs    []map[string]any
	hits    int
}

// fixedDate is the Date of every upstream answer.
const fixedDate = "Thu, 01 Jan 2026 00:00:00 GMT"

func newUpstream() *upstream {
	return &upstream{refresh: map[string]bool{canaryConfigRefresh: true}, codes: map[string]string{}}
}

// next returns the next serial number.
func (u *upstream) next() int { u.n++; return u.n }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Date", fixedDate)
	w.Header().Set("Set-Cookie", "session="+canaryAPIKey)
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	if _, err := w.Write(b); err != nil {
		return
	}
}

func rate(w http.ResponseWriter, cost string) {
	w.Header().Set("X-Ratelimit-Endpoint-Cost", cost)
	w.Header().Set("X-Ratelimit-Remaining-Minute", "599")
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.hits++
	// Every answer carries the fixed date, redirects and 404s included:
	// left to net/http, Date is the real clock, and two recordings that
	// straddle a second differ (TestRecordingTwiceIsByteIdentical).
	w.Header().Set("Date", fixedDate)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	path := strings.TrimSuffix(r.URL.Path, ".json")
	switch {
	case path == "/oauth/authorize":
		q := r.URL.Query()
		code := fmt.Sprintf("canary-code-%04d", u.next())
		u.codes[code] = q.Get("redirect_uri")
		w.Header().Set("Location", q.Get("redirect_uri")+"?code="+code+"&state="+q.Get("state"))
		w.WriteHeader(http.StatusFound)
	case path == "/oauth/token":
		u.token(w, r, body)
	case path == "/v2/me":
		if !u.authorized(r) {
			rate(w, "1")
			writeJSON(w, 401, map[string]string{"error": "No Bearer Token attached to request, please see documentation at developers.salesloft.com"})
			return
		}
		rate(w, "1")
		writeJSON(w, 200, meBody())
	case path == "/v2/people/1":
		rate(w, "1")
		writeJSON(w, 200, map[string]any{"data": map[string]any{
			"id": 1, "first_name": "Bob", "email_address": canaryPersonEmail, "secondary_email_address": "seeded01@example.com",
			"phone": canaryPersonPhone, "mobile_phone": canaryMobile, "home_phone": "+1-555-0101",
		}})
	case path == "/v2/webhook_subscriptions" && r.Method == http.MethodPost:
		var in map[string]any
		if err := json.Unmarshal(body, &in); err != nil {
			writeJSON(w, 422, map[string]any{"errors": map[string]any{"body": []string{"is invalid"}}})
			return
		}
		in["id"] = len(u.subs) + 1
		in["enabled"] = true
		u.subs = append(u.subs, in)
		rate(w, "1")
		writeJSON(w, 201, map[string]any{"data": in})
	case path == "/_sim/deliveries":
		writeJSON(w, 200, map[string]any{"data": u.deliveries()})
	default:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		if _, err := io.WriteString(w, "<html><body>not found</body></html>"); err != nil {
			return
		}
	}
}

func meBody() map[string]any {
	return map[string]any{"data": map[string]any{
		"id": 1, "guid": "u-1", "name": "Sim User", "email": "sim.user@example.com",
		"team": map[string]any{"id": 1, "_href": "https://api.salesloft.com/v2/team"},
	}}
}

// authorized accepts any bearer token the upstream issued or the API key.
func (u *upstream) authorized(r *http.Request) bool {
	a := r.Header.Get("Authorization")
	return a == "Bearer "+canaryAPIKey || strings.HasPrefix(a, "Bearer canary-access-token-")
}

// token implements the token endpoint with JSON, form and query
// parameters, Basic or body client authentication and rotation.
func (u *upstream) token(w http.ResponseWriter, r *http.Request, body []byte) {
	p := map[string]string{}
	for k, v := range r.URL.Query() {
		p[k] = v[0]
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err == nil {
			for k, v := range m {
				p[k] = fmt.Sprint(v)
			}
		}
	} else if v, err := url.ParseQuery(string(body)); err == nil {
		for k := range v {
			p[k] = v.Get(k)
		}
	}
	if id, secret, ok := r.BasicAuth(); ok {
		p["client_id"], p["client_secret"] = id, secret
	}
	if p["client_id"] != canaryClientID || p["client_secret"] != canaryClientSecret {
		writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method."})
		return
	}
	invalid := map[string]string{"error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."}
	switch p["grant_type"] {
	case "authorization_code":
		if _, ok := u.codes[p["code"]]; !ok {
			writeJSON(w, 400, invalid)
			return
		}
		delete(u.codes, p["code"])
	case "refresh_token":
		if !u.refresh[p["refresh_token"]] {
			writeJSON(w, 400, invalid)
			return
		}
		delete(u.refresh, p["refresh_token"])
	case "client_credentials":
		n := u.next()
		writeJSON(w, 200, map[string]any{"access_token": fmt.Sprintf("canary-access-token-%04d", n), "token_type": "Bearer", "expires_in": 7200, "scope": "", "created_at": 1767225600})
		return
	default:
		writeJSON(w, 400, map[string]string{"error": "unsupported_grant_type", "error_description": "x"})
		return
	}
	n := u.next()
	rt := fmt.Sprintf("canary-refresh-token-%04d", n)
	u.refresh[rt] = true
	writeJSON(w, 200, map[string]any{"access_token": fmt.Sprintf("canary-access-token-%04d", n), "token_type": "Bearer", "expires_in": 7200, "refresh_token": rt, "scope": "people:read", "created_at": 1767225600})
}

// deliveries renders signed deliveries for every subscription: one signed
// as documented (HMAC-SHA1) and one with the sha256 fault.
func (u *upstream) deliveries() []map[string]any {
	var out []map[string]any
	for _, s := range u.subs {
		token, _ := s["callback_token"].(string)
		body := fmt.Sprintf(`{"id":7,"email_address":%q,"phone":%q,"updated_at":"2026-01-01T00:00:00Z"}`, canaryPersonEmail, canaryPersonPhone)
		m1 := hmac.New(sha1.New, []byte(token))
		m1.Write([]byte(body))
		m2 := hmac.New(sha256.New, []byte(token))
		m2.Write([]byte(body))
		for i, sig := range []string{hex.EncodeToString(m1.Sum(nil)), hex.EncodeToString(m2.Sum(nil))} {
			out = append(out, map[string]any{
				"id": len(out) + 1, "subscription_id": s["id"], "event_type": "person_updated", "callback_url": s["callback_url"],
				"headers": map[string]string{"x-salesloft-event": "person_updated", "x-salesloft-signature": sig},
				"body":    body, "state": "delivered", "variant": i,
			})
		}
	}
	return out
}

// basic renders HTTP Basic credentials.
func basic(id, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
}
