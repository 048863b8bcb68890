// Package config holds the one Config of a loftgate run and loads it in a
// fixed order: defaults, then loftgate.yaml, then the environment, then .env
// (for variables the environment leaves unset), then the flags the user set.
package config

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Target names where a run's HTTP traffic goes.
type Target string

const (
	// TargetReplay answers every request from recorded fixtures on a loopback
	// server started in-process; nothing leaves the machine.
	TargetReplay Target = "replay"
	// TargetSim runs the bundled SalesLoft simulator on a loopback server
	// started in-process.
	TargetSim Target = "sim"
	// TargetLive talks to the configured accounts and API hosts (SalesLoft or
	// a staging app) and needs credentials.
	TargetLive Target = "live"
)

// Targets lists the valid targets, in the order the help text shows them.
var Targets = []Target{TargetReplay, TargetSim, TargetLive}

// Default values; each is used when neither file, environment nor flag sets
// the field.
const (
	DefaultAccountsURL = "https://accounts.salesloft.com"
	DefaultAPIURL      = "https://api.salesloft.com"
	DefaultRedirectURI = "http://127.0.0.1:8976/callback"
	DefaultFixtures    = "fixtures"
	DefaultReportDir   = "reports"
	DefaultTokenFile   = ".loftgate/token.json"
	DefaultFile        = "loftgate.yaml"
	DefaultBudgetShare = 0.5
)

// Config is everything a run needs. Secrets are of type Secret and are
// masked in every output.
type Config struct {
	// Target is where the run goes: replay (default), sim or live.
	Target Target `yaml:"target"`
	// AccountsURL is the OAuth host serving /oauth/authorize and /oauth/token.
	AccountsURL string `yaml:"accounts_url"`
	// APIURL is the REST host serving /v2/....
	APIURL string `yaml:"api_url"`
	// AuthorizeURL overrides AccountsURL + /oauth/authorize, for any standard
	// OAuth 2.0 server.
	AuthorizeURL string `yaml:"authorize_url"`
	// TokenURL overrides AccountsURL + /oauth/token.
	TokenURL string `yaml:"token_url"`
	// ClientID is the OAuth application's client id (SALESLOFT_CLIENT_ID).
	ClientID string `yaml:"client_id"`
	// ClientSecret is the OAuth application's secret (SALESLOFT_CLIENT_SECRET).
	ClientSecret Secret `yaml:"client_secret"`
	// RedirectURI is the application's registered callback
	// (SALESLOFT_REDIRECT_URI); `loftgate auth login` listens on its port.
	RedirectURI string `yaml:"redirect_uri"`
	// APIKey is a legacy API key (SALESLOFT_API_KEY), used by AUTH-API-KEY
	// and AUTH-PARITY.
	APIKey Secret `yaml:"api_key"`
	// RefreshToken seeds the user token source on a live run
	// (SALESLOFT_REFRESH_TOKEN); otherwise TokenFile is read.
	RefreshToken Secret `yaml:"refresh_token"`
	// Scopes are requested on authorize and client-credentials calls.
	Scopes []string `yaml:"scopes"`
	// TokenFile is where `loftgate auth login` stores the user's token
	// (mode 0600) and where rotated refresh tokens are persisted.
	TokenFile string `yaml:"token_file"`
	// CallbackToken keys the webhook subscriptions the specs create; a live
	// run generates one when unset.
	CallbackToken Secret `yaml:"callback_token"`
	// CallbackURL is a public base URL for the webhook subscriptions a live
	// run creates (SalesLoft cannot reach the run's loopback receiver); the
	// specs append /ok or /fail. Unset, live runs use the loopback receiver.
	CallbackURL string `yaml:"callback_url"`
	// Fixtures is the directory replay reads and record writes.
	Fixtures string `yaml:"fixtures"`
	// ReportDir is where report.json, junit.xml, report.md and report.html go.
	ReportDir string `yaml:"report_dir"`
	// AllowWrites lets specs create records on a live target; everything
	// they create is deleted at the end of the run.
	AllowWrites bool `yaml:"allow_writes"`
	// FailOnSkip makes a skipped MUST item fail the run (fail_on_skip, or
	// `loftgate run --fail-on-skip`), so a gate can require every item to run.
	FailOnSkip bool `yaml:"fail_on_skip"`
	// BudgetShare is the share of the team's per-minute rate budget a live
	// run may use, in (0, 1].
	BudgetShare float64 `yaml:"budget_share"`
	// Timeout bounds a whole run or recording (timeout: 30m, or --timeout);
	// zero means the run's default.
	Timeout time.Duration `yaml:"timeout"`
	// SpecTimeout bounds each node of a spec: its setup, body and each
	// cleanup (spec_timeout: 3m, or --spec-timeout); zero means the run's
	// default.
	SpecTimeout time.Duration `yaml:"spec_timeout"`
	// Parity lists read operations ("GET /v2/people") that AUTH-PARITY
	// compares between the API key and OAuth, besides GET /v2/me.
	Parity []string `yaml:"parity"`
	// Fields declares, per operation, the response fields the integration
	// reads; MIG-FIELDS-CONSUMED checks each is present with its type.
	Fields map[string][]Field `yaml:"fields"`
	// Audit is a codebase to scan for SalesLoft calls; when set, the
	// MIG-ENDPOINT-AUDIT item checks it calls no unknown or uncovered endpoint.
	Audit string `yaml:"audit"`
	// Sim configures the bundled simulator.
	Sim Sim `yaml:"sim"`
}

