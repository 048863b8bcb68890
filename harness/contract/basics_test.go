package contract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// basicsProblems lists what an API operation of c lacks of the minimum every catalog operation
// gets: the {data} envelope on success, the {"error"} / {"errors"} bodies, and paging on lists
// that take `page`. Rate headers are TestEveryAPIResponseDeclaresRateHeaders's; path parameters
// kin-openapi itself requires (TestBasicsProblemsFails shows a contract without one refused).
func basicsProblems(c *Contract) []string {
	var out []string
	for _, op := range c.Operations() {
		if op.Host != HostAPI {
			continue
		}
		kop := c.byKey[op.Key].kin
		paged := slices.ContainsFunc(kop.Operation.Parameters, func(p *openapi3.ParameterRef) bool {
			return p.Value != nil && p.Value.In == "query" && p.Value.Name == "page"
		})
		for _, code := range []string{"401", "403", "404", "429", "5XX"} {
			if !errorBody(kop.Operation.Responses.Value(code), "error") {
				out = append(out, fmt.Sprintf("%s: %s does not carry the {\"error\"} body", op.Key, code))
			}
		}
		if r := kop.Operation.Responses.Value("422"); r != nil && !errorBody(r, "errors") {
			out = append(out, fmt.Sprintf("%s: 422 does not carry the {\"errors\"} body", op.Key))
		}
		success := 0
		for code, r := range kop.Operation.Responses.Map() {
			if !strings.HasPrefix(code, "2") {
				continue
			}
			success++
			if code == "204" {
				continue
			}
			s := jsonSchema(r)
			if s == nil || !requiresData(s) {
				out = append(out, fmt.Sprintf("%s: %s is not in the {\"data\"} envelope", op.Key, code))
				continue
			}
			if paged {
				meta := s.Properties["metadata"]
				if !slices.Contains(s.Required, "metadata") || meta == nil || meta.Value.Properties["paging"] == nil {
					out = append(out, fmt.Sprintf("%s: %s of a paged list has no metadata.paging", op.Key, code))
				}
			}
		}
		if success == 0 {
			out = append(out, fmt.Sprintf("%s: no success response", op.Key))
		}
	}
	return out
}

// jsonSchema is the application/json schema of a response, or nil.
func jsonSchema(r *openapi3.ResponseRef) *openapi3.Schema {
	if r == nil || r.Value == nil {
		return nil
	}
	mt := r.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil
	}
	return mt.Schema.Value
}

// requiresData reports whether s requires `data`, itself or in one of its anyOf branches (the
// webhook_subscriptions answers, whose envelope SalesLoft's descriptions disagree on).
func requiresData(s *openapi3.Schema) bool {
	if slices.Contains(s.Required, "data") {
		return true
	}
	return slices.ContainsFunc(s.AnyOf, func(b *openapi3.SchemaRef) bool {
		return b.Value != nil && slices.Contains(b.Value.Required, "data")
	})
}

// errorBody reports whether r's JSON body requires the property name.
func errorBody(r *openapi3.ResponseRef, name string) bool {
	s := jsonSchema(r)
	return s != nil && slices.Contains(s.Required, name)
}

func TestEveryOperationHasTheBasics(t *testing.T) {
	for _, p := range basicsProblems(mustLoad(t)) {
		t.Error(p)
	}
}

// TestBasicsProblemsFails: the check finds each missing basic in a contract that lacks them.
func TestBasicsProblemsFails(t *testing.T) {
	doc := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /v2/widgets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200":
          description: bare record
          content:
            application/json:
              schema: {type: object}
  /v2/widgets:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        "200":
          description: list without metadata
          content:
            application/json:
              schema: {type: object, required: [data], properties: {data: {type: array, items: {type: object}}}}
`)
	undeclared := strings.Replace(string(doc), "        - {name: id, in: path, required: true, schema: {type: integer}}\n", "", 1)
	if _, err := Parse([]byte(strings.Replace(undeclared, "      parameters:\n      responses:", "      responses:", 1)), "nopath.yaml"); err == nil ||
		!strings.Contains(err.Error(), "path parameters") {
		t.Errorf("a contract without its path parameter loads: %v", err)
	}
	c, err := Parse(doc, "basics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(basicsProblems(c), "\n")
	for _, want := range []string{
		`GET /v2/widgets/{id}: 401 does not carry the {"error"} body`,
		`GET /v2/widgets/{id}: 200 is not in the {"data"} envelope`,
		"GET /v2/widgets: 200 of a paged list has no metadata.paging",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not include %q:\n%s", want, got)
		}
	}
}
