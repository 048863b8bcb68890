// Package server builds the HTTP servers loftgate runs (proxy, serve, sim,
// the target's loopback servers, the login callback) with timeouts, so that
// no client can hold a connection open by sending its headers or body slowly
// or by idling.
package server

import (
	"net/http"
	"time"
)

// Timeouts bound how long a client may take.
type Timeouts struct {
	// ReadHeader bounds reading a request's headers.
	ReadHeader time.Duration
	// Read bounds reading a whole request, body included. It must exceed
	// the longest request a server is meant to take (a large upload through
	// the proxy) and the longest answer it gives: net/http cancels a request's
	// context once its read deadline has passed.
	Read time.Duration
	// Idle bounds how long a kept-alive connection waits for its next request.
	Idle time.Duration
}

// Default are the timeouts of New: 10 s for the headers, 5 min for a whole
// request (a 512 MiB upload needs 1.7 MB/s; the simulator's slowest fault
// answers after 2 min), 2 min between requests. There is no write timeout:
// a large download and a slow answer are the user's to allow.
var Default = Timeouts{ReadHeader: 10 * time.Second, Read: 5 * time.Minute, Idle: 2 * time.Minute}

// New returns a server for h with the Default timeouts.
func New(h http.Handler) *http.Server {
	return NewWith(h, Default)
}

// NewWith returns a server for h with the given timeouts; a zero field takes
// its value from Default.
func NewWith(h http.Handler, t Timeouts) *http.Server {
	if t.ReadHeader <= 0 {
		t.ReadHeader = Default.ReadHeader
	}
	if t.Read <= 0 {
		t.Read = Default.Read
	}
	if t.Idle <= 0 {
		t.Idle = Default.Idle
	}
	return &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, IdleTimeout: t.Idle}
}
