package sim

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// TestSignatureKnownAnswer pins the known-answer vector both sides pin:
// printf '{"id":1}' | openssl dgst -sha1 -hmac loftgate-test-key
func TestSignatureKnownAnswer(t *testing.T) {
	const want = "84a64ddfd90533f54bc0e63d9c1064865220b063"
	if got := sign(sha1.New, "loftgate-test-key", []byte(`{"id":1}`)); got != want {
		t.Fatalf("sign = %s, want %s", got, want)
	}
	if got := sign(sha1.New, "other-key", []byte(`{"id":1}`)); got == want {
		t.Fatal("signature does not depend on the key")
	}
}

// receiver records webhook deliveries and answers with statuses in turn (the last repeats).
type receiver struct {
	mu       sync.Mutex
	srv      *httptest.Server
	statuses []int
	got      []received
}

type received struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	return newReceiverWith(t, nil, statuses...)
}

// newReceiverWith is newReceiver whose answer, when then is not nil, comes from then.
func newReceiverWith(t *testing.T, then http.HandlerFunc, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		rc.mu.Lock()
		rc.got = append(rc.got, received{header: r.Header.Clone(), body: body})
		status := http.StatusOK
		if n := len(rc.got); len(rc.statuses) > 0 {
			status = rc.statuses[min(n, len(rc.statuses))-1]
		}
		rc.mu.Unlock()
		if then != nil {
			then(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) received() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

func hmacHex(newHash func() hash.Hash, key string, msg []byte) string {
	mac := hmac.New(newHash, []byte(key))
	mac.Write(msg)
	return hex.EncodeToString(mac.Sum(nil))
}

// subscribe creates an enabled subscription for event to rc.
func (h *harness) subscribe(rc *receiver, event string) {
	h.t.Helper()
	r := h.api("POST", "/v2/webhook_subscriptions", map[string]any{"callback_url": rc.srv.URL + "/hook",
		"callback_token": "cb-token", "event_type": event})
	if r.status != http.StatusOK {
		h.t.Fatalf("subscribe: %d %s", r.status, r.body)
	}
}

// deliveries reads GET /_sim/deliveries.
func (h *harness) deliveries() []map[string]any {
	h.t.Helper()
	var body struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal(h.do("GET", "/_sim/deliveries", nil).body, &body); err != nil {
		h.t.Fatal(err)
	}
	return body.Data
}

func TestDeliverySignedBareResource(t *testing.T) {
	h := newHarness(t, Options{})
	rc := newReceiver(t)
	h.subscribe(rc, "person_created")
	h.subscribe(rc, "account_created") // another event type: not sent for a person
	h.api("POST", "/v2/people", map[string]any{"email_address": "hook@example.com"})
	got := rc.received()
	if len(got) != 1 {
		t.Fatalf("%d deliveries, want 1", len(got))
	}
	d := got[0]
	if d.header.Get("X-Salesloft-Event") != "person_created" || d.header.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", d.header)
	}
	if want := hmacHex(sha1.New, "cb-token", d.body); d.header.Get("X-Salesloft-Signature") != want {
		t.Errorf("signature %s, want HMAC-SHA1 %s", d.header.Get("X-Salesloft-Signature"), want)
	}
	var person map[string]any
	if err := json.Unmarshal(d.body, &person); err != nil || person["id"] != float64(61) || person["data"] != nil {
		t.Fatalf("body is not the bare person: %s", d.body)
	}
	log := h.deliveries()
	if len(log) != 1 || log[0]["state"] != stateDelivered || log[0]["body"] != string(d.body) {
		t.Fatalf("deliveries %v", log)
	}
	att := log[0]["attempts"].([]any)[0].(map[string]any)
	if att["at"] != "2026-01-01T00:00:00Z" || att["status"] != float64(200) {
		t.Errorf("attempt %v", att)
	}
}

func TestEventsEmitted(t *testing.T) {
	h := newHarness(t, Options{})
	rc := newReceiver(t)
	events := []string{"person_updated", "person_deleted", "account_created", "account_updated", "account_deleted",
		"cadence_created", "cadence_membership_created"}
	for _, e := range events {
		h.subscribe(rc, e)
	}
	h.api("PUT", "/v2/people/1", map[string]any{"title": "CEO"})
	h.api("DELETE", "/v2/people/2", nil)
	h.api("DELETE", "/v2/people/2", nil) // repeat: no second event
	h.api("POST", "/v2/accounts", map[string]any{"name": "N", "domain": "n.example.com"})
	h.api("PUT", "/v2/accounts/6", map[string]any{"name": "N2"})
	h.api("DELETE", "/v2/accounts/6", nil)
	h.api("POST", "/v2/cadence_imports", validImport(t))
	h.api("POST", "/v2/cadence_memberships", map[string]any{"person_id": 20, "cadence_id": 1})
	var got []string
	for _, d := range rc.received() {
		got = append(got, d.header.Get("X-Salesloft-Event"))
	}
	if len(got) != len(events) {
		t.Fatalf("events %v, want %v", got, events)
	}
	for i := range events {
		if got[i] != events[i] {
			t.Fatalf("events %v, want %v", got, events)
		}
	}
	h.api("PUT", "/v2/webhook_subscriptions/1", map[string]any{"enabled": false})
	h.api("PUT", "/v2/people/1", map[string]any{"title": "CFO"})
	if n := len(rc.received()); n != len(events) {
		t.Fatalf("disabled subscription still delivered (%d deliveries)", n)
	}
}

func TestDeliveryRetries(t *testing.T) {
	h := newHarness(t, Options{})
	rc := newReceiver(t, http.StatusInternalServerError)
	h.subscribe(rc, "person_created")
	h.api("POST", "/v2/people", map[string]any{"email_address": "r@example.com"})
	if d := h.deliveries()[0]; d["state"] != stateRetrying || len(d["attempts"].([]any)) != 1 {
		t.Fatalf("after first failure: %v", d)
	}
	h.sim.Advance(14 * time.Second)
	if n := len(rc.received()); n != 1 {
		t.Fatalf("retried before 15 s: %d attempts", n)
	}
	h.sim.Advance(time.Second)
	if n := len(rc.received()); n != 2 {
		t.Fatalf("not retried at 15 s: %d attempts", n)
	}
	h.do("POST", "/_sim/clock", map[string]any{"advance_seconds": 120})
	d := h.deliveries()[0]
	if d["state"] != stateFailed || len(rc.received()) != 4 {
		t.Fatalf("after all retries: state %v, %d attempts received", d["state"], len(rc.received()))
	}
	wantAt := []string{"2026-01-01T00:00:00Z", "2026-01-01T00:00:15Z", "2026-01-01T00:00:30Z", "2026-01-01T00:00:45Z"}
	for i, a := range d["attempts"].([]any) {
		att := a.(map[string]any)
		if att["at"] != wantAt[i] || att["status"] != float64(500) {
			t.Errorf("attempt %d: %v, want at %s status 500", i+1, att, wantAt[i])
		}
	}
}

func TestDeliveryRecoversAndConnectionErrors(t *testing.T) {
	h := newHarness(t, Options{})
	rc := newReceiver(t, http.StatusBadGateway, http.StatusNoContent)
	h.subscribe(rc, "person_created")
	dead := newReceiver(t)
	dead.srv.Close()
	h.subscribe(dead, "person_created")
	h.api("POST", "/v2/people", map[string]any{"email_address": "x@example.com"})
	h.sim.Advance(15 * time.Second)
	log := h.deliveries()
	if log[0]["state"] != stateDelivered || len(log[0]["attempts"].([]any)) != 2 {
		t.Errorf("recovering receiver: %v", log[0])
	}
	att := log[1]["attempts"].([]any)[0].(map[string]any)
	if att["status"] != float64(0) || att["error"] == "" || log[1]["state"] != stateRetrying {
		t.Errorf("dead receiver: %v", log[1])
	}
}

func TestSignatureFaults(t *testing.T) {
	tests := []struct {
		fault   FaultName
		newHash func() hash.Hash
		stamped bool
	}{
		{FaultSHA256Signature, sha256.New, false},
		{FaultTimestampSignature, sha1.New, true},
	}
	for _, tc := range tests {
		t.Run(string(tc.fault), func(t *testing.T) {
			h := newHarness(t, Options{})
			rc := newReceiver(t)
			h.subscribe(rc, "person_created")
			h.fault(map[string]any{"fault": tc.fault})
			h.api("POST", "/v2/people", map[string]any{"email_address": "f@example.com"})
			d := rc.received()[0]
			msg := d.body
			if tc.stamped {
				ts := d.header.Get("X-Salesloft-Timestamp")
				if ts != "1767225600" {
					t.Fatalf("timestamp header %q", ts)
				}
				msg = append([]byte(ts+"."), d.body...)
			}
			if want := hmacHex(tc.newHash, "cb-token", msg); d.header.Get("X-Salesloft-Signature") != want {
				t.Fatalf("signature %s, want %s", d.header.Get("X-Salesloft-Signature"), want)
			}
		})
	}
}

func TestNoRetryFault(t *testing.T) {
	h := newHarness(t, Options{})
	rc := newReceiver(t, http.StatusInternalServerError)
	h.subscribe(rc, "person_created")
	h.fault(map[string]any{"fault": "no_retry"})
	h.api("POST", "/v2/people", map[string]any{"email_address": "n@example.com"})
	h.sim.Advance(time.Minute)
	if d := h.deliveries()[0]; d["state"] != stateFailed || len(rc.received()) != 1 {
		t.Fatalf("state %v after %d attempts, want failed after 1", d["state"], len(rc.received()))
	}
}
