package contract

import (
	"errors"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Directions of a Violation.
const (
	// DirectionRequest marks a violation found in what the client sent.
	DirectionRequest = "request"
	// DirectionResponse marks a violation found in what the server answered.
	DirectionResponse = "response"
)

// Rules of a Violation: what kind of contract term was broken.
const (
	// RuleUnknownOperation: no operation of the contract matches the method and path.
	RuleUnknownOperation = "unknown-operation"
	// RuleRequestParameter: a path, query or header parameter is missing or invalid.
	RuleRequestParameter = "request-parameter"
	// RuleRequestContentType: the request body has a media type the operation does not accept.
	RuleRequestContentType = "request-content-type"
	// RuleRequestBody: the request body is missing, not parseable, or does not match its schema.
	RuleRequestBody = "request-body"
	// RuleStatus: the response status is not documented for the operation.
	RuleStatus = "status"
	// RuleResponseHeader: a declared response header is missing or has an invalid value.
	RuleResponseHeader = "response-header"
	// RuleResponseContentType: the response has a media type the contract does not document for
	// that status (e.g. an HTML 404 page where JSON is documented).
	RuleResponseContentType = "response-content-type"
	// RuleResponseBody: the response body is not parseable or does not match its schema.
	RuleResponseBody = "response-body"
)

// Violation is one way an exchange breaks the contract. Messages never repeat the values that
// were sent or received, so a violation is safe to print even when a body carries a secret.
type Violation struct {
	// Operation is the contract operation's key, e.g. "GET /v2/me"; "" for RuleUnknownOperation.
	Operation string `json:"operation,omitempty"`
	// Method is the request's HTTP method.
	Method string `json:"method"`
	// Path is the request path as sent, e.g. "/v2/people/7.json".
	Path string `json:"path"`
	// Direction is DirectionRequest or DirectionResponse.
	Direction string `json:"direction"`
	// Rule is one of the Rule constants.
	Rule string `json:"rule"`
	// Pointer locates the problem: a JSON path such as "$.data.email" or "$.data[0].id", a
	// header such as "header:x-ratelimit-endpoint-cost", or a parameter such as "query:per_page".
	// It is "" when the problem has no narrower place (an unknown operation, a status).
	Pointer string `json:"pointer,omitempty"`
	// Message says what is wrong, in lower case.
	Message string `json:"message"`
}

// Error formats the violation as
// "contract: GET /v2/me: response $.data.email: value must be a string (rule response-body)".
func (v Violation) Error() string {
	var b strings.Builder
	b.WriteString("contract: ")
	if v.Operation != "" {
		b.WriteString(v.Operation)
	} else {
		b.WriteString(v.Method + " " + v.Path)
	}
	b.WriteString(": ")
	b.WriteString(v.Direction)
	if v.Pointer != "" {
		b.WriteString(" ")
		b.WriteString(v.Pointer)
	}
	b.WriteString(": ")
	b.WriteString(v.Message)
	b.WriteString(" (rule ")
	b.WriteString(v.Rule)
	b.WriteString(")")
	return b.String()
}

// with returns a copy of v with the rule, pointer and message set.
func (v Violation) with(rule, pointer, msg string) Violation {
	v.Rule, v.Pointer, v.Message = rule, pointer, msg
	return v
}

// requestViolations converts an error of openapi3filter.ValidateRequest into violations.
func requestViolations(err error, base Violation) []Violation {
	var out []Violation
	eachError(err, func(err error) {
		// Authentication is not checked (newFilterOptions), so kin-openapi reports no
		// SecurityRequirementsError; what remains are RequestErrors and, rarely, bare errors.
		var re *openapi3filter.RequestError
		if errors.As(err, &re) {
			out = append(out, requestError(re, base)...)
			return
		}
		out = append(out, schemaViolations(err, base, RuleRequestBody, "$")...)
	})
	return out
}

// requestError converts one RequestError.
func requestError(re *openapi3filter.RequestError, base Violation) []Violation {
	if p := re.Parameter; p != nil {
		where := p.In + ":" + p.Name
		if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
			return []Violation{base.with(RuleRequestParameter, where, "required parameter is missing")}
		}
		if re.Err == nil {
			return []Violation{base.with(RuleRequestParameter, where, lower(re.Reason))}
		}
		vs := schemaViolations(re.Err, base, RuleRequestParameter, where)
		for i := range vs {
			vs[i].Pointer = where
		}
		return vs
	}
	if strings.Contains(re.Reason, "header Content-Type has unexpected value") {
		return []Violation{base.with(RuleRequestContentType, "header:content-type",
			"the operation does not accept this request content type")}
	}
	if errors.Is(re.Err, openapi3filter.ErrInvalidRequired) {
		return []Violation{base.with(RuleRequestBody, "$", "request body is required but missing")}
	}
	if re.Err != nil {
		vs := schemaViolations(re.Err, base, RuleRequestBody, "$")
		if re.Reason != "" && !hasSchemaError(re.Err) {
			for i := range vs {
				vs[i].Message = lower(re.Reason) + ": " + vs[i].Message
			}
		}
		return vs
	}
	return []Violation{base.with(RuleRequestBody, "$", lower(re.Reason))}
}

