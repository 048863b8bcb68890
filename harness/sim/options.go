package sim

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Default credentials and settings of a simulator built from a zero Options.
const (
	// DefaultClientID is the client_id of the OAuth application registered by default.
	DefaultClientID = "sim-client-id"
	// DefaultClientSecret is the client_secret of the default OAuth application.
	DefaultClientSecret = "sim-client-secret-0000"
	// DefaultAPIKey is the API key accepted by default; it acts as user 1 with every scope.
	DefaultAPIKey = "ak_sim_0000000000000000"
	// DefaultRedirectURI is the only redirect URI registered for the default OAuth application.
	DefaultRedirectURI = "http://127.0.0.1:8976/callback"
	// DefaultBudget is the cost a team may spend per clock-aligned minute (API-FACTS §6).
	DefaultBudget = 600
	// DefaultPublicBase is the base URL written into the _href of every record.
	DefaultPublicBase = "https://api.salesloft.com"
	// EnvelopeData wraps webhook_subscriptions responses in {"data": ...} like every other resource.
	EnvelopeData = "data"
	// EnvelopeBare answers webhook_subscriptions with the bare record or array, as SPEC and AMP show (API-FACTS §8).
	EnvelopeBare = "bare"
)

// DefaultStart is the simulated clock's start when Options.Start is zero.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Options configures a simulator. The zero value gives the defaults described on each field.
type Options struct {
	// Clients are the registered OAuth applications. When empty, one client is registered:
	// DefaultClientID / DefaultClientSecret with DefaultRedirectURI, every scope, and the
	// client credentials grant allowed.
	Clients []Client
	// APIKeys are the API keys accepted as Bearer tokens; each acts as user 1 with every
	// scope (API-FACTS §1.4). When empty, DefaultAPIKey is accepted.
	APIKeys []string
	// Start is the simulated clock's first instant; zero means DefaultStart.
	Start time.Time
	// Budget is the cost the team may spend per clock-aligned minute; zero means DefaultBudget.
	Budget int
	// ManualApprove makes GET /oauth/authorize serve an HTML login and consent page, as a
	// real browser flow does, instead of redirecting with a code at once.
	ManualApprove bool
	// Faults are run-wide faults active from the start. DELETE /_sim/faults does not clear
	// them; a fault with a Count still wears out.
	Faults []Fault
	// WebhookEnvelope is EnvelopeData (the default when empty) or EnvelopeBare and decides
	// whether webhook_subscriptions responses are wrapped in {"data": ...} (API-FACTS §8 conflict).
	WebhookEnvelope string
	// PublicBase is the base URL used in every _href; empty means DefaultPublicBase.
	PublicBase string
	// HTTPClient sends webhook deliveries; nil means a client with a 5 s timeout whose dialer
	// connects only to loopback addresses unless AllowRemoteWebhooks is set.
	HTTPClient *http.Client
	// AllowRemoteWebhooks lets the simulator post webhook deliveries to any host. By default
	// it posts only to loopback hosts (127.0.0.0/8, ::1, "localhost"): a delivery to any
	// other host is not sent and its attempt records why, so a simulator exposed by mistake
	// cannot be used to make requests into other networks.
	AllowRemoteWebhooks bool
	// ControlToken, when not empty, makes every /_sim control request carry
	// "Authorization: Bearer <ControlToken>"; others get 401. Empty leaves the control API
	// open, which is safe only while the simulator listens on loopback.
	ControlToken string
}

// Client is one registered OAuth application.
type Client struct {
	// ID is the client_id.
	ID string
	// Secret is the client_secret.
	Secret string
	// RedirectURIs are the registered redirect URIs; /oauth/authorize and the code exchange
	// must name one of them exactly.
	RedirectURIs []string
	// Scopes are the scopes the client may be granted; empty means every scope the simulator knows.
	Scopes []string
	// ClientCredentials allows the client_credentials grant (API-FACTS §1.2: private apps only).
	ClientCredentials bool
}

