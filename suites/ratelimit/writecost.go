package ratelimit

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("ratelimit: write costs", func() {
	It("charges each write operation the contract's x-cost", spec.Items("RATE-COST-UNCHANGED"), func(ctx context.Context) {
		spec.RequireWrites()
		t := spec.Target()
		c := spec.UserClient(ctx)
		// costOf checks the cost of the spec's last METHOD path against the
		// contract's x-cost for op.
		costOf := func(op, method, path string) {
			GinkgoHelper()
			want, ok := t.Contract.Operation(op)
			Expect(ok).To(BeTrue(), "the contract has no %s", op)
			e := lastCall(method, path)
			if got := rateHeader(e, headerCost); got != want.Cost {
				Fail(fmt.Sprintf("%s costs %d (x-ratelimit-endpoint-cost) but the contract's x-cost is %d; SalesLoft changed the cost: update x-cost in contracts/salesloft-v2.yaml and the integration's rate budget", op, got, want.Cost))
			}
		}

		account, _, err := c.CreateAccount(ctx, salesloft.AccountInput{Name: "loftgate cost check", Domain: "loftgate-cost-check.example.com"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/accounts")
		accountPath := "/v2/accounts/" + strconv.Itoa(account.ID)
		deleted := false
		DeferCleanup(func(ctx context.Context) {
			if !deleted {
				_, err := c.DeleteAccount(ctx, account.ID)
				Expect(err).NotTo(HaveOccurred(), "clean up %s", accountPath)
			}
		})
		costOf("POST /v2/accounts", http.MethodPost, "/v2/accounts")
		_, _, err = c.UpdateAccount(ctx, account.ID, salesloft.AccountInput{Description: "updated by loftgate"})
		Expect(err).NotTo(HaveOccurred(), "PUT %s", accountPath)
		costOf("PUT /v2/accounts/{id}", http.MethodPut, accountPath)

		person, _, err := c.CreatePerson(ctx, salesloft.PersonInput{EmailAddress: "loftgate.cost-check@example.com", FirstName: "Cost", LastName: "Check"})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/people")
		personPath := "/v2/people/" + strconv.Itoa(person.ID)
		personDeleted := false
		DeferCleanup(func(ctx context.Context) {
			if !personDeleted {
				_, err := c.DeletePerson(ctx, person.ID)
				Expect(err).NotTo(HaveOccurred(), "clean up %s", personPath)
			}
		})
		costOf("POST /v2/people", http.MethodPost, "/v2/people")
		_, _, err = c.UpdatePerson(ctx, person.ID, salesloft.PersonInput{FirstName: "Costed"})
		Expect(err).NotTo(HaveOccurred(), "PUT %s", personPath)
		costOf("PUT /v2/people/{id}", http.MethodPut, personPath)

		cadence := firstID(ctx, c, "/v2/cadences")
		_, _, err = c.CreateCadenceMembership(ctx, salesloft.CadenceMembershipInput{PersonID: person.ID, CadenceID: cadence})
		Expect(err).NotTo(HaveOccurred(), "POST /v2/cadence_memberships")
		costOf("POST /v2/cadence_memberships", http.MethodPost, "/v2/cadence_memberships")

		_, err = c.DeletePerson(ctx, person.ID)
		Expect(err).NotTo(HaveOccurred(), "DELETE %s", personPath)
		personDeleted = true
		costOf("DELETE /v2/people/{id}", http.MethodDelete, personPath)
		_, err = c.DeleteAccount(ctx, account.ID)
		Expect(err).NotTo(HaveOccurred(), "DELETE %s", accountPath)
		deleted = true
		costOf("DELETE /v2/accounts/{id}", http.MethodDelete, accountPath)
	})
})