// Field is one response field the integration reads.
type Field struct {
	// Path is a dotted JSON path into the response, e.g. data.email or
	// data[].id for every element of a list.
	Path string `yaml:"path"`
	// Type is the JSON type: string, number, integer, boolean, object,
	// array; a trailing "?" allows null.
	Type string `yaml:"type"`
}

// Sim configures the simulator started by the sim target.
type Sim struct {
	// Faults are run-wide faults in the simulator's syntax
	// (name[=value][@METHOD /path][#count]).
	Faults []string `yaml:"faults"`
	// WebhookEnvelope is "data" (responses wrapped in {"data": ...}, the
	// default) or "bare"; API-FACTS §8 records both.
	WebhookEnvelope string `yaml:"webhook_envelope"`
}

// Default returns a Config with every default applied.
func Default() *Config {
	return &Config{
		Target:      TargetReplay,
		AccountsURL: DefaultAccountsURL,
		APIURL:      DefaultAPIURL,
		RedirectURI: DefaultRedirectURI,
		TokenFile:   DefaultTokenFile,
		Fixtures:    DefaultFixtures,
		ReportDir:   DefaultReportDir,
		BudgetShare: DefaultBudgetShare,
		Parity:      []string{"GET /v2/people", "GET /v2/accounts"},
		Fields: map[string][]Field{
			"GET /v2/me": {
				{Path: "data.id", Type: "integer"},
				{Path: "data.guid", Type: "string"},
				{Path: "data.name", Type: "string"},
				{Path: "data.email", Type: "string"},
				{Path: "data.team.id", Type: "integer"},
			},
			"GET /v2/people": {
				{Path: "data[].id", Type: "integer"},
				{Path: "data[].email_address", Type: "string?"},
				{Path: "data[].updated_at", Type: "string"},
			},
		},
		Sim: Sim{WebhookEnvelope: "data"},
	}
}

// AuthorizeEndpoint is the authorize URL: the override, or the accounts
// host's /oauth/authorize.
func (c *Config) AuthorizeEndpoint() string {
	if c.AuthorizeURL != "" {
		return c.AuthorizeURL
	}
	return strings.TrimRight(c.AccountsURL, "/") + "/oauth/authorize"
}

