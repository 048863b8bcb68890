package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/suites/spec"
)

// authorize runs the headless authorize step and returns the code.
func authorize(ctx context.Context, state string) string {
	t := spec.Target()
	cfg := t.OAuth()
	q, err := t.Authorize(ctx, cfg.AuthCodeURL(state))
	Expect(spec.Skippable(err)).To(Succeed())
	// A callback error (access_denied, ...) or a scope not granted is
	// reported as what it is, not as a missing code.
	code, err := auth.ParseCallback(q, state, cfg.Scopes)
	Expect(err).NotTo(HaveOccurred(), "the authorize callback")
	return code
}

var _ = spec.Describe("oauth authorization code", func() {
	It("sends client_id, redirect_uri, response_type=code and state, and exchanges the code for a full token", spec.Items("AUTH-CODE-EXCHANGE"), func(ctx context.Context) {
		t := spec.Target()
		cfg := t.OAuth()
		u, err := url.Parse(cfg.AuthCodeURL("loftgate-code-exchange"))
		Expect(err).NotTo(HaveOccurred())
		q := u.Query()
		Expect(q.Get("client_id")).To(Equal(cfg.ClientID))
		Expect(q.Get("redirect_uri")).To(Equal(cfg.RedirectURI))
		Expect(q.Get("response_type")).To(Equal("code"))
		Expect(q.Get("state")).To(Equal("loftgate-code-exchange"))

		code := authorize(ctx, "loftgate-code-exchange")
		tok, err := cfg.Exchange(ctx, code)
		Expect(err).NotTo(HaveOccurred())
		Expect(tok.AccessToken).NotTo(BeEmpty())
		Expect(tok.RefreshToken).NotTo(BeEmpty())
		Expect(strings.EqualFold(tok.TokenType, "bearer")).To(BeTrue(), "token_type %q", tok.TokenType)

		// The raw response, not only what x/oauth2 made of it.
		reqs := tokenRequests(spec.Exchanges(), "authorization_code")
		Expect(reqs).To(HaveLen(1))
		var raw map[string]any
		Expect(json.Unmarshal(reqs[0].ResponseBody, &raw)).To(Succeed())
		for _, field := range []string{"access_token", "refresh_token", "expires_in", "token_type"} {
			Expect(raw).To(HaveKey(field), "the token response must carry %s", field)
		}
		Expect(raw["expires_in"]).To(BeNumerically(">", 0))
	})

	It("rejects a code used twice with invalid_grant", spec.Items("AUTH-CODE-SINGLE-USE"), func(ctx context.Context) {
		cfg := spec.Target().OAuth()
		code := authorize(ctx, "loftgate-single-use")
		_, err := cfg.Exchange(ctx, code)
		Expect(err).NotTo(HaveOccurred())

		_, err = cfg.Exchange(ctx, code)
		Expect(err).To(HaveOccurred(), "a second exchange of the same code must fail")
		Expect(errors.Is(err, auth.ErrInvalidGrant)).To(BeTrue(), "want invalid_grant, got %v", err)
	})
})