// responseViolations converts an error of openapi3filter.ValidateResponse into violations.
func responseViolations(err error, base Violation) []Violation {
	var re *openapi3filter.ResponseError
	if !errors.As(err, &re) {
		return schemaViolations(err, base, RuleResponseBody, "$")
	}
	switch {
	case strings.Contains(re.Reason, "header Content-Type has unexpected value"):
		return []Violation{base.with(RuleResponseContentType, "header:content-type",
			"content type "+strconv.Quote(mediaType(re))+" is not documented for this status")}
	case re.Reason == "status is not supported":
		return []Violation{base.with(RuleStatus, "", "status is not documented for the operation")}
	case re.Err != nil && hasSchemaError(re.Err):
		return schemaViolations(re.Err, base, RuleResponseBody, "$")
	case re.Err != nil:
		return []Violation{base.with(RuleResponseBody, "$", lower(re.Reason)+": "+safeMessage(re.Err))}
	}
	return []Violation{base.with(RuleResponseBody, "$", lower(re.Reason))}
}

// mediaType returns the Content-Type a ResponseError was about.
func mediaType(re *openapi3filter.ResponseError) string {
	if re.Input != nil && re.Input.Header != nil {
		return re.Input.Header.Get("Content-Type")
	}
	return ""
}

// schemaViolations flattens schema errors (possibly nested in MultiErrors) into violations whose
// pointer starts at root ("$" for bodies). Other errors become one violation at root.
func schemaViolations(err error, base Violation, rule, root string) []Violation {
	var out []Violation
	eachError(err, func(err error) {
		var se *openapi3.SchemaError
		if !errors.As(err, &se) {
			out = append(out, base.with(rule, root, safeMessage(err)))
			return
		}
		path := se.JSONPointer()
		msg := lower(se.Reason)
		switch se.SchemaField {
		case "required":
			if name, ok := quoted(se.Reason); ok {
				path = withKey(path, name)
				msg = "required property is missing"
			}
		case "additionalProperties":
			if name, ok := quoted(se.Reason); ok {
				path = withKey(path, name)
				msg = "property is not allowed"
			}
		case "nullable":
			msg = "value must not be null"
		case "anyOf", "oneOf":
			if se.Schema != nil {
				if first := firstSentence(se.Schema.Description); first != "" {
					msg += " (" + first + ")"
				}
			}
		}
		if msg == "" {
			msg = "value does not match the schema (" + se.SchemaField + ")"
		}
		out = append(out, base.with(rule, jsonPath(root, path), msg))
	})
	return out
}

// eachError calls fn for every error in err, flattening kin-openapi's
// MultiErrors (directly, not errors that merely contain one).
func eachError(err error, fn func(error)) {
	if me, ok := err.(openapi3.MultiError); ok {
		for _, e := range me {
			eachError(e, fn)
		}
		return
	}
	fn(err)
}

// hasSchemaError reports whether err is or contains a SchemaError.
func hasSchemaError(err error) bool {
	var se *openapi3.SchemaError
	return errors.As(err, &se)
}

// safeMessage describes a non-schema error without the value that failed to parse.
func safeMessage(err error) string {
	var pe *openapi3filter.ParseError
	if errors.As(err, &pe) {
		msg := "cannot be parsed"
		if pe.Reason != "" {
			msg += ": " + pe.Reason
		}
		if pe.Cause != nil {
			var inner *openapi3filter.ParseError
			if !errors.As(pe.Cause, &inner) {
				msg += ": " + pe.Cause.Error()
			}
		}
		return lower(msg)
	}
	return lower(err.Error())
}

// firstSentence returns the first sentence of a schema description, on one line.
func firstSentence(desc string) string {
	desc = strings.Join(strings.Fields(desc), " ")
	if i := strings.Index(desc, ". "); i >= 0 {
		return desc[:i+1]
	}
	return desc
}

// withKey appends key to a JSON pointer unless kin-openapi already ended it with that key.
func withKey(path []string, key string) []string {
	if n := len(path); n > 0 && path[n-1] == key {
		return path
	}
	return append(path, key)
}

// quoted returns the first double-quoted string in s, as kin-openapi writes property names
// (`property "email" is missing`).
func quoted(s string) (string, bool) {
	i := strings.IndexByte(s, '"')
	if i < 0 {
		return "", false
	}
	q, err := strconv.QuotedPrefix(s[i:])
	if err != nil {
		return "", false
	}
	name, err := strconv.Unquote(q)
	return name, err == nil
}

// jsonPath renders a JSON pointer's keys as a JSONPath-like string: $.data.email, $.data[0].id,
// $.errors["first name"].
func jsonPath(root string, keys []string) string {
	var b strings.Builder
	b.WriteString(root)
	for _, k := range keys {
		switch {
		case isDigits(k):
			b.WriteString("[" + k + "]")
		case isIdentifier(k):
			b.WriteString("." + k)
		default:
			b.WriteString("[" + strconv.Quote(k) + "]")
		}
	}
	return b.String()
}

// isIdentifier reports whether k can follow a dot in a JSON path.
func isIdentifier(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// lower lower-cases the first letter of a message, which kin-openapi sometimes capitalises.
func lower(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c >= 'A' && c <= 'Z' {
		return string(c+'a'-'A') + s[1:]
	}
	return s
}
