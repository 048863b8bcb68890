// Package ratelimit holds the specs for SalesLoft's rate budget as the API
// reports it: the rate headers on every answer (RATE-HEADERS), each
// operation's cost against the contract's x-cost (RATE-COST-UNCHANGED) and
// the deep-page surcharge (RATE-DEEP-PAGE).
//
// The specs read the headers from the spec's journal of exchanges, so they
// judge what SalesLoft sent, not what the client made of it.
package ratelimit

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

// The rate headers (API-FACTS §6).
const (
	headerCost      = salesloft.HeaderCost
	headerRemaining = salesloft.HeaderRemaining
)

// apiCalls returns all the spec's exchanges with the API (any /v2 path),
// leaving out token requests and simulator control calls: the rate headers
// are checked across every answer in turn. For one method and path use
// spec.Calls.
func apiCalls() []run.Exchange {
	var out []run.Exchange
	for _, e := range spec.Exchanges() {
		if strings.HasPrefix(e.Path, "/v2/") {
			out = append(out, e)
		}
	}
	return out
}

// lastCall is the spec's last exchange with method and path (no query).
func lastCall(method, path string) run.Exchange {
	if exs := spec.Calls(method, path); len(exs) > 0 {
		return exs[len(exs)-1]
	}
	Fail("no " + method + " " + path + " in the spec's exchanges")
	return run.Exchange{}
}

// rateHeader reads one rate header of e as a non-negative integer, failing
// the spec when it is absent or malformed.
func rateHeader(e run.Exchange, name string) int {
	where := e.Method + " " + e.Path
	if e.Query != "" {
		where += "?" + e.Query
	}
	vals := e.ResponseHeader.Values(name)
	ExpectWithOffset(1, vals).NotTo(BeEmpty(), "%s answered %d without the %s header", where, e.Status, name)
	n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
	ExpectWithOffset(1, err).NotTo(HaveOccurred(), "%s answered %d with %s: %q, not an integer", where, e.Status, name, vals[0])
	ExpectWithOffset(1, n).To(BeNumerically(">=", 0), "%s answered %d with %s: %d", where, e.Status, name, n)
	return n
}

// minuteOf is the rate window e was answered in (its Date header truncated
// to the minute), or the zero time when the Date header is unusable.
func minuteOf(e run.Exchange) time.Time {
	d, err := http.ParseTime(e.ResponseHeader.Get("Date"))
	if err != nil {
		return time.Time{}
	}
	return d.Truncate(time.Minute)
}

// firstID lists path with per_page=1 and returns the first record's id,
// skipping the spec when the team has no such record.
func firstID(ctx context.Context, c *salesloft.Client, path string) int {
	var page struct {
		Data []struct {
			ID int `json:"id"`
		} `json:"data"`
	}
	_, err := c.Do(ctx, http.MethodGet, path, map[string][]string{"per_page": {"1"}}, nil, &page)
	Expect(err).NotTo(HaveOccurred(), "list %s to find a record to read", path)
	if len(page.Data) == 0 {
		Skip("the team has no record under " + path + " to read")
	}
	return page.Data[0].ID
}
