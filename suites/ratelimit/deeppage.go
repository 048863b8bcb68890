package ratelimit

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// endpointCost marks an entry whose page costs what page 1 costs: the
// endpoint's own cost, whatever it is (RATE-COST-UNCHANGED checks that one
// against the contract).
const endpointCost = 0

// pageCost requests GET /v2/people?page=N&per_page=1 and returns the cost
// header of the answer.
func pageCost(ctx context.Context, c *salesloft.Client, page int) int {
	q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {"1"}}
	_, err := c.Do(ctx, http.MethodGet, "/v2/people", q, nil, nil)
	Expect(err).NotTo(HaveOccurred())
	e := lastCall(http.MethodGet, "/v2/people")
	sent, err := url.ParseQuery(e.Query)
	Expect(err).NotTo(HaveOccurred())
	Expect(sent.Get("page")).To(Equal(strconv.Itoa(page)))
	Expect(e.Status).To(Equal(http.StatusOK))
	return rateHeader(e, headerCost)
}

var _ = spec.Describe("ratelimit: deep pages", func() {
	DescribeTable("GET /v2/people?page=N&per_page=1 costs the deep-page surcharge",
		spec.Items("RATE-DEEP-PAGE"),
		func(ctx context.Context, page, want int) {
			c := spec.UserClient(ctx)
			if want == endpointCost {
				want = pageCost(ctx, c, 1)
			}
			Expect(pageCost(ctx, c, page)).To(Equal(want), "page %d must cost %d", page, want)
		},
		Entry("page 100 costs what page 1 costs", 100, endpointCost),
		Entry("page 101 costs 3", 101, 3),
		Entry("page 150 costs 3", 150, 3),
		Entry("page 151 costs 8", 151, 8),
		Entry("page 250 costs 8", 250, 8),
		Entry("page 251 costs 10", 251, 10),
		Entry("page 500 costs 10", 500, 10),
		Entry("page 501 costs 30", 501, 30),
	)
})
