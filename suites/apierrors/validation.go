package apierrors

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// invalidCreate is a create request that lacks required fields.
type invalidCreate struct {
	// path is the create endpoint, e.g. /v2/accounts.
	path string
	// create sends the request and returns the id of a record the server
	// created anyway (0 when it refused, as it should).
	create func(ctx context.Context, c *salesloft.Client) (int, error)
	// remove deletes a record create made by mistake.
	remove func(ctx context.Context, c *salesloft.Client, id int) error
	// fields are the fields the 422 must name, and no others: a field
	// SalesLoft newly requires is a migration finding.
	fields []string
}

func createAccount(in salesloft.AccountInput) func(context.Context, *salesloft.Client) (int, error) {
	return func(ctx context.Context, c *salesloft.Client) (int, error) {
		a, _, err := c.CreateAccount(ctx, in)
		if a != nil {
			return a.ID, err
		}
		return 0, err
	}
}

func deleteAccount(ctx context.Context, c *salesloft.Client, id int) error {
	_, err := c.DeleteAccount(ctx, id)
	return err
}

func createPerson(in salesloft.PersonInput) func(context.Context, *salesloft.Client) (int, error) {
	return func(ctx context.Context, c *salesloft.Client) (int, error) {
		p, _, err := c.CreatePerson(ctx, in)
		if p != nil {
			return p.ID, err
		}
		return 0, err
	}
}

func deletePerson(ctx context.Context, c *salesloft.Client, id int) error {
	_, err := c.DeletePerson(ctx, id)
	return err
}

var _ = spec.Describe("errors: field errors", func() {
	DescribeTable("a create without a required field answers 422 {\"errors\": {field: [...]}} and the client exposes every field",
		spec.Items("ERR-422-FIELDS"),
		func(ctx context.Context, tc invalidCreate) {
			spec.RequireWrites()
			// The create lacks a required field on purpose, which the
			// contract calls a request-body violation; any other still fails.
			spec.AllowViolations(contract.DirectionRequest, contract.RuleRequestBody)
			c := spec.UserClient(ctx)

			id, err := tc.create(ctx, c)
			if id != 0 {
				DeferCleanup(func(ctx context.Context) error { return tc.remove(ctx, c, id) })
				Fail("POST " + tc.path + " created a record although required fields were missing")
			}

			var verr *salesloft.ValidationError
			Expect(errors.As(err, &verr)).To(BeTrue(), "want a *salesloft.ValidationError, got %T: %v", err, err)
			Expect(verr.Method).To(Equal(http.MethodPost))
			Expect(verr.Path).To(Equal(tc.path))

			exs := spec.Calls(http.MethodPost, tc.path)
			Expect(statuses(exs)).To(Equal([]int{http.StatusUnprocessableEntity}), "POST %s: one request, answered 422", tc.path)
			var body struct {
				Errors map[string][]string `json:"errors"`
			}
			Expect(json.Unmarshal(exs[0].ResponseBody, &body)).To(Succeed(),
				"the 422 body must be {\"errors\": {field: [message, ...]}}, got %.300s", exs[0].ResponseBody)
			Expect(body.Errors).NotTo(BeEmpty(), "the 422 body names no field: %.300s", exs[0].ResponseBody)

			Expect(verr.Fields).To(Equal(body.Errors), "the client must expose every field error the server sent, with every message")
			for field := range body.Errors {
				Expect(err.Error()).To(ContainSubstring(field), "the error message must name field %q", field)
			}
			got := make([]string, 0, len(body.Errors))
			for field := range body.Errors {
				got = append(got, field)
			}
			slices.Sort(got)
			Expect(got).To(Equal(tc.fields), "POST %s: the fields SalesLoft requires changed", tc.path)
		},
		Entry("an account without a domain", invalidCreate{
			path:   "/v2/accounts",
			create: createAccount(salesloft.AccountInput{Name: "loftgate ERR-422 account"}),
			remove: deleteAccount,
			fields: []string{"domain"},
		}),
		Entry("an account with neither name nor domain", invalidCreate{
			path:   "/v2/accounts",
			create: createAccount(salesloft.AccountInput{Description: "loftgate ERR-422 account without name"}),
			remove: deleteAccount,
			fields: []string{"domain", "name"},
		}),
		Entry("a person with neither email nor phone and last name", invalidCreate{
			path:   "/v2/people",
			create: createPerson(salesloft.PersonInput{FirstName: "Loftgate"}),
			remove: deletePerson,
			fields: []string{"email_address"},
		}),
		Entry("a person with a phone but neither email nor last name", invalidCreate{
			path:   "/v2/people",
			create: createPerson(salesloft.PersonInput{FirstName: "Loftgate", Phone: "+1-555-0199"}),
			remove: deletePerson,
			fields: []string{"email_address", "last_name"},
		}),
	)
})
