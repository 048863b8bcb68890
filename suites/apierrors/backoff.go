package apierrors

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"
)

// Simulator faults these specs inject (harness/sim faults.go).
const (
	faultRateLimit  = "rate_limit"
	faultRetryAfter = "retry_after"
	faultServer     = "server_error"
	faultGateway    = "bad_gateway"
)

// slack is how much longer than the required wait a client may wait per 429
// (a margin for clock skew) before it counts as waiting too long.
const slack = 2 * time.Second

// retryAfterSeconds is the Retry-After the Retry-After spec makes the
// simulator send: longer than any minute window, so a client that ignores
// the header and waits for the window retries too early.
const retryAfterSeconds = 90

// maxSpend bounds the requests that spend the budget (600 / 30 = 20).
const maxSpend = 25

// requiredWait is how long a client must wait after the 429 e: Retry-After
// when the answer carries it, else until the end of the rate window, the
// next minute of the server's clock (budgets are per minute, aligned to the
// minute, API-FACTS §6).
func requiredWait(e run.Exchange) time.Duration {
	if ra := e.ResponseHeader.Get("Retry-After"); ra != "" {
		secs, err := strconv.Atoi(ra)
		Expect(err).NotTo(HaveOccurred(), "Retry-After %q is not a number of seconds", ra)
		return time.Duration(secs) * time.Second
	}
	d := dateOf(e)
	return d.Truncate(time.Minute).Add(time.Minute).Sub(d)
}

