package sim

import (
	"strings"
	"time"
)

// timestampLayout renders record timestamps: ISO 8601 with microseconds and a numeric
// offset, as SalesLoft sends them (API-FACTS §2, e.g. 2019-01-01T00:00:00.000000-05:00).
const timestampLayout = "2006-01-02T15:04:05.000000-07:00"

// Now returns the simulated clock's current instant.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

// Advance moves the simulated clock forward by d (negative values are ignored) and then
// sends the webhook deliveries that became due, exactly like POST /_sim/clock.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	if d > 0 {
		s.now = s.now.Add(d).Truncate(time.Microsecond)
	}
	s.mu.Unlock()
	s.deliverDue()
}

// stamp renders t as a record timestamp.
func stamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
}

// stampOrNil renders t, or nil when t is zero, for nullable timestamp fields.
func stampOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return stamp(t)
}

// parseStamp reads an ISO 8601 filter value: RFC 3339 with or without fraction, or a date.
// A space where the offset's "+" belongs is read as "+", since an unescaped "+" in a query
// string arrives as a space.
func parseStamp(v string) (time.Time, bool) {
	if i := strings.LastIndexByte(v, ' '); i > 0 {
		v = v[:i] + "+" + v[i+1:]
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
