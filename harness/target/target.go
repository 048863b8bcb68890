// Package target starts what a run talks to — the replay server, the
// simulator, or a live pair of URLs — and builds the run's HTTP stack and
// clients on top of it. Every target is a pair of base URLs (accounts and
// API); specs receive a *Target and never learn which kind it is, except to
// skip what a target cannot do.
package target

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
	"github.com/loftgate/loftgate/harness/server"
	"github.com/loftgate/loftgate/harness/sim"
)

// Options are what Start needs besides the Config.
type Options struct {
	// Contract validates every request and response; nil loads the embedded one.
	Contract *contract.Contract
	// Recorder, when set, captures every exchange for `loftgate record`.
	Recorder *replay.Recorder
	// Observer, when set, is told about every exchange and replay miss.
	Observer Observer
	// Secrets, when set, receives the credentials the target's clients use,
	// so that the run scrubs them.
	Secrets *secret.Set
	// Faults are run-wide simulator faults (sim target only), added to the
	// config's sim.faults.
	Faults []string
	// Log receives one line per notable event (target started, server
	// errors); nil discards.
	Log io.Writer
}

// Target is a started target and the run's HTTP stack.
type Target struct {
	// Kind is replay, sim or live.
	Kind config.Target
	// AccountsURL serves /oauth/authorize and /oauth/token.
	AccountsURL string
	// APIURL serves /v2/... (and /_sim/... on the simulator and replay).
	APIURL string
	// HTTP is the client every call goes through: the spec header, contract
	// validation and the observer, the recorder (record mode), then the network.
	HTTP *http.Client
	// Contract is the contract every exchange is validated against.
	Contract *contract.Contract

	cfg      *config.Config
	creds    credentials
	clock    *clock
	log      io.Writer
	observer Observer
	servers  []*http.Server
	sim      *sim.Server
	// replay and fixtures are the replay server and what it serves (replay
	// target only).
	replay       *replay.Server
	fixtures     *replay.Set
	receiver     *Receiver
	receiverErr  error
	receiverOnce sync.Once

	mu sync.Mutex
}

// credentials are the values the run's clients use; on replay they are the
// placeholders the fixtures were scrubbed to.
type credentials struct {
	clientID, clientSecret, redirectURI, apiKey, callbackToken string
}

// ErrUnsupported is returned (wrapped) by what a target cannot do, such as
// controlling the clock of a live SalesLoft; specs skip on it.
var ErrUnsupported = errors.New("not supported by this target")

