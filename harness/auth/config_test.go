package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

func TestAuthCodeURL(t *testing.T) {
	tests := []struct {
		name      string
		scopes    []string
		wantScope string
	}{
		{name: "no scopes: no scope parameter", scopes: nil, wantScope: ""},
		{name: "scopes are space-delimited", scopes: []string{"people:read", "people:write"}, wantScope: "people:read people:write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &Config{ClientID: "cid", RedirectURI: "http://127.0.0.1:8976/callback", AuthorizeURL: "https://accounts.example/oauth/authorize", Scopes: tt.scopes}
			u, err := url.Parse(cfg.AuthCodeURL("st-1"))
			if err != nil {
				t.Fatal(err)
			}
			if got := u.Scheme + "://" + u.Host + u.Path; got != cfg.AuthorizeURL {
				t.Errorf("base = %q, want %q", got, cfg.AuthorizeURL)
			}
			q := u.Query()
			want := map[string]string{"client_id": "cid", "redirect_uri": cfg.RedirectURI, "response_type": "code", "state": "st-1", "scope": tt.wantScope}
			for k, v := range want {
				if q.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v)
				}
			}
			if _, ok := q["scope"]; ok != (tt.wantScope != "") {
				t.Errorf("scope present = %v, want %v", ok, tt.wantScope != "")
			}
		})
	}
}

func TestGrantsAuthStylesAndExpiry(t *testing.T) {
	grants := []struct {
		name      string
		run       func(ctx context.Context, f *fakeAccounts, cfg *Config) (*Token, error)
		grantType string
		refresh   bool
	}{
		{name: "exchange", grantType: "authorization_code", refresh: true, run: func(ctx context.Context, f *fakeAccounts, cfg *Config) (*Token, error) {
			return cfg.Exchange(ctx, f.issueCode())
		}},
		{name: "refresh", grantType: "refresh_token", refresh: true, run: func(ctx context.Context, f *fakeAccounts, cfg *Config) (*Token, error) {
			f.setRefresh("rt-0")
			return cfg.Refresh(ctx, "rt-0")
		}},
		{name: "client_credentials", grantType: "client_credentials", refresh: false, run: func(ctx context.Context, f *fakeAccounts, cfg *Config) (*Token, error) {
			return cfg.ClientCredentials(ctx)
		}},
	}
	styles := []struct {
		style AuthStyle
		want  string
	}{{AuthStyleBody, "body"}, {AuthStyleBasic, "basic"}}
	for _, g := range grants {
		for _, st := range styles {
			t.Run(g.name+"/"+st.want, func(t *testing.T) {
				f := newFakeAccounts(t)
				f.redirectURI = "http://127.0.0.1:1/callback"
				clock := newClock()
				clock.Advance(42 * time.Hour) // far from the wall clock: expiry must follow Config.Clock
				var viaClient atomic.Int64
				cfg := f.config(clock.Now)
				cfg.Style = st.style
				cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					viaClient.Add(1)
					return http.DefaultTransport.RoundTrip(r)
				})}
				tok, err := g.run(context.Background(), f, cfg)
				if err != nil {
					t.Fatal(err)
				}
				if want := clock.Now().Add(7200 * time.Second); !tok.Expiry.Equal(want) {
					t.Errorf("Expiry = %v, want Clock()+7200s = %v", tok.Expiry, want)
				}
				if tok.ExpiresIn != 7200 {
					t.Errorf("ExpiresIn = %d, want 7200", tok.ExpiresIn)
				}
				if (tok.RefreshToken != "") != g.refresh {
					t.Errorf("RefreshToken = %q, want one: %v", tok.RefreshToken, g.refresh)
				}
				if f.lastAuth != st.want {
					t.Errorf("client authenticated by %s, want %s", f.lastAuth, st.want)
				}
				if st.style == AuthStyleBasic && f.lastForm.Get("client_secret") != "" {
					t.Error("basic style also sent client_secret in the body")
				}
				if got := f.lastForm.Get("grant_type"); got != g.grantType {
					t.Errorf("grant_type = %q, want %q", got, g.grantType)
				}
				if viaClient.Load() != 1 {
					t.Errorf("requests through Config.HTTPClient = %d, want 1", viaClient.Load())
				}
				if f.tokenRequests.Load() != 1 {
					t.Errorf("token requests = %d, want 1 (no auth-style probing)", f.tokenRequests.Load())
				}
			})
		}
	}
}

