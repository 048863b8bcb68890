package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// RuleUnknownEvent: a webhook delivery names an event type the contract does not document.
const RuleUnknownEvent = "unknown-event"

// subscribeKey is the operation whose callbacks describe the webhook deliveries.
const subscribeKey = "POST /v2/webhook_subscriptions"

// headerEvent is the delivery header that names the event type (API-FACTS §8).
const headerEvent = "X-Salesloft-Event"

// Delivery is one webhook delivery as its receiver got it.
type Delivery struct {
	// Event is the event type, e.g. "person_created"; when empty it is read from the
	// x-salesloft-event header.
	Event string
	// Header holds the delivery's headers; nil when only the body is known (a pasted payload),
	// and the headers are then not checked.
	Header http.Header
	// Body is the raw JSON body.
	Body []byte
}

// Events returns the webhook event types the contract documents, sorted: the callbacks of
// POST /v2/webhook_subscriptions, one per event type.
func (c *Contract) Events() []string {
	r, ok := c.byKey[subscribeKey]
	if !ok {
		return nil
	}
	var out []string
	for name := range r.kin.Operation.Callbacks {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// deliveryOperation returns the callback operation that describes deliveries of event.
func (c *Contract) deliveryOperation(event string) (*openapi3.Operation, bool) {
	r, ok := c.byKey[subscribeKey]
	if !ok {
		return nil, false
	}
	ref := r.kin.Operation.Callbacks[event]
	if ref == nil || ref.Value == nil {
		return nil, false
	}
	for _, item := range ref.Value.Map() {
		if item != nil && item.Post != nil {
			return item.Post, true
		}
	}
	return nil, false
}

// ValidateDelivery checks a webhook delivery: that its event type is documented, its
// x-salesloft-event and x-salesloft-signature headers (when d.Header is set), and its body
// against the record schema of the event (SalesLoft posts the bare record, API-FACTS §8). It does
// not verify the signature itself, which needs the subscription's callback_token. Violations have
// Direction DirectionRequest, Method POST and Operation "webhook <event>".
func (c *Contract) ValidateDelivery(_ context.Context, d Delivery) []Violation {
	event := d.Event
	if event == "" && d.Header != nil {
		event = d.Header.Get(headerEvent)
	}
	base := Violation{Operation: "webhook " + event, Method: http.MethodPost, Path: "{callback_url}", Direction: DirectionRequest}
	if event == "" {
		return []Violation{base.with(RuleUnknownEvent, "header:x-salesloft-event", "the delivery names no event type; give it or send the x-salesloft-event header")}
	}
	op, ok := c.deliveryOperation(event)
	if !ok {
		return []Violation{base.with(RuleUnknownEvent, "", fmt.Sprintf("event type %q is not documented; documented: %s",
			event, strings.Join(c.Events(), ", ")))}
	}
	var out []Violation
	if d.Header != nil {
		out = append(out, deliveryHeaders(op, d.Header, event, base)...)
	}
	return append(out, deliveryBody(op, d.Body, base)...)
}

// deliveryHeaders checks the header parameters of a delivery operation.
func deliveryHeaders(op *openapi3.Operation, h http.Header, event string, base Violation) []Violation {
	var out []Violation
	for _, p := range op.Parameters {
		if p.Value == nil || p.Value.In != openapi3.ParameterInHeader {
			continue
		}
		name := strings.ToLower(p.Value.Name)
		pointer := "header:" + name
		v := h.Get(name)
		if v == "" {
			if p.Value.Required {
				out = append(out, base.with(RuleRequestParameter, pointer, "required header is missing"))
			}
			continue
		}
		if p.Value.Schema != nil && p.Value.Schema.Value != nil {
			if err := p.Value.Schema.Value.VisitJSON(v, headerSchemaOptions...); err != nil {
				out = append(out, base.with(RuleRequestParameter, pointer, "value does not match the schema"))
				continue
			}
		}
		if strings.EqualFold(name, headerEvent) && v != event {
			out = append(out, base.with(RuleRequestParameter, pointer, "names another event type than the delivery is checked as"))
		}
	}
	return out
}

// deliveryBody checks a delivery body against the operation's JSON schema.
func deliveryBody(op *openapi3.Operation, body []byte, base Violation) []Violation {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []Violation{base.with(RuleRequestBody, "$", "the body is not valid JSON")}
	}
	opts := []openapi3.SchemaValidationOption{openapi3.MultiErrors(), openapi3.DisableSchemaErrorDetails(), openapi3.VisitAsRequest()}
	if err := mt.Schema.Value.VisitJSON(v, opts...); err != nil {
		return schemaViolations(err, base, RuleRequestBody, "$")
	}
	return nil
}
