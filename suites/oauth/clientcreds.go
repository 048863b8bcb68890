package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("oauth client credentials", func() {
	DescribeTable("returns a token without a refresh token and renews it on expiry", spec.Items("AUTH-CC-TOKEN"),
		func(ctx context.Context, style auth.AuthStyle) {
			t := spec.Target()
			cfg := t.OAuth()
			cfg.Style = style
			src, err := auth.NewClientCredentialsSource(cfg)
			Expect(err).NotTo(HaveOccurred())
			first, err := src.Token(ctx)
			Expect(spec.Skippable(err)).To(Succeed())
			Expect(first.AccessToken).NotTo(BeEmpty())
			Expect(first.RefreshToken).To(BeEmpty(), "client credentials must not issue a refresh token")

			reqs := tokenRequests(spec.Exchanges(), "client_credentials")
			Expect(reqs).To(HaveLen(1))
			form, err := url.ParseQuery(string(reqs[0].RequestBody))
			Expect(err).NotTo(HaveOccurred())
			basic := strings.HasPrefix(reqs[0].RequestHeader.Get("Authorization"), "Basic ")
			if style == auth.AuthStyleBasic {
				Expect(basic).To(BeTrue(), "HTTP Basic client authentication")
				Expect(form.Has("client_secret")).To(BeFalse(), "no secret in the body with Basic")
			} else {
				Expect(basic).To(BeFalse())
				Expect(form.Get("client_id")).To(Equal(cfg.ClientID), "client_id in the body")
				Expect(form.Has("client_secret")).To(BeTrue(), "client_secret in the body")
			}

			// Still valid: reused. Expired: a new one is requested.
			again, err := src.Token(ctx)
			Expect(err).NotTo(HaveOccurred())
			Expect(again.AccessToken).To(Equal(first.AccessToken))
			if t.Kind == config.TargetLive {
				// A live token lasts two hours; the renewal is checked on the
				// simulator, whose clock moves at once.
				spec.Note("AUTH-CC-TOKEN: renewal on expiry is checked on the simulator only (a live token lasts 2 hours)")
				return
			}
			spec.Wait(ctx, 2*time.Hour)
			renewed, err := src.Token(ctx)
			Expect(err).NotTo(HaveOccurred())
			Expect(tokenRequests(spec.Exchanges(), "client_credentials")).To(HaveLen(2), "a new token is requested when the old one expires")
			Expect(renewed.AccessToken).NotTo(Equal(first.AccessToken))
		},
		Entry("client authentication in the body", auth.AuthStyleBody),
		Entry("client authentication with HTTP Basic", auth.AuthStyleBasic),
	)

	It("reports a wrong client secret as invalid_client, naming the variable to fix", spec.Items("AUTH-CC-INVALID-CLIENT"), func(ctx context.Context) {
		cfg := spec.Target().OAuth()
		secret := cfg.ClientSecret
		cfg.ClientSecret = secret + "-wrong"
		_, err := cfg.ClientCredentials(ctx)
		Expect(err).To(HaveOccurred(), "a wrong client secret must be rejected")
		Expect(errors.Is(err, auth.ErrInvalidClient)).To(BeTrue(), "want invalid_client, got %v", err)
		Expect(err.Error()).To(ContainSubstring("SALESLOFT_CLIENT_SECRET"), "the message must name the variable to fix")
		Expect(err.Error()).NotTo(ContainSubstring(secret), "the message must not contain the secret")
	})
})

var _ = spec.Describe("oauth api keys and scopes", func() {
	It("authenticates /v2/me with a legacy API key sent as Bearer", spec.Items("AUTH-API-KEY"), func(ctx context.Context) {
		t := spec.Target()
		key, err := t.APIKey()
		Expect(spec.Skippable(err)).To(Succeed())
		c, err := t.Client(key)
		Expect(err).NotTo(HaveOccurred())
		spec.Note("AUTH-API-KEY: API keys are for customers; SalesLoft approves no partner application that uses them, so partner apps must use OAuth 2.0 (docs/API-FACTS.md §1.4)")

		me, _, err := c.Me(ctx)
		if errors.Is(err, salesloft.ErrUnauthorized) {
			Fail("the API key was rejected (" + err.Error() + "). If API keys are switched off for the team, migrate to OAuth 2.0: " +
				"register an OAuth app, set SALESLOFT_CLIENT_ID, SALESLOFT_CLIENT_SECRET and SALESLOFT_REDIRECT_URI, run `loftgate auth login`, " +
				"and use client credentials for background jobs")
		}
		Expect(err).NotTo(HaveOccurred())
		Expect(me.ID).To(BeNumerically(">", 0))
		calls := spec.Calls(http.MethodGet, "/v2/me")
		Expect(calls).NotTo(BeEmpty())
		Expect(calls[0].RequestHeader.Get("Authorization")).To(HavePrefix("Bearer "), "API keys are sent exactly like OAuth tokens")
	})

	It("answers a token without the needed scope with 403, reported as a permissions error naming the operation", spec.Items("AUTH-SCOPE"), func(ctx context.Context) {
		t := spec.Target()
		cfg := t.OAuth()
		cfg.Scopes = []string{"people:read"}
		src, err := auth.NewClientCredentialsSource(cfg)
		Expect(err).NotTo(HaveOccurred())
		c, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())

		_, _, err = c.ListPeople(ctx, salesloft.ListOptions{PerPage: 1})
		Expect(spec.Skippable(err)).To(Succeed(), "the granted scope works")

		_, _, err = c.ListAccounts(ctx, salesloft.ListOptions{PerPage: 1})
		Expect(err).To(HaveOccurred(), "accounts:read was not granted")
		Expect(errors.Is(err, salesloft.ErrForbidden)).To(BeTrue(), "want a permissions error, got %v", err)
		var apiErr *salesloft.APIError
		Expect(errors.As(err, &apiErr)).To(BeTrue())
		Expect(apiErr.Status).To(Equal(403))
		Expect(apiErr.Message).NotTo(BeEmpty(), "SalesLoft's error body")
		Expect(err.Error()).To(ContainSubstring("GET /v2/accounts"), "the error must name the operation")
	})
})
