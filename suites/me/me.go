// Package me holds the specs for GET /v2/me: who the token belongs to, and
// what an unauthenticated caller gets.
package me

import (
	"context"
	"errors"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("me", func() {
	It("returns the authenticated user's id, guid, name, email and team", spec.Items("ME-IDENTITY"), func(ctx context.Context) {
		t := spec.Target()
		src, err := t.UserSource(ctx)
		Expect(spec.Skippable(err)).To(Succeed())
		c, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())

		me, _, err := c.Me(ctx)
		Expect(err).NotTo(HaveOccurred())
		Expect(me.ID).To(BeNumerically(">", 0), "data.id")
		Expect(me.GUID).NotTo(BeEmpty(), "data.guid")
		Expect(me.Name).NotTo(BeEmpty(), "data.name")
		Expect(me.Email).To(ContainSubstring("@"), "data.email")
		Expect(me.Team).NotTo(BeNil(), "data.team")
		Expect(me.Team.ID).To(BeNumerically(">", 0), "data.team.id")
		AddReportEntry(spec.EntryIdentity, fmt.Sprintf("%s (%s)", me.Name, me.Email), ReportEntryVisibilityNever)
	})

	It("answers 401 with the documented body when no token is sent", spec.Items("ME-UNAUTHENTICATED"), func(ctx context.Context) {
		c, err := spec.Target().Client(nil)
		Expect(err).NotTo(HaveOccurred())

		_, resp, err := c.Me(ctx)
		Expect(err).To(HaveOccurred())
		Expect(errors.Is(err, salesloft.ErrUnauthorized)).To(BeTrue(), "want an unauthorized error, got %v", err)
		var apiErr *salesloft.APIError
		Expect(errors.As(err, &apiErr)).To(BeTrue())
		Expect(apiErr.Status).To(Equal(401))
		Expect(apiErr.Message).To(ContainSubstring("No Bearer Token"), "the documented 401 body")
		Expect(resp).NotTo(BeNil())
	})
})
