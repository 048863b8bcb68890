package sim

import (
	"net/http"
	"strconv"
	"time"
)

// Rate-limit response headers (API-FACTS §6).
const (
	headerCost      = "X-Ratelimit-Endpoint-Cost"
	headerRemaining = "X-Ratelimit-Remaining-Minute"
)

// endpointCost is the simulator's own cost table: every endpoint it serves costs 1
// (API-FACTS §6, "each endpoint costs 1 by default").
const endpointCost = 1

// pageCost is the deep-paging surcharge for page (API-FACTS §6): pages 1-100 cost the
// endpoint cost, 101-150 cost 3, 151-250 cost 8, 251-500 cost 10 and 501+ cost 30.
func pageCost(page int) int {
	switch {
	case page > 500:
		return 30
	case page > 250:
		return 10
	case page > 150:
		return 8
	case page > 100:
		return 3
	default:
		return 0
	}
}

// costLocked is what the request costs: the endpoint cost (or the cost_change fault's
// value), raised to the deep-page surcharge on list routes.
func (s *Server) costLocked(rt *route, c *call) int {
	cost := endpointCost
	if f, ok := s.takeFaultLocked(FaultCostChange, c.k, nil); ok {
		if n, err := strconv.Atoi(f.Value); err == nil { // Validate checked it is an integer.
			cost = n
		}
	}
	if rt != nil && rt.list {
		if page, err := strconv.Atoi(c.q.Get("page")); err == nil {
			cost = max(cost, pageCost(page))
		}
	}
	return cost
}

// rollWindowLocked starts a new budget window when the clock has entered a new minute;
// windows are aligned to the clock's minute (API-FACTS §6, TAP reads the Date seconds).
func (s *Server) rollWindowLocked() {
	if w := s.now.Truncate(time.Minute); !w.Equal(s.window) {
		s.window, s.spent = w, 0
	}
}

// remainingLocked is the team's budget left in the current minute.
func (s *Server) remainingLocked() int {
	s.rollWindowLocked()
	return max(s.cfg.budget-s.spent, 0)
}

// chargeLocked spends cost when at least that much is left and reports whether it did.
func (s *Server) chargeLocked(cost int) bool {
	if s.remainingLocked() < cost {
		return false
	}
	s.spent += cost
	return true
}

// ratedLocked adds the rate headers to rep unless the no_rate_headers fault is on.
func (s *Server) ratedLocked(rep reply, k opKey, cost, remaining int) reply {
	if _, off := s.takeFaultLocked(FaultNoRateHeaders, k, nil); off {
		return rep
	}
	if rep.header == nil {
		rep.header = http.Header{}
	}
	rep.header.Set(headerCost, strconv.Itoa(cost))
	rep.header.Set(headerRemaining, strconv.Itoa(remaining))
	return rep
}

// tooManyLocked is the 429 answer. It carries no Retry-After (none is documented,
// API-FACTS §5) unless the retry_after fault is on.
func (s *Server) tooManyLocked(k opKey) reply {
	rep := errorReply(http.StatusTooManyRequests, msgRateLimited)
	if f, ok := s.takeFaultLocked(FaultRetryAfter, k, nil); ok {
		v := f.Value
		if v == "" {
			s.rollWindowLocked()
			left := s.window.Add(time.Minute).Sub(s.now)
			v = strconv.Itoa(int((left + time.Second - 1) / time.Second))
		}
		rep.header = http.Header{"Retry-After": {v}}
	}
	return rep
}