func TestNoExpiresInMeansNoExpiry(t *testing.T) {
	f := newFakeAccounts(t)
	f.expiresIn = 0
	tok, err := f.config(newClock().Now).ClientCredentials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !tok.Expiry.IsZero() {
		t.Errorf("Expiry = %v, want zero when expires_in is absent", tok.Expiry)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRefreshRotation(t *testing.T) {
	f := newFakeAccounts(t)
	f.setRefresh("rt-0")
	cfg := f.config(nil)
	first, err := cfg.Refresh(context.Background(), "rt-0")
	if err != nil {
		t.Fatal(err)
	}
	if first.RefreshToken == "rt-0" {
		t.Fatal("refresh token did not rotate")
	}
	_, err = cfg.Refresh(context.Background(), "rt-0")
	if !errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("reusing a rotated refresh token: err = %v, want ErrInvalidGrant", err)
	}
	if _, err := cfg.Refresh(context.Background(), first.RefreshToken); err != nil {
		t.Fatalf("the rotated refresh token should work: %v", err)
	}
}

func TestErrors(t *testing.T) {
	const canary = "canary-secret-7f3a9c"
	tests := []struct {
		name       string
		setup      func(f *fakeAccounts, cfg *Config)
		run        func(ctx context.Context, cfg *Config) error
		is         error
		code       string
		status     int
		wantInMsg  []string
		wantExact  string
		noRetrieve bool
	}{
		{
			name:      "invalid_client is a configuration error naming the variables",
			setup:     func(f *fakeAccounts, cfg *Config) { f.clientSecret = "the-real-one" },
			run:       func(ctx context.Context, cfg *Config) error { _, err := cfg.ClientCredentials(ctx); return err },
			is:        ErrInvalidClient,
			code:      "invalid_client",
			status:    401,
			wantExact: "auth: invalid_client: the token endpoint rejected the client credentials; check SALESLOFT_CLIENT_ID and SALESLOFT_CLIENT_SECRET (or client_id/client_secret in loftgate.yaml)",
		},
		{
			name:      "invalid_grant on a reused code",
			run:       func(ctx context.Context, cfg *Config) error { _, err := cfg.Exchange(ctx, "never-issued"); return err },
			is:        ErrInvalidGrant,
			code:      "invalid_grant",
			status:    400,
			wantInMsg: []string{"auth: exchange: invalid_grant:", "single-use", "The provided authorization grant is invalid"},
		},
		{
			name:      "invalid_grant on refresh says to log in again",
			run:       func(ctx context.Context, cfg *Config) error { _, err := cfg.Refresh(ctx, "revoked"); return err },
			is:        ErrInvalidGrant,
			code:      "invalid_grant",
			status:    400,
			wantInMsg: []string{"auth: refresh: invalid_grant:", "rotates refresh tokens", "loftgate auth login"},
		},
		{
			name: "a description echoing secrets is redacted",
			setup: func(f *fakeAccounts, cfg *Config) {
				f.override = func(w http.ResponseWriter) bool {
					f.oauthError(w, http.StatusBadRequest, "invalid_scope", "bad scope for "+canary+" and rt-echo")
					return true
				}
			},
			run:       func(ctx context.Context, cfg *Config) error { _, err := cfg.Refresh(ctx, "rt-echo"); return err },
			code:      "invalid_scope",
			status:    400,
			wantInMsg: []string{"auth: refresh: invalid_scope (HTTP 400): bad scope for [redacted] and [redacted]"},
		},
		{
			name: "an HTML 502 has no OAuth code",
			setup: func(f *fakeAccounts, cfg *Config) {
				f.override = func(w http.ResponseWriter) bool {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusBadGateway)
					if _, err := w.Write([]byte("<html>" + canary + "</html>")); err != nil {
						t.Errorf("write: %v", err)
					}
					return true
				}
			},
			run:       func(ctx context.Context, cfg *Config) error { _, err := cfg.ClientCredentials(ctx); return err },
			status:    502,
			wantInMsg: []string{"auth: client_credentials: the token endpoint answered HTTP 502 without an OAuth error code"},
		},
		{
			name:       "no server at all",
			setup:      func(f *fakeAccounts, cfg *Config) { cfg.TokenURL = "http://127.0.0.1:1/oauth/token" },
			run:        func(ctx context.Context, cfg *Config) error { _, err := cfg.ClientCredentials(ctx); return err },
			wantInMsg:  []string{"auth: client_credentials: token request failed:"},
			noRetrieve: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAccounts(t)
			cfg := f.config(nil)
			cfg.ClientSecret = canary
			if tt.setup != nil {
				tt.setup(f, cfg)
			}
			err := tt.run(context.Background(), cfg)
			var ae *Error
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *auth.Error", err, err)
			}
			msg := err.Error()
			if strings.Contains(msg, canary) || strings.Contains(fmt.Sprintf("%+v", err), canary) {
				t.Errorf("message leaks the client secret: %s", msg)
			}
			if tt.wantExact != "" && msg != tt.wantExact {
				t.Errorf("message =\n%s\nwant\n%s", msg, tt.wantExact)
			}
			for _, w := range tt.wantInMsg {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not contain %q", msg, w)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(err, %v) = false", tt.is)
			}
			for _, other := range []error{ErrInvalidGrant, ErrInvalidClient} {
				if other != tt.is && errors.Is(err, other) {
					t.Errorf("errors.Is(err, %v) = true, want false", other)
				}
			}
			if ae.Code != tt.code || ae.Status != tt.status {
				t.Errorf("Code, Status = %q, %d, want %q, %d", ae.Code, ae.Status, tt.code, tt.status)
			}
			var re *oauth2.RetrieveError
			if errors.As(err, &re) == tt.noRetrieve {
				t.Errorf("wraps *oauth2.RetrieveError = %v, want %v", !tt.noRetrieve, !tt.noRetrieve)
			}
		})
	}
}