// Start starts the configured target. The caller must Close it.
func Start(ctx context.Context, cfg *config.Config, opts Options) (*Target, error) {
	c := opts.Contract
	if c == nil {
		var err error
		if c, err = contract.Load(); err != nil {
			return nil, err
		}
	}
	log := opts.Log
	if log == nil {
		log = io.Discard
	}
	obs := opts.Observer
	if obs == nil {
		obs = noObserver{}
	}
	t := &Target{Kind: cfg.Target, Contract: c, cfg: cfg, log: log, observer: obs, clock: newClock(sim.DefaultStart)}
	var err error
	switch cfg.Target {
	case config.TargetSim:
		err = t.startSim(cfg, opts.Faults)
	case config.TargetReplay:
		err = t.startReplay(cfg)
	case config.TargetLive:
		err = t.startLive(ctx, cfg)
	default:
		err = &config.Error{Source: "target", Msg: fmt.Sprintf("unknown target %q; use one of replay, sim, live", cfg.Target)}
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	if sec := opts.Secrets; sec != nil {
		sec.AddClient(t.creds.clientID, t.creds.clientSecret)
		sec.Add(secret.KindAPIKey, t.creds.apiKey)
		sec.Add(secret.KindCallbackToken, t.creds.callbackToken)
		sec.Add(secret.KindRefreshToken, cfg.RefreshToken.Reveal())
	}
	// The timeout covers a live run's wait for the next rate window (up to a
	// minute) plus the request itself.
	t.HTTP = &http.Client{Transport: t.transport(opts.Recorder), Timeout: 90 * time.Second}
	return t, nil
}

func (t *Target) startSim(cfg *config.Config, extra []string) error {
	var faults []sim.Fault
	for _, s := range append(append([]string{}, cfg.Sim.Faults...), extra...) {
		f, err := sim.ParseFault(s)
		if err != nil {
			return &config.Error{Source: "--fault", Msg: err.Error()}
		}
		faults = append(faults, f)
	}
	s, err := sim.New(sim.Options{Faults: faults, WebhookEnvelope: cfg.Sim.WebhookEnvelope})
	if err != nil {
		return err
	}
	t.sim = s
	u, err := t.serve(s.Handler())
	if err != nil {
		return err
	}
	t.AccountsURL, t.APIURL = u, u
	t.creds = credentials{sim.DefaultClientID, sim.DefaultClientSecret, sim.DefaultRedirectURI, sim.DefaultAPIKey, "loftgate-sim-callback-token"}
	return nil
}

func (t *Target) startReplay(cfg *config.Config) error {
	set, err := replay.Load(cfg.Fixtures)
	if err != nil {
		return err
	}
	if set.Len() == 0 {
		return &config.Error{Source: cfg.Fixtures, Msg: "no fixtures found; record them with `loftgate record --target sim` or run with --target sim"}
	}
	t.fixtures = set
	t.replay = replay.NewServer(set, replay.WithObserver(func(ev replay.Event) {
		if ev.Miss != nil {
			t.observer.Miss(ev.Miss)
		}
	}))
	u, err := t.serve(t.replay)
	if err != nil {
		return err
	}
	t.AccountsURL, t.APIURL = u, u
	t.creds = credentials{sim.DefaultClientID, secret.ClientSecretPlaceholder, sim.DefaultRedirectURI, secret.APIKeyPlaceholder, secret.CallbackTokenPlaceholder}
	return nil
}

func (t *Target) startLive(ctx context.Context, cfg *config.Config) error {
	t.AccountsURL, t.APIURL = strings.TrimRight(cfg.AccountsURL, "/"), strings.TrimRight(cfg.APIURL, "/")
	cb := cfg.CallbackToken.Reveal()
	if cb == "" {
		cb = randomToken()
	}
	t.creds = credentials{cfg.ClientID, cfg.ClientSecret.Reveal(), cfg.RedirectURI, cfg.APIKey.Reveal(), cb}
	// Fail early, with exit code 2, when the hosts cannot be reached.
	for _, u := range []string{t.AccountsURL, t.APIURL} {
		if err := reachable(ctx, u); err != nil {
			return &config.Error{Source: "accounts_url/api_url", Msg: fmt.Sprintf("%s is unreachable (%v); check the URL and your network", u, err)}
		}
	}
	return nil
}

// serve starts h on a loopback listener and returns its base URL.
func (t *Target) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("target: listen on loopback: %w", err)
	}
	srv := server.New(h)
	t.mu.Lock()
	t.servers = append(t.servers, srv)
	t.mu.Unlock()
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(t.log, "target: server stopped: %v\n", err)
		}
	}()
	return "http://" + ln.Addr().String(), nil
}

// Close stops the servers the target started.
func (t *Target) Close() error {
	t.mu.Lock()
	servers := t.servers
	t.mu.Unlock()
	var errs []error
	for _, s := range servers {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, s.Shutdown(ctx))
		cancel()
	}
	return errors.Join(errs...)
}

// Replay returns the replay server and the fixtures it serves, or nils
// on sim and live.
func (t *Target) Replay() (*replay.Server, *replay.Set) { return t.replay, t.fixtures }

// Config returns the run's configuration.
func (t *Target) Config() *config.Config { return t.cfg }

// Now is the run's clock: the simulator's clock on sim and replay, the wall
// clock on live.
func (t *Target) Now() time.Time {
	if t.Kind == config.TargetLive {
		return time.Now()
	}
	return t.clock.now()
}
