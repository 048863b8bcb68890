package ratelimit

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// costed is a read operation whose cost is checked, with how to build a
// request for it.
type costed struct {
	// key is the contract operation, e.g. "GET /v2/people/{id}".
	key string
	// path returns the concrete path to request, listing first to find an
	// id where the path has one.
	path func(ctx context.Context, c *salesloft.Client) string
}

// fixed is a path without parameters.
func fixed(p string) func(context.Context, *salesloft.Client) string {
	return func(context.Context, *salesloft.Client) string { return p }
}

// byID puts the id of the first record listed under list after prefix.
func byID(list, prefix string) func(context.Context, *salesloft.Client) string {
	return func(ctx context.Context, c *salesloft.Client) string {
		return prefix + "/" + strconv.Itoa(firstID(ctx, c, list))
	}
}

// readOperations are the operations a run can call without writing
// anything; each gets its own spec.
var readOperations = []costed{
	{"GET /v2/me", fixed("/v2/me")},
	{"GET /v2/team", fixed("/v2/team")},
	{"GET /v2/users", fixed("/v2/users")},
	{"GET /v2/people", fixed("/v2/people")},
	{"GET /v2/people/{id}", byID("/v2/people", "/v2/people")},
	{"GET /v2/accounts", fixed("/v2/accounts")},
	{"GET /v2/accounts/{id}", byID("/v2/accounts", "/v2/accounts")},
	{"GET /v2/cadences", fixed("/v2/cadences")},
	{"GET /v2/cadences/{id}", byID("/v2/cadences", "/v2/cadences")},
	{"GET /v2/cadence_exports/{id}", byID("/v2/cadences", "/v2/cadence_exports")},
	{"GET /v2/cadence_memberships", fixed("/v2/cadence_memberships")},
	{"GET /v2/webhook_subscriptions", fixed("/v2/webhook_subscriptions")},
}

var _ = spec.Describe("ratelimit: endpoint costs", func() {
	// The specs are built from the contract while the tree is built: one
	// per read operation it describes.
	doc, err := contract.Load()
	if err != nil {
		It("loads the contract", spec.Items("RATE-COST-UNCHANGED"), func() {
			Fail(fmt.Sprintf("the endpoint costs come from the contract, which does not load: %v", err))
		})
		return
	}
	for _, op := range readOperations {
		if _, ok := doc.Operation(op.key); !ok {
			It(op.key+" is in the contract", spec.Items("RATE-COST-UNCHANGED"), func() {
				Fail(op.key + " is not in contracts/salesloft-v2.yaml, so its cost cannot be checked; add the operation with its x-cost")
			})
			continue
		}
		It(op.key+" costs the contract's x-cost", spec.Items("RATE-COST-UNCHANGED"), func(ctx context.Context) {
			t := spec.Target()
			contracted, ok := t.Contract.Operation(op.key)
			Expect(ok).To(BeTrue(), "the run's contract has no %s", op.key)
			c := spec.UserClient(ctx)
			path := op.path(ctx, c)

			_, err := c.Do(ctx, http.MethodGet, path, nil, nil, nil)
			Expect(err).NotTo(HaveOccurred())

			e := lastCall(http.MethodGet, path)
			Expect(e.Status).To(Equal(http.StatusOK))
			observed := rateHeader(e, headerCost)
			if observed != contracted.Cost {
				Fail(fmt.Sprintf("%s costs %d (x-ratelimit-endpoint-cost) but the contract's x-cost is %d; SalesLoft changed the cost: update x-cost in contracts/salesloft-v2.yaml and the integration's rate budget",
					op.key, observed, contracted.Cost))
			}
		})
	}
})
