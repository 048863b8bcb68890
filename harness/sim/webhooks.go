package sim

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Delivery policy (API-FACTS §8): "A failing webhook is retried three additional times,
// spaced 15 seconds apart, before being marked as failed."
const (
	deliveryAttempts = 4
	retryInterval    = 15 * time.Second
)

// Delivery states reported by GET /_sim/deliveries.
const (
	// stateRetrying: not delivered yet and attempts remain (including before the first).
	stateRetrying = "retrying"
	// stateDelivered: an attempt got a 2xx answer.
	stateDelivered = "delivered"
	// stateFailed: every attempt failed (or one did, under no_retry).
	stateFailed = "failed"
)

// delivery is one event sent to one subscription, with its attempts.
type delivery struct {
	id, subID      int
	eventType, url string
	// headers and body are fixed when the event happens; header names are lowercase.
	headers map[string]string
	body    []byte
	// op is the operation whose state change caused the event, for fault matching.
	op       opKey
	attempts []attempt
	state    string
	// next is when the next attempt is due; inFlight is set while one is being sent.
	next     time.Time
	inFlight bool
}

// attempt is one try at a delivery.
type attempt struct {
	at     time.Time
	status int // 0 for a connection error
	err    string
}

// sign is the hex HMAC of msg keyed by key (API-FACTS §8: SHA-1, key = callback_token).
func sign(newHash func() hash.Hash, key string, msg []byte) string {
	mac := hmac.New(newHash, []byte(key))
	mac.Write(msg) // A hash.Hash never returns a write error.
	return hex.EncodeToString(mac.Sum(nil))
}

// emitLocked queues record (rendered now, as the bare resource JSON) for every enabled
// subscription to eventType. The signature faults are applied here, per delivery.
func (s *Server) emitLocked(eventType string, record map[string]any, k opKey) {
	var body []byte
	for _, sub := range s.subs.all() {
		if !sub.enabled || sub.eventType != eventType {
			continue
		}
		if body == nil {
			body = encodeJSON(record)
		}
		headers := map[string]string{
			"content-type":      "application/json",
			"user-agent":        "SalesLoft-Webhooks/1.0 (loftgate sim)",
			"x-salesloft-event": eventType,
		}
		newHash, msg := sha1.New, body
		if _, ok := s.takeFaultLocked(FaultSHA256Signature, k, nil); ok {
			newHash = sha256.New
		}
		if _, ok := s.takeFaultLocked(FaultTimestampSignature, k, nil); ok {
			ts := strconv.FormatInt(s.now.Unix(), 10)
			headers["x-salesloft-timestamp"] = ts
			msg = append([]byte(ts+"."), body...)
		}
		headers["x-salesloft-signature"] = sign(newHash, sub.token, msg)
		s.deliveries = append(s.deliveries, &delivery{
			id: len(s.deliveries) + 1, subID: sub.id, eventType: eventType, url: sub.url,
			headers: headers, body: body, op: k, state: stateRetrying, next: s.now,
		})
	}
}

// deliverDue sends every delivery that is due on the simulated clock, without holding
// the lock while sending, and repeats until none is due, so a large clock jump plays out
// all the retries it covers (each attempt is stamped with its scheduled time).
func (s *Server) deliverDue() {
	for {
		s.mu.Lock()
		var batch []*delivery
		for _, d := range s.deliveries {
			if d.state == stateRetrying && !d.inFlight && !d.next.After(s.now) {
				d.inFlight = true
				batch = append(batch, d)
			}
		}
		s.mu.Unlock()
		if len(batch) == 0 {
			return
		}
		for _, d := range batch {
			status, errText := s.send(d)
			s.mu.Lock()
			d.inFlight = false
			d.attempts = append(d.attempts, attempt{at: d.next, status: status, err: errText})
			switch {
			case status >= 200 && status < 300:
				d.state = stateDelivered
			case len(d.attempts) >= deliveryAttempts:
				d.state = stateFailed
			default:
				if _, off := s.takeFaultLocked(FaultNoRetry, d.op, nil); off {
					d.state = stateFailed
				} else {
					d.next = d.next.Add(retryInterval)
				}
			}
			s.mu.Unlock()
		}
	}
}

// send makes one delivery attempt: a real HTTP POST of the body with the headers.
func (s *Server) send(d *delivery) (status int, errText string) {
	req, err := http.NewRequest(http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return 0, err.Error()
	}
	if !s.cfg.allowRemote && !loopbackHost(req.URL.Hostname()) {
		return 0, errRemoteWebhook(req.URL.Hostname()).Error()
	}
	for k, v := range d.headers {
		req.Header.Set(k, v)
	}
	resp, err := s.cfg.httpClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody)); err != nil {
		return resp.StatusCode, "reading response: " + err.Error()
	}
	return resp.StatusCode, ""
}