// TokenEndpoint is the token URL: the override, or the accounts host's
// /oauth/token.
func (c *Config) TokenEndpoint() string {
	if c.TokenURL != "" {
		return c.TokenURL
	}
	return strings.TrimRight(c.AccountsURL, "/") + "/oauth/token"
}

// Error is a configuration problem: it names where the bad value came from
// (a file and line, a variable or a flag) and what to do.
type Error struct {
	// Source is the file, variable or flag that holds the bad value.
	Source string
	// Line is the line in Source, when known.
	Line int
	// Msg says what is wrong and what to do.
	Msg string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("config: %s:%d: %s", e.Source, e.Line, e.Msg)
	}
	return fmt.Sprintf("config: %s: %s", e.Source, e.Msg)
}

// Validate checks the values every target needs and, for live, the
// credentials. It names the field or variable to fix.
func (c *Config) Validate() error {
	if !slices.Contains(Targets, c.Target) {
		return &Error{Source: "target", Msg: fmt.Sprintf("unknown target %q; use one of replay, sim, live", c.Target)}
	}
	for _, u := range []struct {
		name, value   string
		noSecretQuery bool
	}{
		{"accounts_url (SALESLOFT_ACCOUNTS_URL)", c.AccountsURL, true}, {"api_url (SALESLOFT_API_URL)", c.APIURL, true},
		{"authorize_url", c.AuthorizeURL, true}, {"token_url", c.TokenURL, true},
		{"redirect_uri (SALESLOFT_REDIRECT_URI)", c.RedirectURI, false},
		{"callback_url", c.CallbackURL, false},
	} {
		if u.value == "" {
			continue
		}
		if err := checkURL(u.name, u.value, u.noSecretQuery); err != nil {
			return err
		}
	}
	for _, d := range []struct {
		key string
		v   time.Duration
	}{{"timeout", c.Timeout}, {"spec_timeout", c.SpecTimeout}} {
		if d.v < 0 {
			return &Error{Source: d.key, Msg: fmt.Sprintf("%s is negative; give a duration such as 30m or 90s", d.v)}
		}
	}
	if c.BudgetShare <= 0 || c.BudgetShare > 1 {
		return &Error{Source: "budget_share", Msg: fmt.Sprintf("%v is outside (0, 1]", c.BudgetShare)}
	}
	if c.Sim.WebhookEnvelope != "" && c.Sim.WebhookEnvelope != "data" && c.Sim.WebhookEnvelope != "bare" {
		return &Error{Source: "sim.webhook_envelope", Msg: fmt.Sprintf("%q must be data or bare", c.Sim.WebhookEnvelope)}
	}
	for op, fields := range c.Fields {
		for _, f := range fields {
			if f.Path == "" || !validType(f.Type) {
				return &Error{Source: "fields." + op, Msg: fmt.Sprintf("field %q has type %q; use string, number, integer, boolean, object or array (with ? for nullable)", f.Path, f.Type)}
			}
		}
	}
	if c.Target == TargetLive {
		if c.ClientID == "" && !c.APIKey.IsSet() {
			return &Error{Source: "SALESLOFT_CLIENT_ID", Msg: "a live run needs OAuth credentials: set SALESLOFT_CLIENT_ID and SALESLOFT_CLIENT_SECRET (or client_id/client_secret in loftgate.yaml), or at least SALESLOFT_API_KEY"}
		}
		if c.ClientID != "" && !c.ClientSecret.IsSet() {
			return &Error{Source: "SALESLOFT_CLIENT_SECRET", Msg: "SALESLOFT_CLIENT_ID is set but SALESLOFT_CLIENT_SECRET is not; set it in the environment or .env"}
		}
	}
	return nil
}

func validType(t string) bool {
	switch strings.TrimSuffix(t, "?") {
	case "string", "number", "integer", "boolean", "object", "array":
		return true
	}
	return false
}