// allScopes lists every scope the simulator knows; scope names follow API-FACTS §1.3.
var allScopes = []string{
	"team:read", "users:read", "users:write",
	"people:read", "people:write", "people:delete",
	"accounts:read", "accounts:write", "accounts:delete",
	"cadences:read", "cadences:write", "cadences:delete",
	"webhooks:read", "webhooks:write", "webhooks:delete",
	"tasks:read", "tasks:write", "notes:read", "notes:write", "notes:delete",
	"calls:read", "calls:write", "activities:read", "activities:write",
	"emails:read", "emails:write", "meetings:read", "meetings:write", "crm:read", "signals:write",
	"custom_fields:read", "custom_fields:write", "custom_fields:delete",
}

// ErrInvalidOptions is wrapped by every error New returns for bad Options.
var ErrInvalidOptions = errors.New("sim: invalid options")

// config is Options with defaults applied and checked.
type config struct {
	clients       map[string]Client
	apiKeys       map[string]bool
	start         time.Time
	budget        int
	manualApprove bool
	faults        []Fault
	bare          bool
	base          string
	httpClient    *http.Client
	allowRemote   bool
	controlToken  string
}

func newConfig(o Options) (config, error) {
	c := config{
		clients:       map[string]Client{},
		apiKeys:       map[string]bool{},
		start:         o.Start,
		budget:        o.Budget,
		manualApprove: o.ManualApprove,
		base:          strings.TrimRight(o.PublicBase, "/"),
		httpClient:    o.HTTPClient,
		allowRemote:   o.AllowRemoteWebhooks,
		controlToken:  o.ControlToken,
	}
	bad := func(format string, args ...any) (config, error) {
		return config{}, fmt.Errorf("%w: "+format, append([]any{ErrInvalidOptions}, args...)...)
	}
	clients := o.Clients
	if len(clients) == 0 {
		clients = []Client{{ID: DefaultClientID, Secret: DefaultClientSecret,
			RedirectURIs: []string{DefaultRedirectURI}, ClientCredentials: true}}
	}
	for i, cl := range clients {
		if cl.ID == "" || cl.Secret == "" {
			return bad("client %d: ID and Secret are required", i)
		}
		if _, dup := c.clients[cl.ID]; dup {
			return bad("client %q is registered twice", cl.ID)
		}
		if len(cl.Scopes) == 0 {
			cl.Scopes = slices.Clone(allScopes)
		}
		for _, sc := range cl.Scopes {
			if !slices.Contains(allScopes, sc) {
				return bad("client %q: unknown scope %q; known scopes: %s", cl.ID, sc, strings.Join(allScopes, " "))
			}
		}
		for _, u := range cl.RedirectURIs {
			if p, err := url.Parse(u); err != nil || !p.IsAbs() {
				return bad("client %q: redirect URI %q is not an absolute URL", cl.ID, u)
			}
		}
		c.clients[cl.ID] = cl
	}
	keys := o.APIKeys
	if len(keys) == 0 {
		keys = []string{DefaultAPIKey}
	}
	for _, k := range keys {
		if k == "" {
			return bad("an API key is empty")
		}
		c.apiKeys[k] = true
	}
	if c.start.IsZero() {
		c.start = DefaultStart
	}
	c.start = c.start.UTC().Truncate(time.Microsecond)
	switch {
	case c.budget == 0:
		c.budget = DefaultBudget
	case c.budget < 0:
		return bad("budget %d is negative", c.budget)
	}
	switch o.WebhookEnvelope {
	case "", EnvelopeData:
	case EnvelopeBare:
		c.bare = true
	default:
		return bad("webhook envelope %q: use %q or %q", o.WebhookEnvelope, EnvelopeData, EnvelopeBare)
	}
	if c.base == "" {
		c.base = DefaultPublicBase
	}
	if p, err := url.Parse(c.base); err != nil || !p.IsAbs() {
		return bad("public base %q is not an absolute URL", o.PublicBase)
	}
	if c.httpClient == nil {
		c.httpClient = webhookClient(c.allowRemote)
	}
	if strings.ContainsAny(c.controlToken, " \t\r\n") {
		return bad("control token must not contain white space")
	}
	for _, f := range o.Faults {
		if err := f.Validate(); err != nil {
			return config{}, err
		}
		c.faults = append(c.faults, f)
	}
	return c, nil
}
