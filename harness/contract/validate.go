package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Exchange is one HTTP request and its response, as validation sees them. Bodies are the raw
// bytes sent and received.
type Exchange struct {
	// Method is the request's HTTP method.
	Method string
	// URL is the request URL; only its path and query are used.
	URL *url.URL
	// RequestHeader holds the request's headers.
	RequestHeader http.Header
	// RequestBody is the raw request body; nil or empty when there was none.
	RequestBody []byte
	// Status is the response status code; 0 when no response arrived (the response is then
	// not validated).
	Status int
	// ResponseHeader holds the response's headers.
	ResponseHeader http.Header
	// ResponseBody is the raw response body.
	ResponseBody []byte
	// Duration is how long the exchange took, from sending the request to
	// reading the whole response (set by Transport; not validated).
	Duration time.Duration
	// NotValidated says which part of the exchange Transport passed through without validating
	// and why, such as "not validated: request body over 10485760 bytes"; empty when it
	// validated all it received.
	NotValidated string
	// Err is the transport error, or the error that cut the response body short, when Transport
	// saw one; the response is then not validated.
	Err error
}

// newFilterOptions returns the kin-openapi options every validation uses: all errors at once,
// undocumented statuses reported, authentication not checked (specs send bad and missing tokens
// on purpose), no defaults written into requests, and no values in error messages.
func newFilterOptions() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		SkipSettingDefaults:   true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.DisableSchemaErrorDetails(),
		},
	}
}

// headerSchemaOptions are the schema options for response header values.
var headerSchemaOptions = []openapi3.SchemaValidationOption{
	openapi3.MultiErrors(), openapi3.DisableSchemaErrorDetails(), openapi3.VisitAsResponse(),
}

// Validate checks the request and then the response of an exchange and returns every violation
// found, or nil. An exchange whose method and path match no operation gives exactly one violation
// with the rule RuleUnknownOperation.
func (c *Contract) Validate(ctx context.Context, ex Exchange) []Violation {
	_, out := c.check(ctx, ex, true)
	return out
}

// check routes an exchange once and validates its request and, when response is true, its
// response; it returns the operation (zero when unknown) along with the violations.
func (c *Contract) check(ctx context.Context, ex Exchange, response bool) (Operation, []Violation) {
	r, params, base, segs := c.resolve(ex)
	if r == nil {
		return Operation{}, []Violation{c.unknown(base, segs)}
	}
	out := c.validateRequest(ctx, r, params, base, ex)
	if response {
		out = append(out, c.validateResponse(ctx, r, params, base, ex)...)
	}
	return r.op, out
}

// ValidateRequest checks only the request of an exchange: path and query parameters and the body.
func (c *Contract) ValidateRequest(ctx context.Context, ex Exchange) []Violation {
	_, out := c.check(ctx, ex, false)
	return out
}

// ValidateResponse checks only the response of an exchange: that its status is documented, the
// declared headers, the content type and the body.
func (c *Contract) ValidateResponse(ctx context.Context, ex Exchange) []Violation {
	r, params, base, segs := c.resolve(ex)
	if r == nil {
		return []Violation{c.unknown(base, segs)}
	}
	return c.validateResponse(ctx, r, params, base, ex)
}

// resolve routes an exchange and prepares the fields every violation of it shares.
func (c *Contract) resolve(ex Exchange) (*route, map[string]string, Violation, []string) {
	base := Violation{Method: strings.ToUpper(ex.Method), Direction: DirectionRequest}
	if ex.URL != nil {
		base.Path = ex.URL.Path
	}
	segs := splitPath(base.Path)
	r, params := c.match(base.Method, segs)
	if r != nil {
		base.Operation = r.op.Key
	}
	return r, params, base, segs
}

// unknown builds the violation for an exchange no operation matches.
func (c *Contract) unknown(base Violation, segs []string) Violation {
	msg := fmt.Sprintf("no operation of contract %s matches %s %s", c.version, base.Method, joinPath(segs))
	if methods := c.methodsFor(segs); len(methods) > 0 {
		msg = fmt.Sprintf("the contract defines %s on this path but not %s", strings.Join(methods, ", "), base.Method)
	}
	return base.with(RuleUnknownOperation, "", msg)
}

// kinRequest builds the request value kin-openapi validates.
func kinRequest(method string, ex Exchange) *http.Request {
	u := ex.URL
	if u == nil {
		u = &url.URL{}
	}
	h := ex.RequestHeader
	if h == nil {
		h = http.Header{}
	}
	req := &http.Request{Method: method, URL: u, Header: h, Body: http.NoBody}
	if len(ex.RequestBody) > 0 {
		body := ex.RequestBody
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return req
}

// validateRequest runs kin-openapi's request validation for a routed exchange.
func (c *Contract) validateRequest(ctx context.Context, r *route, params map[string]string, base Violation, ex Exchange) []Violation {
	in := &openapi3filter.RequestValidationInput{
		Request: kinRequest(base.Method, ex), PathParams: params, Route: r.kin, Options: c.options,
	}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return requestViolations(err, base)
	}
	return nil
}

// validateResponse checks status and headers itself and the content type and body with
// kin-openapi.
func (c *Contract) validateResponse(ctx context.Context, r *route, params map[string]string, base Violation, ex Exchange) []Violation {
	if ex.Status == 0 {
		return nil
	}
	base.Direction = DirectionResponse
	responses := r.kin.Operation.Responses
	ref := responses.Status(ex.Status)
	if ref == nil {
		ref = responses.Default()
	}
	if ref == nil || ref.Value == nil {
		documented := slices.Sorted(maps.Keys(responses.Map()))
		return []Violation{base.with(RuleStatus, "", fmt.Sprintf("status %d is not documented; documented: %s",
			ex.Status, strings.Join(documented, ", ")))}
	}
	out := checkHeaders(c.headers[ref.Value], ex.ResponseHeader, base, headerSchemaOptions)
	if base.Method == http.MethodHead {
		// A HEAD answer has the GET answer's status and headers but never a body.
		return out
	}
	h := ex.ResponseHeader
	if h == nil {
		h = http.Header{}
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: kinRequest(base.Method, Exchange{URL: ex.URL}), PathParams: params, Route: r.kin, Options: c.options,
		},
		Status:  ex.Status,
		Header:  h,
		Options: c.options,
	}
	in.SetBodyBytes(ex.ResponseBody)
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		out = append(out, responseViolations(err, base)...)
	}
	return out
}
