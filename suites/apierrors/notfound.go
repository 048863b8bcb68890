package apierrors

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// getRecord fetches one record by id with a typed client method.
type getRecord func(ctx context.Context, c *salesloft.Client, id int) error

func getPerson(ctx context.Context, c *salesloft.Client, id int) error {
	_, _, err := c.GetPerson(ctx, id)
	return err
}

func getAccount(ctx context.Context, c *salesloft.Client, id int) error {
	_, _, err := c.GetAccount(ctx, id)
	return err
}

var _ = spec.Describe("errors: unknown record", func() {
	DescribeTable("answers 404 with {\"error\"} and the client reports not-found naming method and path",
		spec.Items("ERR-404"),
		func(ctx context.Context, prefix string, get getRecord) {
			c := spec.UserClient(ctx)
			path := fmt.Sprintf("%s/%d", prefix, spec.UnknownID)

			err := get(ctx, c, spec.UnknownID)

			Expect(err).To(HaveOccurred(), "GET %s asks for a record that does not exist", path)
			Expect(errors.Is(err, salesloft.ErrNotFound)).To(BeTrue(), "want an error matching salesloft.ErrNotFound, got %v", err)
			Expect(err.Error()).To(ContainSubstring("GET "+path), "the error must name the method and path")
			var apiErr *salesloft.APIError
			Expect(errors.As(err, &apiErr)).To(BeTrue(), "want a *salesloft.APIError, got %T", err)
			Expect(apiErr.Method).To(Equal(http.MethodGet))
			Expect(apiErr.Path).To(Equal(path))
			Expect(apiErr.Status).To(Equal(http.StatusNotFound))

			exs := spec.Calls(http.MethodGet, path)
			Expect(statuses(exs)).To(Equal([]int{http.StatusNotFound}), "GET %s: one request, answered 404 (a 4xx is not retried)", path)
			// An unknown record is a JSON {"error"} body; an HTML 404 page
			// means the route itself is unknown (renamed or removed).
			msg := errorBody(exs[0])
			Expect(apiErr.Message).To(Equal(msg), "the client must surface SalesLoft's message")
		},
		Entry("a person", "/v2/people", getRecord(getPerson)),
		Entry("an account", "/v2/accounts", getRecord(getAccount)),
	)
})
