package salesloft

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Sentinel errors matched with errors.Is against an *APIError (by status) or a
// *RateLimitError.
var (
	// ErrUnauthorized matches a 401: the token is missing, expired, revoked or not accepted.
	ErrUnauthorized = errors.New("salesloft: unauthorized")
	// ErrForbidden matches a 403: the token lacks a scope, or its user lacks a permission.
	ErrForbidden = errors.New("salesloft: forbidden")
	// ErrNotFound matches a 404: no such record (or the user cannot see it), or an unknown route.
	ErrNotFound = errors.New("salesloft: not found")
	// ErrServer matches any 5xx.
	ErrServer = errors.New("salesloft: server error")
	// ErrRateLimited matches a *RateLimitError: 429 after every allowed attempt.
	ErrRateLimited = errors.New("salesloft: rate limited")
)

// htmlNotFound is the Message of a 404 whose body is an HTML page: SalesLoft answers an
// unknown route that way rather than with JSON (API-FACTS §3.1).
const htmlNotFound = "endpoint not found (HTML 404): the path may have been renamed"

// APIError is an error response other than 422 and a final 429. Its message has the form
// "salesloft: GET /v2/people/999: 404 not found: <SalesLoft's message>".
type APIError struct {
	// Method is the request's HTTP method.
	Method string
	// Path is the request path without the query, e.g. /v2/people/999.
	Path string
	// Status is the HTTP status code.
	Status int
	// Message is SalesLoft's "error" string, or a description of a non-JSON body.
	Message string
}

// Error formats the error; a 403 is worded as a permissions (scope) problem.
func (e *APIError) Error() string {
	op := e.Method + " " + e.Path
	head := fmt.Sprintf("salesloft: %s: %d %s", op, e.Status, strings.ToLower(http.StatusText(e.Status)))
	msg := e.Message
	switch {
	case e.Status == http.StatusForbidden && strings.Contains(strings.ToLower(msg), "scope"):
		msg = fmt.Sprintf("permissions error: %s needs a scope the token lacks: %s", op, msg)
	case e.Status == http.StatusForbidden:
		msg = fmt.Sprintf("permissions error: %s is not allowed for this token's user: %s", op, msg)
	case e.Status == http.StatusUnauthorized && msg == "":
		msg = "the token was not accepted"
	}
	if msg == "" {
		return head
	}
	return head + ": " + msg
}

// Is matches ErrUnauthorized, ErrForbidden, ErrNotFound or ErrServer by Status.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized
	case ErrForbidden:
		return e.Status == http.StatusForbidden
	case ErrNotFound:
		return e.Status == http.StatusNotFound
	case ErrServer:
		return e.Status >= 500 && e.Status <= 599
	}
	return false
}

// ValidationError is a 422: SalesLoft returns every field error at once as
// {"errors": {"field": ["message", ...]}} (API-FACTS §5).
type ValidationError struct {
	// Method is the request's HTTP method.
	Method string
	// Path is the request path without the query.
	Path string
	// Fields maps each field to its messages. A message not tied to a field is under "base".
	Fields map[string][]string
}

// Error lists every field error, sorted by field: "salesloft: POST /v2/people: 422
// unprocessable entity: email_address has already been taken; name can't be blank".
func (e *ValidationError) Error() string {
	fields := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	var parts []string
	for _, f := range fields {
		for _, m := range e.Fields[f] {
			if f == "base" {
				parts = append(parts, m)
			} else {
				parts = append(parts, f+" "+m)
			}
		}
	}
	msg := fmt.Sprintf("salesloft: %s %s: 422 unprocessable entity", e.Method, e.Path)
	if len(parts) > 0 {
		msg += ": " + strings.Join(parts, "; ")
	}
	return msg
}