func TestConfigChecks(t *testing.T) {
	tests := []struct {
		name string
		cfg  *Config
		want string
	}{
		{"nil config", nil, "no Config"},
		{"no client id", &Config{TokenURL: "http://x/oauth/token"}, "SALESLOFT_CLIENT_ID"},
		{"no token url", &Config{ClientID: "c"}, "token URL is empty"},
		{"bad style", &Config{ClientID: "c", TokenURL: "http://x", Style: AuthStyle(9)}, "unknown auth style"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.cfg.ClientCredentials(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	if _, err := (&Config{ClientID: "c", TokenURL: "http://x"}).Refresh(context.Background(), ""); !errors.Is(err, ErrNoRefreshToken) {
		t.Errorf("Refresh(\"\") = %v, want ErrNoRefreshToken", err)
	}
	if _, err := (&Config{ClientID: "c", TokenURL: "http://x"}).Exchange(context.Background(), ""); err == nil {
		t.Error("Exchange(\"\") succeeded")
	}
}

func TestConfigStringHidesSecret(t *testing.T) {
	cfg := &Config{ClientID: "cid", ClientSecret: "canary-secret-7f3a9c", TokenURL: "http://x"}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%v %+v %#v", *cfg, *cfg, *cfg)} {
		if strings.Contains(s, "canary") {
			t.Errorf("formatted Config leaks the secret: %s", s)
		}
	}
}