var _ = spec.Describe("errors: rate limit", func() {
	DescribeTable("at zero budget answers 429, and the client waits for the budget window (or Retry-After), then succeeds",
		spec.Items("ERR-429-BACKOFF"),
		func(ctx context.Context, limited int) {
			t := spec.Target()
			c := spec.UserClient(ctx)
			inject(ctx, target.Fault{Name: faultRateLimit, Operation: "GET /v2/me", Count: limited})

			start := t.Now()
			resp, err := getMe(ctx, c)
			elapsed := t.Now().Sub(start)

			Expect(err).NotTo(HaveOccurred(), "the client must wait out %d 429(s) and then succeed", limited)
			Expect(resp.Attempts).To(Equal(limited+1), "attempts: %d 429(s), then the success", limited)
			exs := spec.Calls(http.MethodGet, "/v2/me")
			want := make([]int, limited+1)
			for i := range limited {
				want[i] = http.StatusTooManyRequests
			}
			want[limited] = http.StatusOK
			Expect(statuses(exs)).To(Equal(want))

			var window time.Duration
			for i := range limited {
				Expect(errorBody(exs[i])).NotTo(BeEmpty())
				Expect(exs[i].Remaining()).To(BeNumerically("<", exs[i].Cost()),
					"429 %d: x-ratelimit-remaining-minute %d must be below the cost %d", i+1, exs[i].Remaining(), exs[i].Cost())
				wait := requiredWait(exs[i])
				end := dateOf(exs[i]).Add(wait)
				Expect(dateOf(exs[i+1])).To(BeTemporally(">=", end),
					"retry %d was sent at %s, before the wait for the 429 at %s ended at %s", i+1, dateOf(exs[i+1]), dateOf(exs[i]), end)
				window += wait
			}
			Expect(elapsed).To(BeNumerically(">=", window), "the run clock moved %s; the 429s asked for %s", elapsed, window)
			Expect(elapsed).To(BeNumerically("<=", window+time.Duration(limited)*slack), "the client waited %s; the 429s asked for only %s", elapsed, window)
		},
		Entry("one 429", 1),
		Entry("two 429s in a row", 2),
	)

	It("waits for Retry-After when the 429 carries one", spec.Items("ERR-429-BACKOFF"), func(ctx context.Context) {
		t := spec.Target()
		c := spec.UserClient(ctx)
		inject(ctx, target.Fault{Name: faultRateLimit, Operation: "GET /v2/me", Count: 1})
		inject(ctx, target.Fault{Name: faultRetryAfter, Operation: "GET /v2/me", Count: 1, Value: strconv.Itoa(retryAfterSeconds)})

		start := t.Now()
		resp, err := getMe(ctx, c)
		elapsed := t.Now().Sub(start)

		Expect(err).NotTo(HaveOccurred())
		Expect(resp.Attempts).To(Equal(2))
		exs := spec.Calls(http.MethodGet, "/v2/me")
		Expect(statuses(exs)).To(Equal([]int{http.StatusTooManyRequests, http.StatusOK}))
		Expect(exs[0].ResponseHeader.Get("Retry-After")).To(Equal(strconv.Itoa(retryAfterSeconds)), "the simulator's 429 must carry Retry-After")
		wait := retryAfterSeconds * time.Second
		Expect(dateOf(exs[1]).Sub(dateOf(exs[0]))).To(BeNumerically(">=", wait),
			"the retry came %s after the 429; Retry-After asked for %s", dateOf(exs[1]).Sub(dateOf(exs[0])), wait)
		Expect(elapsed).To(BeNumerically(">=", wait))
		Expect(elapsed).To(BeNumerically("<=", wait+slack), "the client waited %s; Retry-After asked for %s", elapsed, wait)
	})

	DescribeTable("gives up with a RateLimitError after MaxAttempts when the 429 persists, never looping",
		spec.Items("ERR-429-BACKOFF"),
		func(ctx context.Context, maxAttempts int, opts ...salesloft.Option) {
			c := spec.UserClient(ctx, opts...)
			inject(ctx, target.Fault{Name: faultRateLimit, Operation: "GET /v2/me"})

			resp, err := getMe(ctx, c)

			Expect(err).To(HaveOccurred(), "every answer was 429")
			Expect(errors.Is(err, salesloft.ErrRateLimited)).To(BeTrue(), "want an error matching salesloft.ErrRateLimited, got %v", err)
			var rl *salesloft.RateLimitError
			Expect(errors.As(err, &rl)).To(BeTrue(), "want a *salesloft.RateLimitError, got %T", err)
			Expect(rl.Attempts).To(Equal(maxAttempts))
			Expect(rl.Method).To(Equal(http.MethodGet))
			Expect(rl.Path).To(Equal("/v2/me"))
			Expect(rl.RetryAfter).To(BeNumerically(">", 0), "the error must say when to try again")
			Expect(resp).NotTo(BeNil())
			Expect(resp.Attempts).To(Equal(maxAttempts))
			exs := spec.Calls(http.MethodGet, "/v2/me")
			Expect(exs).To(HaveLen(maxAttempts), "requests sent for one call")
			for _, e := range exs {
				Expect(e.Status).To(Equal(http.StatusTooManyRequests))
			}
			Expect(rl.Cost).To(Equal(exs[len(exs)-1].Cost()), "the error carries the last answer's cost")
			Expect(rl.Remaining).To(Equal(exs[len(exs)-1].Remaining()), "the error carries the last answer's remaining budget")
		},
		Entry("with the default MaxAttempts", salesloft.DefaultMaxAttempts),
		Entry("with MaxAttempts 5", 5, salesloft.WithMaxAttempts(5)),
	)

	It("answers 429 once the minute's budget is really spent, and the client succeeds in the next window", spec.Items("ERR-429-BACKOFF"), func(ctx context.Context) {
		// Spending a whole minute's budget is for the simulator only: on a
		// live team it would starve every other integration.
		spec.Control()
		t := spec.Target()
		src, err := t.UserSource(ctx)
		Expect(spec.Skippable(err)).To(Succeed())
		impatient, err := t.Client(src, salesloft.WithMaxAttempts(1))
		Expect(err).NotTo(HaveOccurred())
		patient, err := t.Client(src)
		Expect(err).NotTo(HaveOccurred())
		// The deepest pages cost 30, so the 600-per-minute budget is spent
		// in about 20 requests.
		deep := url.Values{"page": {"501"}, "per_page": {"1"}}

		var limited *salesloft.RateLimitError
		for range maxSpend {
			_, err := impatient.Do(ctx, http.MethodGet, "/v2/people", deep, nil, nil)
			if errors.As(err, &limited) {
				break
			}
			Expect(err).NotTo(HaveOccurred())
		}
		Expect(limited).NotTo(BeNil(), "%d requests for page 501 (cost 30 each) never met a 429; the budget is 600 per minute", maxSpend)
		exs := spec.Calls(http.MethodGet, "/v2/people")
		last := exs[len(exs)-1]
		Expect(last.Status).To(Equal(http.StatusTooManyRequests))
		Expect(errorBody(last)).NotTo(BeEmpty())
		Expect(last.Remaining()).To(BeNumerically("<", last.Cost()), "a 429 at zero budget: remaining %d, cost %d", last.Remaining(), last.Cost())

		start := t.Now()
		resp, err := patient.Do(ctx, http.MethodGet, "/v2/people", deep, nil, nil)
		elapsed := t.Now().Sub(start)
		Expect(err).NotTo(HaveOccurred(), "after the budget window the request must succeed")
		Expect(resp.Attempts).To(Equal(2), "one 429, then the success in the next window")
		exs = spec.Calls(http.MethodGet, "/v2/people")
		limitedAt, retried := exs[len(exs)-2], exs[len(exs)-1]
		Expect(limitedAt.Status).To(Equal(http.StatusTooManyRequests))
		Expect(retried.Status).To(Equal(http.StatusOK))
		wait := requiredWait(limitedAt)
		Expect(dateOf(retried)).To(BeTemporally(">=", dateOf(limitedAt).Add(wait)), "the retry was sent before the budget window ended, %s after the 429", wait)
		Expect(elapsed).To(BeNumerically(">=", wait))
		Expect(elapsed).To(BeNumerically("<=", wait+slack), "the client waited %s; the 429 asked for %s", elapsed, wait)
	})
})
