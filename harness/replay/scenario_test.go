package replay

import (
	"encoding/json"
	"github.com/loftgate/loftgate/harness/secret"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// creds are what a scenario authenticates with: canaries when recording,
// placeholders when replaying.
type creds struct {
	clientSecret, apiKey, callbackToken, configRefresh string
}

var (
	recordCreds = creds{canaryClientSecret, canaryAPIKey, canaryCallbackToken, canaryConfigRefresh}
	replayCreds = creds{secret.ClientSecretPlaceholder, secret.APIKeyPlaceholder, secret.CallbackTokenPlaceholder, secret.RefreshTokenPlaceholder}
)

// specName is the current spec, read by the recorder and by specTransport.
type specName struct {
	mu   sync.Mutex
	name string
}

func (s *specName) set(n string) { s.mu.Lock(); s.name = n; s.mu.Unlock() }
func (s *specName) get() string  { s.mu.Lock(); defer s.mu.Unlock(); return s.name }

// specTransport sets X-Loftgate-Spec, as the replay target does.
type specTransport struct {
	spec *specName
	base http.RoundTripper
}

func (t specTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set(SpecHeader, t.spec.get())
	return t.base.RoundTrip(r)
}

// step is one exchange of a scenario as the client saw it.
type step struct {
	spec, line string
	status     int
	header     http.Header
	body       []byte
}

// scenario drives one session through every place a secret can travel.
type scenario struct {
	t      *testing.T
	client *http.Client
	base   string
	spec   *specName
	steps  []step
}

func newClient(rt http.RoundTripper) *http.Client {
	return &http.Client{Transport: rt, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *scenario) do(method, path string, header map[string]string, body string) step {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	st := step{spec: s.spec.get(), line: method + " " + path, status: resp.StatusCode, header: resp.Header, body: b}
	s.steps = append(s.steps, st)
	return st
}

func field(t *testing.T, b []byte, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	v, _ := m[name].(string)
	return v
}

const jsonCT = "application/json"
const formCT = "application/x-www-form-urlencoded"

// run plays the scenario; hook is the spec-side receiver's base URL.
func (s *scenario) run(c creds, hook string) {
	t := s.t
	s.spec.set("oauth/authorization code exchange")
	redirect := hook + "/callback"
	st := s.do("GET", "/oauth/authorize?client_id="+canaryClientID+"&response_type=code&state=s1&redirect_uri="+url.QueryEscape(redirect), nil, "")
	loc, err := url.Parse(st.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	code := loc.Query().Get("code")
	tok := s.do("POST", "/oauth/token", map[string]string{"Content-Type": jsonCT},
		`{"grant_type":"authorization_code","code":"`+code+`","client_id":"`+canaryClientID+`","client_secret":"`+c.clientSecret+`","redirect_uri":"`+redirect+`"}`)
	at1, rt1 := field(t, tok.body, "access_token"), field(t, tok.body, "refresh_token")

	s.spec.set("oauth/refresh rotation")
	form := func(rt string) string {
		return url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {canaryClientID}, "client_secret": {c.clientSecret}}.Encode()
	}
	rt2 := field(t, s.do("POST", "/oauth/token", map[string]string{"Content-Type": formCT}, form(rt1)).body, "refresh_token")
	s.do("POST", "/oauth/token", map[string]string{"Content-Type": formCT}, form(rt2))
	s.do("POST", "/oauth/token", map[string]string{"Content-Type": formCT}, form(rt1)) // reuse: invalid_grant

	s.spec.set("oauth/configured refresh token")
	s.do("POST", "/oauth/token", map[string]string{"Content-Type": formCT}, form(c.configRefresh))

	s.spec.set("oauth/client credentials with basic")
	s.do("POST", "/oauth/token", map[string]string{"Content-Type": formCT, "Authorization": basic(canaryClientID, c.clientSecret)}, "grant_type=client_credentials")

	s.spec.set("oauth/client credentials in query")
	s.do("POST", "/oauth/token?grant_type=client_credentials&client_id="+canaryClientID+"&client_secret="+url.QueryEscape(c.clientSecret), nil, "")

	s.spec.set("oauth/wrong secret")
	s.do("POST", "/oauth/token", map[string]string{"Content-Type": jsonCT},
		`{"grant_type":"client_credentials","client_id":"`+canaryClientID+`","client_secret":"`+c.clientSecret+`-wrong"}`)

	s.spec.set("me/get me")
	s.do("GET", "/v2/me", map[string]string{"Authorization": "Bearer " + at1, "User-Agent": "loftgate-test/" + c.apiKey[:3]}, "")
	s.do("GET", "/v2/me.json", map[string]string{"Authorization": "Bearer " + c.apiKey}, "")
	s.do("GET", "/v2/me?access_token="+at1+"&api_key="+c.apiKey, nil, "")

	s.spec.set("people/show person")
	s.do("GET", "/v2/people/1", map[string]string{"Authorization": "Bearer " + at1}, "")

	s.spec.set("webhooks/signed delivery")
	s.do("POST", "/v2/webhook_subscriptions", map[string]string{"Content-Type": jsonCT, "Authorization": "Bearer " + at1},
		`{"callback_url":"`+hook+`/hook","callback_token":"`+c.callbackToken+`","event_type":"person_updated"}`)
	s.do("GET", "/_sim/deliveries", nil, "")
}
