// Package records holds the specs for the records real integrations write and read most beside
// people and accounts (the audit corpus, issue 8): tasks and their completion, notes, custom
// fields, person upserts, steps and tags, and logged calls. The specs that write create what
// they need, read it back, list it with a filter and a sort (but for upserts) and check the 422
// answer; the steps and tags spec only reads. Every spec but the upsert one checks the 404.
package records

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// writingClient starts a spec that creates records and sends a request missing required
// fields on purpose, to see the 422, and returns the user's client. It skips the spec on a
// live target without --allow-writes, and tells the harness that the missing fields are
// meant: the contract calls them a request-body violation, which then does not fail the spec.
func writingClient(ctx context.Context) *salesloft.Client {
	spec.RequireWrites()
	spec.AllowViolations(contract.DirectionRequest, contract.RuleRequestBody)
	return spec.UserClient(ctx)
}

// firstPerson returns the id of the team's oldest person, for records that belong to one.
func firstPerson(ctx context.Context, c *salesloft.Client) int {
	GinkgoHelper()
	people, _, err := c.ListPeople(ctx, salesloft.ListOptions{PerPage: 1, SortBy: "created_at", SortDirection: "ASC"})
	Expect(err).NotTo(HaveOccurred(), "GET /v2/people")
	Expect(people).NotTo(BeEmpty(), "the team needs a person")
	return people[0].ID
}

// record is one decoded record.
type record = map[string]any

// send sends a request of any method and returns the one record its answer
// holds ({"data": {...}}), or nil for a 204.
func send(ctx context.Context, c *salesloft.Client, method, path string, body any) (record, error) {
	var out struct {
		Data record `json:"data"`
	}
	_, err := c.Do(ctx, method, path, nil, body, &out)
	return out.Data, err
}

// list sends a list request with query q and returns its records.
func list(ctx context.Context, c *salesloft.Client, path string, q url.Values) []record {
	GinkgoHelper()
	var out struct {
		Data []record `json:"data"`
	}
	_, err := c.Do(ctx, http.MethodGet, path, q, nil, &out)
	Expect(err).NotTo(HaveOccurred(), "GET %s?%s", path, q.Encode())
	return out.Data
}

// idOf returns a record's id, or 0 when it has none.
func idOf(r record) int {
	n, _ := r["id"].(float64)
	return int(n)
}

// refID returns the id of the embedded reference {"id": 1, "_href": ...} in field, or 0.
func refID(r record, field string) int {
	ref, _ := r[field].(map[string]any)
	n, _ := ref["id"].(float64)
	return int(n)
}

// ids lists the records' ids in order.
func ids(rs []record) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = idOf(r)
	}
	return out
}

// expectNotFound checks a 404 answer for an unknown record.
func expectNotFound(ctx context.Context, c *salesloft.Client, path string) {
	GinkgoHelper()
	_, err := send(ctx, c, http.MethodGet, path+"/"+strconv.Itoa(spec.UnknownID), nil)
	Expect(errors.Is(err, salesloft.ErrNotFound)).To(BeTrue(), "GET %s/%d must answer 404, got %v", path, spec.UnknownID, err)
}

// expectInvalid checks a 422 answer that names exactly fields.
func expectInvalid(err error, fields ...string) {
	GinkgoHelper()
	var v *salesloft.ValidationError
	Expect(errors.As(err, &v)).To(BeTrue(), "want a 422 naming %v, got %v", fields, err)
	named := make([]string, 0, len(v.Fields))
	for f := range v.Fields {
		named = append(named, f)
	}
	Expect(named).To(ConsistOf(fields), "the 422 must name exactly %v: %v", fields, v.Fields)
}

// expectSorted checks that rs, listed with query q, are in the order q's sort_by and
// sort_direction ask for.
func expectSorted(rs []record, q url.Values) {
	GinkgoHelper()
	field, dir := q.Get("sort_by"), q.Get("sort_direction")
	Expect(sortedBy(rs, field, dir)).To(BeTrue(), "sort_by=%s&sort_direction=%s orders the list", field, dir)
}

// sortedBy reports whether the records' field values are in the direction dir ("ASC"/"DESC").
func sortedBy(rs []record, field, dir string) bool {
	for i := 1; i < len(rs); i++ {
		a, _ := rs[i-1][field].(string)
		b, _ := rs[i][field].(string)
		if (dir == "ASC" && a > b) || (dir == "DESC" && a < b) {
			return false
		}
	}
	return true
}
