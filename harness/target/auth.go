package target

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/salesloft"
)

// ErrInteractiveLogin means the authorize endpoint showed a login page that
// a headless run cannot get past; `loftgate auth login` stores a token for
// such targets.
var ErrInteractiveLogin = errors.New("the authorize endpoint asks for an interactive login; run `loftgate auth login` once to store a token")

// OAuth returns the run's OAuth configuration: its client, endpoints, the
// run's HTTP stack for token calls and the run's clock for token expiry.
func (t *Target) OAuth() *auth.Config {
	cfg := &auth.Config{
		ClientID:     t.creds.clientID,
		ClientSecret: t.creds.clientSecret,
		RedirectURI:  t.creds.redirectURI,
		Scopes:       t.cfg.Scopes,
		AuthorizeURL: t.AccountsURL + "/oauth/authorize",
		TokenURL:     t.AccountsURL + "/oauth/token",
		HTTPClient:   t.HTTP,
		Clock:        t.Now,
	}
	if t.Kind == config.TargetLive {
		cfg.AuthorizeURL, cfg.TokenURL = t.cfg.AuthorizeEndpoint(), t.cfg.TokenEndpoint()
	}
	return cfg
}

// CallbackToken is the callback_token the specs' webhook subscriptions use.
func (t *Target) CallbackToken() string { return t.creds.callbackToken }

// APIKey returns a token source for the legacy API key, or an error saying
// which variable to set.
func (t *Target) APIKey() (auth.TokenSource, error) {
	if t.creds.apiKey == "" {
		return nil, fmt.Errorf("target: no API key: set SALESLOFT_API_KEY to check legacy API key authentication (%w)", ErrUnsupported)
	}
	return auth.APIKey(t.creds.apiKey), nil
}

// Authorize runs the authorize step headlessly: it requests the authorize
// URL with a cookie jar, follows redirects on the accounts host and stops
// at the redirect to the application's redirect URI, returning that URL's
// query (code, state, context, scope). A login page gives
// ErrInteractiveLogin.
func (t *Target) Authorize(ctx context.Context, authorizeURL string) (url.Values, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	redirect := t.creds.redirectURI
	client := &http.Client{Transport: t.HTTP.Transport, Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), redirect) || len(via) >= 10 {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authorizeURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("target: authorize: %w", err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode/100 != 3 || !strings.HasPrefix(loc, redirect) {
		if resp.StatusCode == http.StatusOK {
			return nil, ErrInteractiveLogin
		}
		return nil, fmt.Errorf("target: authorize answered %d without redirecting to the redirect URI", resp.StatusCode)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("target: authorize redirect: %w", err)
	}
	return u.Query(), nil
}

// UserToken gets a user token by the authorization-code flow: headlessly
// on sim and replay; on live from the token file `loftgate auth login`
// wrote, else SALESLOFT_REFRESH_TOKEN, else a headless authorize.
func (t *Target) UserToken(ctx context.Context) (*auth.Token, auth.Store, error) {
	cfg := t.OAuth()
	if t.Kind == config.TargetLive {
		store := &auth.FileStore{Path: t.cfg.TokenFile}
		// The token file wins over SALESLOFT_REFRESH_TOKEN: it holds the
		// latest rotated refresh token, while the variable's one is spent
		// after the first refresh (SalesLoft rotates; API-FACTS §1.1).
		tok, err := store.Load()
		if err == nil {
			return tok, store, nil
		}
		if rt := t.cfg.RefreshToken.Reveal(); rt != "" {
			return &auth.Token{RefreshToken: rt}, store, nil
		}
		// A fixed state: this headless step has no browser session to
		// protect, and a fixed value lets a live recording replay.
		q, aerr := t.Authorize(ctx, cfg.AuthCodeURL("loftgate-spec"))
		switch {
		case errors.Is(aerr, ErrInteractiveLogin):
			return nil, nil, fmt.Errorf("target: no user token: %w (or set SALESLOFT_REFRESH_TOKEN)", aerr)
		case aerr != nil:
			// A wrong redirect URI or a server error is a failure, not a
			// reason to skip.
			return nil, nil, aerr
		}
		tok, err = t.exchange(ctx, cfg, q)
		return tok, store, err
	}
	q, err := t.Authorize(ctx, cfg.AuthCodeURL("loftgate-spec"))
	if err != nil {
		return nil, nil, err
	}
	tok, err := t.exchange(ctx, cfg, q)
	return tok, &memoryStore{}, err
}

// exchange reads the callback of the headless authorize step (its error,
// such as access_denied, or its code) and exchanges the code, reporting a
// requested scope that was not granted.
func (t *Target) exchange(ctx context.Context, cfg *auth.Config, q url.Values) (*auth.Token, error) {
	code, err := auth.ParseCallback(q, "loftgate-spec", cfg.Scopes)
	if err != nil {
		return nil, err
	}
	tok, err := cfg.Exchange(ctx, code)
	if err != nil {
		return nil, err
	}
	return tok, cfg.Granted(tok)
}

// UserSource is a refreshing token source for the user token.
func (t *Target) UserSource(ctx context.Context, opts ...auth.Option) (*auth.Source, error) {
	tok, store, err := t.UserToken(ctx)
	if err != nil {
		return nil, err
	}
	return auth.NewSource(t.OAuth(), tok, append([]auth.Option{auth.WithStore(store)}, opts...)...)
}

// Client returns a SalesLoft client on the run's HTTP stack, using ts for
// authentication (nil sends no Authorization header) and the run's clock
// for every wait.
func (t *Target) Client(ts auth.TokenSource, opts ...salesloft.Option) (*salesloft.Client, error) {
	base := []salesloft.Option{salesloft.WithHTTPClient(t.HTTP), salesloft.WithSleep(t.Sleep)}
	if ts != nil {
		base = append(base, salesloft.WithTokenSource(ts))
	}
	return salesloft.New(t.APIURL, append(base, opts...)...)
}

// memoryStore keeps a token in memory; sim and replay runs never write one
// to disk.
type memoryStore struct{ tok *auth.Token }

func (m *memoryStore) Load() (*auth.Token, error) {
	if m.tok == nil {
		return nil, auth.ErrNoToken
	}
	return m.tok, nil
}

func (m *memoryStore) Save(tok *auth.Token) error { m.tok = tok; return nil }
