package sim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"
)

// serveControl answers the control API under /_sim (documented in doc.go).
// It has no authentication, no rate headers and no faults.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if !s.controlAllowed(r) {
		rep := controlError(http.StatusUnauthorized, "sim: the control API needs Authorization: Bearer <control token>")
		rep.header = http.Header{"Www-Authenticate": {`Bearer realm="loftgate-sim"`}}
		s.write(w, rep)
		return
	}
	var rep reply
	switch r.Method + " " + strings.TrimSuffix(r.URL.Path, "/") {
	case "POST /_sim/faults":
		rep = s.postFault(r)
	case "GET /_sim/faults":
		rep = s.getFaults()
	case "DELETE /_sim/faults":
		s.mu.Lock()
		s.clearFaultsLocked()
		s.mu.Unlock()
		rep = noContent()
	case "POST /_sim/clock":
		rep = s.postClock(r)
	case "GET /_sim/clock":
		rep = s.clockReply()
	case "GET /_sim/deliveries":
		rep = s.getDeliveries()
	case "GET /_sim/requests":
		s.mu.Lock()
		n := s.requests[r.URL.Query().Get("path")]
		s.mu.Unlock()
		rep = data(map[string]any{"count": n})
	default:
		rep = controlError(http.StatusNotFound, "sim: unknown control endpoint "+r.Method+" "+r.URL.Path+
			"; see /_sim/faults, /_sim/clock, /_sim/deliveries, /_sim/requests")
	}
	s.write(w, rep)
}

// controlAllowed reports whether r may use the control API: always when no control token is
// configured, otherwise only with that token as a Bearer credential (compared in constant time).
func (s *Server) controlAllowed(r *http.Request) bool {
	want := s.cfg.controlToken
	if want == "" {
		return true
	}
	scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer") &&
		subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(want)) == 1
}

// controlError is a control API error: {"error": msg}.
func controlError(status int, msg string) reply { return errorReply(status, msg) }

// faultRequest is the body of POST /_sim/faults.
type faultRequest struct {
	Fault     FaultName       `json:"fault"`
	Operation string          `json:"operation"`
	Count     int             `json:"count"`
	Value     json.RawMessage `json:"value"`
}

// postFault is POST /_sim/faults: {"fault", "operation"?, "count"?, "value"?} -> {"data": {"id"}}.
// value may be a JSON string or any other JSON value (a number is taken as its text).
func (s *Server) postFault(r *http.Request) reply {
	var req faultRequest
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(&req)
	}
	if err != nil {
		return controlError(http.StatusBadRequest, "sim: fault body must be a JSON object "+
			`{"fault": NAME, "operation": "GET /v2/me", "count": N, "value": V}: `+err.Error())
	}
	f := Fault{Name: req.Fault, Operation: req.Operation, Count: req.Count}
	if v := bytes.TrimSpace(req.Value); len(v) > 0 && string(v) != "null" {
		var str string
		if json.Unmarshal(v, &str) == nil {
			f.Value = str
		} else {
			f.Value = string(v)
		}
	}
	if err := f.Validate(); err != nil {
		return controlError(http.StatusBadRequest, err.Error())
	}
	s.mu.Lock()
	id := s.addFaultLocked(f, false)
	s.mu.Unlock()
	return data(map[string]any{"id": id})
}

// getFaults is GET /_sim/faults: the faults in force.
func (s *Server) getFaults() reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []any{}
	for _, af := range s.faults {
		list = append(list, map[string]any{"id": af.id, "fault": af.fault.Name, "operation": af.fault.Operation,
			"count": af.fault.Count, "remaining": af.left, "value": af.fault.Value, "run_wide": af.runWide})
	}
	return reply{status: http.StatusOK, body: map[string]any{"data": list}}
}

// postClock is POST /_sim/clock {"advance_seconds": N}: moves the clock, sends due deliveries.
func (s *Server) postClock(r *http.Request) reply {
	var req struct {
		AdvanceSeconds *float64 `json:"advance_seconds"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxBody)).Decode(&req); err != nil || req.AdvanceSeconds == nil ||
		*req.AdvanceSeconds < 0 {
		return controlError(http.StatusBadRequest, `sim: clock body must be {"advance_seconds": N} with N >= 0`)
	}
	s.Advance(time.Duration(*req.AdvanceSeconds * float64(time.Second)))
	return s.clockReply()
}

// clockReply is {"data": {"now": RFC3339}}.
func (s *Server) clockReply() reply {
	return data(map[string]any{"now": s.Now().Format(time.RFC3339Nano)})
}

// getDeliveries is GET /_sim/deliveries, after sending what is due (serveHTTP already did).
func (s *Server) getDeliveries() reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	list := []any{}
	for _, d := range s.deliveries {
		attempts := []any{}
		for _, a := range d.attempts {
			attempts = append(attempts, map[string]any{"at": a.at.Format(time.RFC3339Nano), "status": a.status, "error": a.err})
		}
		list = append(list, map[string]any{
			"id": d.id, "subscription_id": d.subID, "event_type": d.eventType, "callback_url": d.url,
			"headers": d.headers, "body": string(d.body), "attempts": attempts, "state": d.state,
		})
	}
	return reply{status: http.StatusOK, body: map[string]any{"data": list}}.encoded()
}
