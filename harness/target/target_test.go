package target

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/sim"
)

// startSim starts a sim target closed at the end of the test.
func startSim(t *testing.T) *Target {
	t.Helper()
	cfg := config.Default()
	cfg.Target = config.TargetSim
	tg, err := Start(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := tg.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return tg
}

// get sends GET path to the API through the target's HTTP stack with the
// simulator's API key and returns the status.
func get(t *testing.T, tg *Target, path string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tg.APIURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+sim.DefaultAPIKey)
	resp, err := tg.HTTP.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

// fresh is a client that shares no connection with the target's.
func fresh() *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
}

func TestStartSimServesAndCloseStops(t *testing.T) {
	cfg := config.Default()
	cfg.Target = config.TargetSim
	tg, err := Start(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tg.Kind != config.TargetSim || !strings.HasPrefix(tg.APIURL, "http://127.0.0.1:") || !strings.HasPrefix(tg.AccountsURL, "http://127.0.0.1:") {
		t.Fatalf("kind %q, URLs %q %q: want sim on loopback", tg.Kind, tg.AccountsURL, tg.APIURL)
	}
	if got := get(t, tg, "/v2/me"); got != http.StatusOK {
		t.Fatalf("GET /v2/me: %d, want 200", got)
	}
	rcv, err := tg.Receiver()
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{tg.APIURL + "/v2/me", tg.AccountsURL + "/oauth/token", rcv.URL + "/ok"}
	for _, u := range urls {
		resp, err := fresh().Get(u)
		if err != nil {
			t.Fatalf("GET %s before Close: %v", u, err)
		}
		resp.Body.Close()
	}
	if err := tg.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	for _, u := range urls {
		if resp, err := fresh().Get(u); err == nil {
			resp.Body.Close()
			t.Errorf("GET %s after Close answered %d; want the server stopped", u, resp.StatusCode)
		}
	}
}

func TestStartReplayWithoutFixturesIsAConfigError(t *testing.T) {
	empty := t.TempDir()
	missing := filepath.Join(t.TempDir(), "no-such-dir")
	tests := []struct {
		name     string
		dir      string
		asConfig bool
	}{
		{"empty directory", empty, true},
		{"missing directory", missing, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Fixtures = tt.dir
			tg, err := Start(context.Background(), cfg, Options{})
			if err == nil {
				tg.Close()
				t.Fatal("Start succeeded without fixtures")
			}
			var ce *config.Error
			if errors.As(err, &ce) != tt.asConfig {
				t.Errorf("err %T (%v): config error %v, want %v", err, err, !tt.asConfig, tt.asConfig)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.dir) || !strings.Contains(msg, "loftgate record") {
				t.Errorf("the error must name %s and say to run `loftgate record`: %v", tt.dir, err)
			}
		})
	}
}

// observed is an Observer that keeps what it is told.
type observed struct {
	mu   sync.Mutex
	spec string
	exs  []contract.Exchange
	ops  []string
	vs   []contract.Violation
}

func (o *observed) Spec() string { return o.spec }
func (o *observed) Exchange(ex contract.Exchange, op contract.Operation, vs []contract.Violation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.exs = append(o.exs, ex)
	o.ops = append(o.ops, op.Key)
	o.vs = append(o.vs, vs...)
}
func (o *observed) Miss(*replay.Miss) {}

// TestObserverSeesEveryExchange: API calls arrive validated, with their
// operation and violations; control calls arrive unvalidated.
func TestObserverSeesEveryExchange(t *testing.T) {
	cfg := config.Default()
	cfg.Target = config.TargetSim
	obs := &observed{}
	tg, err := Start(context.Background(), cfg, Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	get(t, tg, "/v2/me")
	if got := get(t, tg, "/v2/no_such_resource"); got != http.StatusNotFound {
		t.Fatalf("GET /v2/no_such_resource: %d, want 404", got)
	}
	ctl, err := tg.Control()
	if err != nil {
		t.Fatal(err)
	}
	if err := ctl.Advance(context.Background(), time.Second); err != nil {
		t.Fatal(err)
	}
	if len(obs.exs) != 3 || obs.ops[0] != "GET /v2/me" || obs.ops[1] != "" || obs.exs[2].URL.Path != "/_sim/clock" {
		t.Fatalf("observed %d exchanges, operations %q", len(obs.exs), obs.ops)
	}
	if obs.exs[2].Status != http.StatusOK || len(obs.exs[2].ResponseBody) == 0 {
		t.Errorf("control call observed with status %d body %q", obs.exs[2].Status, obs.exs[2].ResponseBody)
	}
	if len(obs.vs) != 1 || obs.vs[0].Rule != contract.RuleUnknownOperation || obs.vs[0].Path != "/v2/no_such_resource" {
		t.Fatalf("violations %+v, want one %s for /v2/no_such_resource", obs.vs, contract.RuleUnknownOperation)
	}
}

func TestLiveTarget(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) }))
	defer up.Close()
	cfg := config.Default()
	cfg.Target = config.TargetLive
	cfg.AccountsURL, cfg.APIURL = up.URL, up.URL+"/"
	cfg.APIKey = config.Secret("ak_live_test_0000")
	cfg.BudgetShare = 0.75
	tg, err := Start(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	if tg.APIURL != up.URL {
		t.Errorf("APIURL %q, want %q without the trailing slash", tg.APIURL, up.URL)
	}

	ctl, err := tg.Control()
	if !errors.Is(err, ErrUnsupported) || ctl != nil {
		t.Fatalf("Control() on live = %v, %v; want an error wrapping ErrUnsupported", ctl, err)
	}
	if err := tg.Sleep(context.Background(), 0); err != nil {
		t.Fatalf("Sleep(0): %v", err)
	}

	bt, ok := tg.HTTP.Transport.(*budgetTransport)
	if !ok {
		t.Fatalf("live HTTP stack starts with %T, want the rate budget", tg.HTTP.Transport)
	}
	if bt.floor != 150 {
		t.Errorf("budget floor %d, want 150 (a quarter of 600 left to the team)", bt.floor)
	}
}

func TestOnlyLiveRunsHaveABudget(t *testing.T) {
	tg := startSim(t)
	if _, ok := tg.HTTP.Transport.(*budgetTransport); ok {
		t.Fatal("the sim target waits for the rate budget; its clock is simulated")
	}
}

func TestLiveTargetUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	cfg := config.Default()
	cfg.Target = config.TargetLive
	cfg.AccountsURL, cfg.APIURL = url, url
	_, err := Start(context.Background(), cfg, Options{})
	var ce *config.Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "unreachable") {
		t.Fatalf("err = %v; want a config error naming %s as unreachable", err, url)
	}
}

func TestAuthorizeOnSim(t *testing.T) {
	tg := startSim(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	q, err := tg.Authorize(ctx, tg.OAuth().AuthCodeURL("state-123"))
	if err != nil {
		t.Fatal(err)
	}
	code := q.Get("code")
	if code == "" || q.Get("state") != "state-123" {
		t.Fatalf("authorize gave code %q state %q; want a code and state-123", code, q.Get("state"))
	}
	tok, err := tg.OAuth().Exchange(ctx, code)
	if err != nil {
		t.Fatalf("the code does not exchange: %v", err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token without access or refresh token")
	}
}
