package apierrors

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"
)

// maxServerAttempts is the checklist's bound: at most 3 attempts in all.
const maxServerAttempts = 3

var _ = spec.Describe("errors: server errors", func() {
	DescribeTable("a transient 5xx on GET is retried with exponential backoff and then succeeds",
		spec.Items("ERR-5XX-RETRY"),
		func(ctx context.Context, fault string, status int) {
			t := spec.Target()
			var waited sleeps
			c := spec.UserClient(ctx, waited.option())
			inject(ctx, target.Fault{Name: fault, Operation: "GET /v2/me", Count: maxServerAttempts - 1})

			start := t.Now()
			resp, err := getMe(ctx, c)
			elapsed := t.Now().Sub(start)

			Expect(err).NotTo(HaveOccurred(), "two %ds, then the answer: the third attempt must succeed", status)
			Expect(resp.Attempts).To(Equal(maxServerAttempts))
			exs := spec.Calls(http.MethodGet, "/v2/me")
			Expect(statuses(exs)).To(Equal([]int{status, status, http.StatusOK}))
			Expect(errorBody(exs[0])).NotTo(BeEmpty())

			// The server saw the retries spaced out, each gap at least twice
			// the one before.
			gap1 := dateOf(exs[1]).Sub(dateOf(exs[0]))
			gap2 := dateOf(exs[2]).Sub(dateOf(exs[1]))
			Expect(gap1).To(BeNumerically(">", 0), "the first retry came without any backoff")
			Expect(gap2).To(BeNumerically(">=", 2*gap1), "backoff must grow exponentially: gaps %s then %s", gap1, gap2)
			waits := waited.all()
			Expect(waits).To(HaveLen(2), "one wait before each retry")
			Expect(waits[1]).To(BeNumerically(">=", 2*waits[0]), "backoff must double: waited %s then %s", waits[0], waits[1])
			Expect(elapsed).To(BeNumerically(">=", waits[0]+waits[1]), "the waits must pass on the run's clock")
		},
		Entry("500 Internal Server Error", faultServer, http.StatusInternalServerError),
		Entry("502 Bad Gateway", faultGateway, http.StatusBadGateway),
	)

	It("gives up after 3 attempts when the 5xx persists", spec.Items("ERR-5XX-RETRY"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		inject(ctx, target.Fault{Name: faultServer, Operation: "GET /v2/me", Count: 5})

		resp, err := getMe(ctx, c)

		Expect(err).To(HaveOccurred(), "five 500s in a row outlast 3 attempts")
		Expect(errors.Is(err, salesloft.ErrServer)).To(BeTrue(), "want an error matching salesloft.ErrServer, got %v", err)
		var apiErr *salesloft.APIError
		Expect(errors.As(err, &apiErr)).To(BeTrue(), "want a *salesloft.APIError, got %T", err)
		Expect(apiErr.Status).To(Equal(http.StatusInternalServerError))
		Expect(err.Error()).To(ContainSubstring("GET /v2/me"))
		Expect(resp).NotTo(BeNil())
		Expect(resp.Attempts).To(Equal(maxServerAttempts))
		exs := spec.Calls(http.MethodGet, "/v2/me")
		Expect(statuses(exs)).To(Equal([]int{500, 500, 500}), "exactly %d requests for one call", maxServerAttempts)
	})

	It("does not retry a POST after a 5xx", spec.Items("ERR-5XX-RETRY"), func(ctx context.Context) {
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		// Should the create be repeated and succeed after all, the record
		// must not outlive the spec.
		DeferCleanup(func(ctx context.Context) {
			for _, e := range spec.Calls(http.MethodPost, "/v2/accounts") {
				var created struct {
					Data struct {
						ID int `json:"id"`
					} `json:"data"`
				}
				if e.Status < 300 && json.Unmarshal(e.ResponseBody, &created) == nil && created.Data.ID != 0 {
					_, err := c.DeleteAccount(ctx, created.Data.ID)
					Expect(err).NotTo(HaveOccurred(), "delete account %d created by a repeated POST", created.Data.ID)
				}
			}
		})
		inject(ctx, target.Fault{Name: faultServer, Operation: "POST /v2/accounts", Count: 1})

		_, _, err := c.CreateAccount(ctx, salesloft.AccountInput{Name: "loftgate ERR-5XX-RETRY account", Domain: "err-5xx-retry.loftgate.example.com"})

		Expect(errors.Is(err, salesloft.ErrServer)).To(BeTrue(), "want the 500 as an error matching salesloft.ErrServer, got %v", err)
		exs := spec.Calls(http.MethodPost, "/v2/accounts")
		Expect(statuses(exs)).To(Equal([]int{http.StatusInternalServerError}), "a POST is sent once: repeating it could create the record twice")
	})
})