// RateLimitError is a 429 that persisted through every allowed attempt. The budget is
// 600 cost per minute per team, shared by every integration on the team (API-FACTS §6).
type RateLimitError struct {
	// Method is the request's HTTP method.
	Method string
	// Path is the request path without the query.
	Path string
	// Cost is x-ratelimit-endpoint-cost of the last response, -1 if absent.
	Cost int
	// Remaining is x-ratelimit-remaining-minute of the last response, -1 if absent.
	Remaining int
	// Attempts is how many requests were sent in all.
	Attempts int
	// RetryAfter is how long the last response said (or implied) to wait.
	RetryAfter time.Duration
}

// Error says what was limited and when to try again.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("salesloft: %s %s: 429 rate limited after %d attempts (endpoint cost %s, remaining this minute %s); the team's per-minute budget is shared by every integration: retry in %s or lower the request rate",
		e.Method, e.Path, e.Attempts, orUnknown(e.Cost), orUnknown(e.Remaining), e.RetryAfter)
}

// Is matches ErrRateLimited.
func (e *RateLimitError) Is(target error) bool { return target == ErrRateLimited }

func orUnknown(n int) string {
	if n < 0 {
		return "unknown"
	}
	return fmt.Sprint(n)
}

// errorFor maps a failed response to a typed error. secret is the access token sent,
// removed from any text the server echoed.
func errorFor(method, path string, status int, h http.Header, body []byte, secret string) error {
	if status == http.StatusUnprocessableEntity {
		return &ValidationError{Method: method, Path: path, Fields: validationFields(body, secret)}
	}
	return &APIError{Method: method, Path: path, Status: status, Message: message(status, h, body, secret)}
}

// message extracts SalesLoft's {"error": "..."} string, or describes a non-JSON body.
func message(status int, h http.Header, body []byte, secret string) string {
	trimmed := bytes.TrimSpace(body)
	var env struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &env) == nil {
		var s string
		switch {
		case len(env.Error) > 0 && json.Unmarshal(env.Error, &s) == nil:
		case len(env.Error) > 0:
			s = string(env.Error)
		default:
			s = env.Message
		}
		return redact(s, secret)
	}
	if isHTML(h, trimmed) {
		if status == http.StatusNotFound {
			return htmlNotFound
		}
		return "HTML error page instead of JSON"
	}
	return redact(snippet(trimmed), secret)
}

func isHTML(h http.Header, body []byte) bool {
	return strings.HasPrefix(strings.ToLower(h.Get("Content-Type")), "text/html") || bytes.HasPrefix(body, []byte("<"))
}

// snippet is a short, single-line rendering of a non-JSON body.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	const max = 200
	if len(s) > max {
		s = s[:max] + "..."
	}
	return s
}

// validationFields reads {"errors": {"field": ["msg"] | "msg"}}. The array form
// [{"attribute", "message"}] some guides show, or a plain {"error": "..."}, land under "base".
func validationFields(body []byte, secret string) map[string][]string {
	fields := map[string][]string{}
	var env struct {
		Errors json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err == nil && len(env.Errors) > 0 {
		var byField map[string]json.RawMessage
		if json.Unmarshal(env.Errors, &byField) == nil {
			for f, raw := range byField {
				fields[f] = append(fields[f], fieldMessages(raw, secret)...)
			}
			return fields
		}
		var list []struct {
			Attribute string `json:"attribute"`
			Message   string `json:"message"`
		}
		if json.Unmarshal(env.Errors, &list) == nil {
			for _, it := range list {
				f := it.Attribute
				if f == "" {
					f = "base"
				}
				fields[f] = append(fields[f], redact(it.Message, secret))
			}
			return fields
		}
	}
	if m := message(http.StatusUnprocessableEntity, http.Header{}, body, secret); m != "" {
		fields["base"] = []string{m}
	}
	return fields
}

// fieldMessages reads a field's messages: an array of strings, one string, or anything else as JSON text.
func fieldMessages(raw json.RawMessage, secret string) []string {
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		for i := range list {
			list[i] = redact(list[i], secret)
		}
		return list
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{redact(one, secret)}
	}
	return []string{redact(string(raw), secret)}
}

func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "[redacted]")
}