var _ = spec.Describe("oauth refresh", func() {
	It("rotates the refresh token, stores it before use, and rejects the previous one", spec.Items("AUTH-REFRESH-ROTATION"), func(ctx context.Context) {
		t := spec.Target()
		cfg := t.OAuth()
		first, err := cfg.Exchange(ctx, authorize(ctx, "loftgate-rotation"))
		Expect(err).NotTo(HaveOccurred())

		store := &orderStore{}
		src, err := auth.NewSource(cfg, first, auth.WithStore(store))
		Expect(err).NotTo(HaveOccurred())
		c, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())
		// Force the next call to refresh, as a rejected token would; no
		// waiting for expiry, so this runs on a live app too.
		src.Invalidate(first.AccessToken)
		_, _, err = c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())

		refreshes := tokenRequests(spec.Exchanges(), "refresh_token")
		Expect(refreshes).To(HaveLen(1), "one refresh after expiry")
		Expect(store.saves).NotTo(BeEmpty(), "the rotated token must be stored")
		saved := store.saves[len(store.saves)-1]
		Expect(saved.tok.RefreshToken).NotTo(BeEmpty())
		Expect(saved.tok.RefreshToken).NotTo(Equal(first.RefreshToken), "SalesLoft rotates refresh tokens: a refresh must return a new one")

		exs := spec.Exchanges()
		used := -1
		for i, e := range exs {
			if bearer(e) == saved.tok.AccessToken {
				used = i
				break
			}
		}
		Expect(used).To(BeNumerically(">=", 0), "the new access token must be used")
		Expect(saved.exchanges).To(BeNumerically("<=", used), "the new refresh token must be stored before the new access token is used")

		// The previous refresh token is revoked.
		_, err = cfg.Refresh(ctx, first.RefreshToken)
		Expect(err).To(HaveOccurred(), "the previous refresh token must be rejected after rotation")
		Expect(errors.Is(err, auth.ErrInvalidGrant)).To(BeTrue(), "want invalid_grant, got %v", err)
	})

	It("refreshes when less than 5 minutes of validity remain, before any 401", spec.Items("AUTH-REFRESH-EARLY"), func(ctx context.Context) {
		t := spec.Target()
		src, err := t.UserSource(ctx)
		Expect(spec.Skippable(err)).To(Succeed())
		c, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())
		tok, err := src.Token(ctx)
		Expect(err).NotTo(HaveOccurred())
		left := tok.Expiry.Sub(t.Now())
		Expect(left).To(BeNumerically(">", 10*time.Minute), "the token must last longer than the check needs")

		// Ten minutes left: no refresh yet.
		spec.Wait(ctx, left-10*time.Minute)
		_, _, err = c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(tokenRequests(spec.Exchanges(), "refresh_token")).To(BeEmpty(), "no refresh with 10 minutes left")

		// Four minutes 59 seconds left: refresh first.
		spec.Wait(ctx, 5*time.Minute+time.Second)
		_, _, err = c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(tokenRequests(spec.Exchanges(), "refresh_token")).To(HaveLen(1), "a refresh when less than 5 minutes remain")
		for _, e := range spec.Calls(http.MethodGet, "/v2/me") {
			Expect(e.Status).NotTo(Equal(401), "the refresh must come before the token is rejected, not after a 401")
		}
	})

	It("answers a 401 with one refresh and one retry, never a loop", spec.Items("AUTH-REFRESH-ON-401"), func(ctx context.Context) {
		t := spec.Target()
		ctl := spec.Control()
		DeferCleanup(ctl.Clear)
		src, err := t.UserSource(ctx)
		Expect(err).NotTo(HaveOccurred())
		c, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())

		By("a token rejected once")
		Expect(ctl.Inject(ctx, spec.Fault("expired_token", "GET /v2/me", 1, ""))).To(Succeed())
		_, resp, err := c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(resp.Refreshed).To(BeTrue())
		calls := spec.Calls(http.MethodGet, "/v2/me")
		Expect(calls).To(HaveLen(2))
		Expect(calls[0].Status).To(Equal(401))
		Expect(calls[1].Status).To(Equal(200))
		Expect(tokenRequests(spec.Exchanges(), "refresh_token")).To(HaveLen(1))

		By("a token rejected every time")
		Expect(ctl.Inject(ctx, spec.Fault("expired_token", "GET /v2/me", 0, ""))).To(Succeed())
		before := len(spec.Calls(http.MethodGet, "/v2/me"))
		refreshesBefore := len(tokenRequests(spec.Exchanges(), "refresh_token"))
		_, _, err = c.Me(ctx)
		Expect(err).To(HaveOccurred(), "a second 401 must be returned, not retried")
		Expect(spec.Calls(http.MethodGet, "/v2/me")).To(HaveLen(before+2), "exactly one retry")
		Expect(tokenRequests(spec.Exchanges(), "refresh_token")).To(HaveLen(refreshesBefore+1), "exactly one refresh")
	})

	It("lets 100 concurrent callers holding an expired token cause exactly one token request", spec.Items("AUTH-REFRESH-SINGLE-FLIGHT"), func(ctx context.Context) {
		t := spec.Target()
		src, err := t.UserSource(ctx)
		Expect(spec.Skippable(err)).To(Succeed())
		if t.Kind == config.TargetLive {
			// A live token lasts two hours: mark it rejected instead, which
			// needs a refresh just the same.
			tok, err := src.Token(ctx)
			Expect(err).NotTo(HaveOccurred())
			src.Invalidate(tok.AccessToken)
		} else {
			spec.Wait(ctx, 2*time.Hour)
		}

		before := len(tokenRequests(spec.Exchanges(), "refresh_token"))
		const callers = 100
		tokens := make(chan string, callers)
		errs := make(chan error, callers)
		for range callers {
			go func() {
				defer GinkgoRecover()
				tok, err := src.Token(ctx)
				if err != nil {
					errs <- err
					return
				}
				tokens <- tok.AccessToken
			}()
		}
		seen := map[string]int{}
		for range callers {
			select {
			case tok := <-tokens:
				seen[tok]++
			case err := <-errs:
				Fail("a caller got an error: " + err.Error())
			}
		}
		Expect(tokenRequests(spec.Exchanges(), "refresh_token")).To(HaveLen(before+1), "exactly one token request for 100 callers")
		Expect(seen).To(HaveLen(1), "every caller gets the same new token")
	})
})
