package contract

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// headerRule is one response header the contract declares.
type headerRule struct {
	name     string // as written in the contract, e.g. "x-ratelimit-endpoint-cost"
	canon    string // canonical MIME form, for http.Header lookups without allocation
	required bool
	schema   *openapi3.Schema
}

// detachHeaders moves the header declarations of every response out of the document into a table
// keyed by response. kin-openapi stops at the first bad header and then skips the body; checking
// headers here instead reports a missing rate header and a broken body in the same pass.
func detachHeaders(doc *openapi3.T) map[*openapi3.Response][]headerRule {
	table := map[*openapi3.Response][]headerRule{}
	var seen []*openapi3.Response
	for _, path := range doc.Paths.InMatchingOrder() {
		for _, op := range doc.Paths.Value(path).Operations() {
			if op.Responses == nil {
				continue
			}
			for _, ref := range op.Responses.Map() {
				resp := ref.Value
				if resp == nil || slices.Contains(seen, resp) {
					continue
				}
				seen = append(seen, resp)
				if rules := headerRules(resp.Headers); len(rules) > 0 {
					table[resp] = rules
				}
			}
		}
	}
	for _, resp := range seen {
		resp.Headers = nil
	}
	return table
}

// headerRules lists a response's header declarations in name order, leaving out Content-Type,
// which OpenAPI says to ignore there.
func headerRules(headers openapi3.Headers) []headerRule {
	var rules []headerRule
	for name, ref := range headers {
		canon := http.CanonicalHeaderKey(name)
		if canon == "Content-Type" || ref == nil || ref.Value == nil {
			continue
		}
		rule := headerRule{name: name, canon: canon, required: ref.Value.Required}
		if ref.Value.Schema != nil {
			rule.schema = ref.Value.Schema.Value
		}
		rules = append(rules, rule)
	}
	slices.SortFunc(rules, func(a, b headerRule) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	return rules
}

// checkHeaders validates the response headers against the rules and returns violations with the
// rule RuleResponseHeader.
func checkHeaders(rules []headerRule, h http.Header, base Violation, opts []openapi3.SchemaValidationOption) []Violation {
	var out []Violation
	for _, rule := range rules {
		values := h[rule.canon]
		if len(values) == 0 {
			if rule.required {
				out = append(out, base.with(RuleResponseHeader, "header:"+rule.name, "required header is missing"))
			}
			continue
		}
		if rule.schema == nil {
			continue
		}
		value, msg := headerValue(rule.schema, values[0])
		if msg != "" {
			out = append(out, base.with(RuleResponseHeader, "header:"+rule.name, msg))
			continue
		}
		if err := rule.schema.VisitJSON(value, opts...); err != nil {
			out = append(out, schemaViolations(err, base, RuleResponseHeader, "header:"+rule.name)...)
		}
	}
	return out
}

// headerValue converts a header's text to the JSON type its schema declares, or says why it
// cannot. The value itself is not repeated in the message.
func headerValue(schema *openapi3.Schema, text string) (any, string) {
	switch {
	case schema.Type.Is("integer"):
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, "value must be an integer"
		}
		return float64(n), ""
	case schema.Type.Is("number"):
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, "value must be a number"
		}
		return f, ""
	case schema.Type.Is("boolean"):
		b, err := strconv.ParseBool(text)
		if err != nil {
			return nil, "value must be true or false"
		}
		return b, ""
	}
	return text, ""
}
