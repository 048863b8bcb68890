package contract

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readShape reads a body of our own with the shape of a real one (docs/real-payloads.md).
func readShape(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "realshape", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// deliveryHeader is a conforming delivery header set for event.
func deliveryHeader(event string) http.Header {
	return http.Header{
		"X-Salesloft-Event":     {event},
		"X-Salesloft-Signature": {strings.Repeat("ab", 20)},
		"Content-Type":          {"application/json"},
	}
}

func TestEventsDocumented(t *testing.T) {
	events := mustLoad(t).Events()
	if len(events) != 37 {
		t.Errorf("%d event types, want the 37 of API-FACTS §8: %v", len(events), events)
	}
	for _, want := range []string{"person_created", "task_completed", "cadence_membership_updated", "link_swap"} {
		if !strings.Contains(strings.Join(events, " "), want) {
			t.Errorf("event %s is not documented", want)
		}
	}
}

func TestValidateDeliveryAcceptsRealShapes(t *testing.T) {
	c := mustLoad(t)
	for _, tc := range []struct{ event, file string }{
		{"task_created", "delivery-task-created.json"},
		{"task_updated", "delivery-task-created.json"},
		{"account_deleted", "delivery-account-deleted.json"},
		{"account_updated", "delivery-account-deleted.json"},
	} {
		body := readShape(t, tc.file)
		for _, d := range []Delivery{
			{Header: deliveryHeader(tc.event), Body: body},
			{Event: tc.event, Body: body}, // a pasted body: no headers to check
		} {
			for _, v := range c.ValidateDelivery(context.Background(), d) {
				t.Errorf("%s: %s", tc.event, v)
			}
		}
	}
}

func TestValidateDeliveryRefuses(t *testing.T) {
	c := mustLoad(t)
	task := readShape(t, "delivery-task-created.json")
	noSig := deliveryHeader("task_created")
	noSig.Del("X-Salesloft-Signature")
	badSig := deliveryHeader("task_created")
	badSig.Set("X-Salesloft-Signature", "sha256=abc")
	tests := []struct {
		name       string
		d          Delivery
		rule, want string
	}{
		{"unknown event", Delivery{Event: "task_exploded", Body: task}, RuleUnknownEvent, "not documented"},
		{"no event at all", Delivery{Body: task}, RuleUnknownEvent, "names no event type"},
		{"no signature", Delivery{Header: noSig, Body: task}, RuleRequestParameter, "required header is missing"},
		{"signature not hex SHA-1", Delivery{Header: badSig, Body: task}, RuleRequestParameter, "does not match"},
		{"event header disagrees", Delivery{Event: "task_created", Header: deliveryHeader("task_updated"), Body: task}, RuleRequestParameter, "another event type"},
		{"wrapped in data", Delivery{Event: "task_created", Body: []byte(`{"data":` + string(task) + `}`)}, RuleRequestBody, "required property is missing"},
		{"wrong record", Delivery{Event: "user_created", Body: readShape(t, "delivery-account-deleted.json")}, RuleRequestBody, "required property is missing"},
		{"not JSON", Delivery{Event: "task_created", Body: []byte("<html>")}, RuleRequestBody, "not valid JSON"},
		{"id a string", Delivery{Event: "task_created", Body: []byte(strings.Replace(string(task), `"id":660001`, `"id":"660001"`, 1))}, RuleRequestBody, "integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vs := c.ValidateDelivery(context.Background(), tt.d)
			found := false
			for _, v := range vs {
				if v.Rule == tt.rule && strings.Contains(v.Message, tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("violations %v; want rule %s mentioning %q", vs, tt.rule, tt.want)
			}
		})
	}
}
