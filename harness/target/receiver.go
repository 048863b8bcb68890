package target

import (
	"strings"

	"github.com/loftgate/loftgate/harness/config"

	"io"
	"net/http"
	"sync"
)

// Receiver is a webhook endpoint on loopback for the specs' subscriptions:
// /ok answers 200 and /fail answers 500, so a spec can watch both a
// delivery and its retries. What it receives is kept for inspection.
type Receiver struct {
	// URL is the receiver's base URL (http://127.0.0.1:PORT).
	URL string

	mu       sync.Mutex
	received []Received
}

// Received is one delivery the receiver got.
type Received struct {
	// Path is /ok or /fail.
	Path string
	// Header holds the delivery's headers.
	Header http.Header
	// Body is the raw body.
	Body []byte
}

// Receiver starts (once per target) and returns the webhook receiver.
func (t *Target) Receiver() (*Receiver, error) {
	t.receiverOnce.Do(func() {
		r := &Receiver{}
		u, err := t.serve(http.HandlerFunc(r.serveHTTP))
		r.URL = u
		t.receiver, t.receiverErr = r, err
	})
	return t.receiver, t.receiverErr
}

func (r *Receiver) serveHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, "read error", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.received = append(r.received, Received{Path: req.URL.Path, Header: req.Header.Clone(), Body: body})
	r.mu.Unlock()
	if req.URL.Path == "/fail" {
		http.Error(w, "receiver configured to fail", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// Received returns what the receiver got so far.
func (r *Receiver) Received() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.received...)
}

// CallbackURL is where a webhook subscription for path (/ok or /fail)
// should deliver: the configured public callback_url on a live run when
// one is set, else the run's loopback receiver.
func (t *Target) CallbackURL(path string) (string, error) {
	if t.Kind == config.TargetLive && t.cfg.CallbackURL != "" {
		return strings.TrimRight(t.cfg.CallbackURL, "/") + path, nil
	}
	r, err := t.Receiver()
	if err != nil {
		return "", err
	}
	return r.URL + path, nil
}
