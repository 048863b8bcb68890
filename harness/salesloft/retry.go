package salesloft

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// backoffAfter is the wait before retry number retries+1: base, 2*base, 4*base, ...
func (c *Client) backoffAfter(retries int) time.Duration {
	return c.backoff << min(retries, 16)
}

// idempotent methods may be repeated after a 5xx or a dropped connection; POST may not.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// transient reports a dropped connection: the server closed or reset it mid-request.
func transient(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE)
}

// MaxRateLimitWait is the longest wait after a 429 the client sits out; a
// longer Retry-After (or an overflowing one) gives a RateLimitError at once.
const MaxRateLimitWait = 2 * time.Minute

// rateLimitWait is how long to wait after a 429: Retry-After when present (seconds or an
// HTTP date, relative to the response's Date), else until the next minute boundary of the
// server's clock from the Date header (60 - seconds), else a full minute.
func rateLimitWait(h http.Header) time.Duration {
	date, dateErr := http.ParseTime(h.Get("Date"))
	if ra := strings.TrimSpace(h.Get("Retry-After")); ra != "" {
		if secs, err := strconv.Atoi(ra); err == nil && secs >= 0 {
			if secs > int(MaxRateLimitWait/time.Second) {
				return MaxRateLimitWait + time.Second // also keeps a huge value from overflowing
			}
			return time.Duration(secs) * time.Second
		}
		if at, err := http.ParseTime(ra); err == nil {
			now := time.Now()
			if dateErr == nil {
				now = date
			}
			return max(at.Sub(now), 0)
		}
	}
	if dateErr == nil {
		return time.Duration(60-date.Second()) * time.Second
	}
	return time.Minute
}

// sleepTimer is the default sleep: a real timer that gives up when ctx ends.
func sleepTimer(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
