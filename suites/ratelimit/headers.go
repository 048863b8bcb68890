package ratelimit

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// sample is one request whose answer must carry the rate headers.
type sample struct {
	// path and query are the request (always a GET).
	path  string
	query url.Values
	// anonymous sends no token.
	anonymous bool
	// status is the answer expected.
	status int
}

var _ = spec.Describe("ratelimit: headers", func() {
	It("carries both rate headers on every answer to a spec's calls, the remaining budget falling by each cost", spec.Items("RATE-HEADERS"), func(ctx context.Context) {
		t := spec.Target()
		c := spec.UserClient(ctx)
		// The record bodies are not this spec's concern: only the answers' headers.
		for _, path := range []string{"/v2/me", "/v2/team"} {
			_, err := c.Do(ctx, http.MethodGet, path, nil, nil, nil)
			Expect(err).NotTo(HaveOccurred())
		}
		people, _, err := c.ListPeople(ctx, salesloft.ListOptions{PerPage: 5})
		Expect(err).NotTo(HaveOccurred())
		if len(people) > 0 {
			_, _, err = c.GetPerson(ctx, people[0].ID)
			Expect(err).NotTo(HaveOccurred())
		}
		_, _, err = c.ListCadences(ctx, salesloft.ListOptions{PerPage: 5})
		Expect(err).NotTo(HaveOccurred())

		exs := apiCalls()
		Expect(len(exs)).To(BeNumerically(">=", 4))
		cost := make([]int, len(exs))
		remaining := make([]int, len(exs))
		for i, e := range exs {
			cost[i] = rateHeader(e, headerCost)
			remaining[i] = rateHeader(e, headerRemaining)
		}
		// Within one minute window each answer's remaining budget is the
		// previous one's less this request's cost. On live, other
		// integrations of the team spend from the same budget, so it may
		// fall further.
		for i := 1; i < len(exs); i++ {
			prev, cur := exs[i-1], exs[i]
			if prev.Status >= 300 || cur.Status >= 300 || minuteOf(prev).IsZero() || !minuteOf(prev).Equal(minuteOf(cur)) {
				continue
			}
			want := remaining[i-1] - cost[i]
			what := fmt.Sprintf("%s %s: remaining %d after %d, cost %d", cur.Method, cur.Path, remaining[i], remaining[i-1], cost[i])
			if t.Kind == config.TargetLive {
				Expect(remaining[i]).To(BeNumerically("<=", want), what)
			} else {
				Expect(remaining[i]).To(Equal(want), what)
			}
		}
	})

	DescribeTable("carries both rate headers on every kind of answer",
		spec.Items("RATE-HEADERS"),
		func(ctx context.Context, s sample) {
			t := spec.Target()
			var c *salesloft.Client
			if s.anonymous {
				var err error
				c, err = t.Client(nil)
				Expect(err).NotTo(HaveOccurred())
			} else {
				c = spec.UserClient(ctx)
			}
			// The error, if any, is what the sample is for; the answer is
			// judged from the journal.
			resp, err := c.Do(ctx, http.MethodGet, s.path, s.query, nil, nil)
			if s.status < 300 {
				Expect(err).NotTo(HaveOccurred())
			} else {
				Expect(err).To(HaveOccurred())
			}
			Expect(resp).NotTo(BeNil())

			e := lastCall(http.MethodGet, s.path)
			Expect(e.Status).To(Equal(s.status))
			cost := rateHeader(e, headerCost)
			rateHeader(e, headerRemaining)
			if s.status < 300 {
				Expect(cost).To(BeNumerically(">=", 1), "a request that did work costs something")
			}
			Expect(resp.Cost).To(Equal(cost), "the client must report the cost header")
		},
		Entry("a record: GET /v2/me", sample{path: "/v2/me", status: http.StatusOK}),
		Entry("a list: GET /v2/accounts", sample{path: "/v2/accounts", status: http.StatusOK}),
		Entry("a list: GET /v2/users", sample{path: "/v2/users", status: http.StatusOK}),
		Entry("a 404 for an unknown record: GET /v2/people/{id}", sample{path: fmt.Sprintf("/v2/people/%d", spec.UnknownID), status: http.StatusNotFound}),
		Entry("a 422 for an invalid sort: GET /v2/people", sample{path: "/v2/people", query: url.Values{"sort_by": {"loftgate_no_such_field"}}, status: http.StatusUnprocessableEntity}),
		Entry("a 401 without a token: GET /v2/me", sample{path: "/v2/me", anonymous: true, status: http.StatusUnauthorized}),
	)
})
