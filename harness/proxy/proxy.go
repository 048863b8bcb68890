// Package proxy is a validating reverse proxy for a user's own application:
// pointed at SalesLoft (or a staging app) instead of the real host, it passes
// every request through, validates each request and response against the
// contract, logs every violation with its operation and rule, and can record
// the traffic as scrubbed fixtures. This is how a team checks what its real
// application sends before an upgrade (`loftgate proxy`).
package proxy

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

// Options configure a Proxy.
type Options struct {
	// Contract validates every exchange. Required.
	Contract *contract.Contract
	// Recorder, when set, is given every exchange whose bodies arrived whole
	// and within MaxBody, until MaxRecordBytes of bodies have been recorded,
	// for `--record`; the caller turns them into scrubbed fixtures with
	// Recorder.Files and replay.Write after Wait.
	Recorder *replay.Recorder
	// Log receives one line per violation and per upstream failure; nil
	// means no log. Authorization headers are never logged.
	Log io.Writer
	// Secrets, when set, are scrubbed from every line logged and every error
	// answered.
	Secrets *secret.Set
	// Transport sends requests upstream; http.DefaultTransport when nil.
	Transport http.RoundTripper
	// MaxBody is the largest request or response body validated and recorded, in bytes;
	// contract.DefaultMaxBody (10 MiB) when zero. A larger body streams through untouched and
	// its exchange is reported as not validated.
	MaxBody int64
	// MaxViolations bounds the violations kept for Violations; DefaultMaxViolations when zero.
	// Past it violations are still logged and counted (Dropped) but not kept.
	MaxViolations int
	// MaxRecordBytes bounds the body bytes the Recorder is given, over all exchanges;
	// DefaultMaxRecordBytes when zero. Past it exchanges are validated but no longer recorded.
	MaxRecordBytes int64
	// OAuth are the configured authorize and token URLs (config authorize_url and
	// token_url), for an OAuth server at its own paths (/auth, /token). Matched by path, they
	// are validated as GET /oauth/authorize and POST /oauth/token, the token requests and
	// answers at them are learned as secrets, and the pages an authorize step redirects
	// through on the upstream (login, consent) are forwarded without validation.
	OAuth contract.OAuthEndpoints
}

// DefaultMaxViolations is how many violations a Proxy keeps when Options.MaxViolations is zero.
const DefaultMaxViolations = 10000

// DefaultMaxRecordBytes is how many body bytes a Proxy records when Options.MaxRecordBytes is
// zero: 64 MiB.
const DefaultMaxRecordBytes int64 = 64 << 20

// maxNotes is how many "not validated" and "not recorded" notes a Proxy keeps.
const maxNotes = 1000

// Proxy is an http.Handler forwarding to one upstream. It is safe for
// concurrent use. Bodies stream through it; each exchange is validated after
// its response has been passed on, so Exchanges, Violations, Dropped and
// NotValidated first wait for the validations under way.
type Proxy struct {
	upstream *url.URL
	rp       *httputil.ReverseProxy
	tr       *contract.Transport
	secrets  *secret.Set
	rec      *replay.Recorder
	oauth    oauthPaths
	hops     *hops

	logMu sync.Mutex
	log   io.Writer

	mu            sync.Mutex
	exchanges     int
	violations    []contract.Violation
	maxViolations int
	dropped       int
	notes         []string
	notValidated  int
	maxRecord     int64
	recordBudget  int64
	recordStopped bool
}

// New returns a proxy forwarding to upstream, an origin such as
// https://api.salesloft.com (its path, if any, prefixes every request path).
func New(upstream *url.URL, opts Options) (*Proxy, error) {
	if upstream == nil || upstream.Scheme == "" || upstream.Host == "" {
		return nil, errors.New("proxy: the upstream must be an absolute URL such as https://api.salesloft.com; pass --upstream")
	}
	if upstream.Scheme != "http" && upstream.Scheme != "https" {
		return nil, fmt.Errorf("proxy: upstream scheme %q is not http or https", upstream.Scheme)
	}
	if opts.Contract == nil {
		return nil, errors.New("proxy: no contract to validate against")
	}
	p := &Proxy{upstream: upstream, secrets: opts.Secrets, log: opts.Log, rec: opts.Recorder,
		maxViolations: opts.MaxViolations, recordBudget: opts.MaxRecordBytes}
	if p.maxViolations <= 0 {
		p.maxViolations = DefaultMaxViolations
	}
	if p.recordBudget <= 0 {
		p.recordBudget = DefaultMaxRecordBytes
	}
	p.maxRecord = p.recordBudget
	p.oauth = newOAuthPaths(opts.OAuth)
	p.hops = &hops{oauth: p.oauth}
	base := opts.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	p.tr = &contract.Transport{Base: base, Contract: opts.Contract, Observe: p.observe, MaxBody: opts.MaxBody, Stream: true,
		OAuth: p.oauth.endpoints(), Skip: p.hops.isHop}
	target := *upstream
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(&target)
			// Ask for plain bodies: the transport then decompresses for us,
			// and validation sees JSON, not gzip.
			pr.Out.Header.Del("Accept-Encoding")
			pr.Out.Header.Del(replay.SpecHeader)
		},
		Transport:    p.tr,
		ErrorHandler: p.upstreamError,
		// Before the browser can follow an authorize redirect.
		ModifyResponse: func(resp *http.Response) error { p.hops.observe(resp); return nil },
	}
	return p, nil
}

// ServeHTTP forwards r upstream and validates the exchange.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.rp.ServeHTTP(w, r)
}

// Wait blocks until every exchange whose response has been passed on has
// been validated, logged and (with a Recorder) recorded.
func (p *Proxy) Wait() {
	p.tr.Wait()
}

// Exchanges returns how many exchanges were seen, validated or not.
func (p *Proxy) Exchanges() int {
	p.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.exchanges
}

// Violations returns the violations seen so far, in order, up to
// Options.MaxViolations; Dropped counts the rest.
func (p *Proxy) Violations() []contract.Violation {
	p.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]contract.Violation(nil), p.violations...)
}

// Dropped returns how many violations were logged and counted but not kept,
// past Options.MaxViolations.
func (p *Proxy) Dropped() int {
	p.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dropped
}

// NotValidated returns how many exchanges were passed through without full
// validation and, for the first thousand of them and for the exchanges not
// recorded, a line each such as "POST /v2/imports: not validated: request
// body over 10485760 bytes".
func (p *Proxy) NotValidated() (int, []string) {
	p.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.notValidated, slices.Clone(p.notes)
}

// observe collects, logs and records the result of validating one exchange.
// The Transport calls it in the order the exchanges ended.
func (p *Proxy) observe(ex contract.Exchange, _ contract.Operation, violations []contract.Violation) {
	p.learn(ex)
	where := ex.Method
	if ex.URL != nil {
		where += " " + ex.URL.Path // never the query: it may hold a secret
	}
	p.mu.Lock()
	p.exchanges++
	keep := min(len(violations), max(0, p.maxViolations-len(p.violations)))
	p.violations = append(p.violations, violations[:keep]...)
	p.dropped += len(violations) - keep
	if ex.NotValidated != "" {
		p.notValidated++
		p.noteLocked(where + ": " + ex.NotValidated)
	}
	p.mu.Unlock()
	for _, v := range violations {
		p.logf("proxy: %s\n", v.Error())
	}
	if ex.NotValidated != "" {
		p.logf("proxy: %s: %s\n", where, ex.NotValidated)
	}
	p.record(ex, where)
}

// record gives an exchange whose bodies arrived whole to the Recorder, while
// the recording budget lasts.
func (p *Proxy) record(ex contract.Exchange, where string) {
	if p.rec == nil {
		return
	}
	size := int64(len(ex.RequestBody) + len(ex.ResponseBody))
	p.mu.Lock()
	var why string
	switch {
	case p.recordStopped:
	case ex.NotValidated != "":
		why = strings.Replace(ex.NotValidated, "not validated", "not recorded", 1)
	case size > p.recordBudget:
		p.recordStopped = true
		why = fmt.Sprintf("not recorded: recording stopped at its bound of %d body bytes; later exchanges are validated only", p.maxRecord)
	default:
		p.recordBudget -= size
	}
	if why != "" {
		p.noteLocked(where + ": " + why)
	}
	stopped := p.recordStopped
	p.mu.Unlock()
	if why != "" {
		p.logf("proxy: %s: %s\n", where, why)
		return
	}
	if stopped {
		return
	}
	if err := replayInto(p.rec, ex); err != nil {
		p.logf("proxy: %s: not recorded: %v\n", where, err)
	}
}

// noteLocked keeps a note, up to maxNotes; p.mu must be held.
func (p *Proxy) noteLocked(note string) {
	if len(p.notes) < maxNotes {
		p.notes = append(p.notes, note)
	}
}

// learn adds the credentials an exchange carries to the proxy's secrets,
// so that they are scrubbed from the log and the leak scan knows them even
// when nothing is recorded: the Authorization header (a bearer token or API
// key, or the client secret of HTTP Basic), client_secret, code and tokens
// in token requests, and the tokens a token response hands out (at
// /oauth/token or the configured token URL).
func (p *Proxy) learn(ex contract.Exchange) {
	if p.secrets == nil {
		return
	}
	auth := ex.RequestHeader.Get("Authorization")
	if tok, ok := strings.CutPrefix(auth, "Bearer "); ok {
		p.secrets.Learn(secret.KindAccessToken, strings.TrimSpace(tok))
	} else if b64, ok := strings.CutPrefix(auth, "Basic "); ok {
		if raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64)); err == nil {
			if id, secret, ok := strings.Cut(string(raw), ":"); ok {
				p.secrets.AddClient(id, secret)
			}
		}
	}
	if ex.URL == nil || !p.oauth.isToken(ex.URL.Path) {
		return
	}
	fields := map[string]string{}
	if form, err := url.ParseQuery(string(ex.RequestBody)); err == nil {
		for k := range form {
			fields[k] = form.Get(k)
		}
	}
	for k, v := range ex.URL.Query() {
		fields[k] = v[0]
	}
	var body map[string]any
	for _, raw := range [][]byte{ex.RequestBody, ex.ResponseBody} {
		if json.Unmarshal(raw, &body) == nil {
			for k, v := range body {
				if s, ok := v.(string); ok {
					fields[k] = s
				}
			}
		}
	}
	for _, kind := range []secret.Kind{secret.KindClientSecret, secret.KindCode, secret.KindRefreshToken, secret.KindAccessToken} {
		if v := fields[string(kind)]; v != "" {
			p.secrets.Learn(kind, v)
		}
	}
}

// upstreamError answers 502 when the upstream could not be reached. The
// message names the upstream host and the failure, never the request URL
// (its query may hold a secret).
func (p *Proxy) upstreamError(w http.ResponseWriter, r *http.Request, err error) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	msg := p.secrets.Scrub(fmt.Sprintf("proxy: %s %s: upstream %s did not answer: %v; check --upstream and that it is reachable", r.Method, r.URL.Path, p.upstream.Host, err))
	p.logf("%s\n", msg)
	b, jerr := json.Marshal(map[string]string{"error": msg})
	if jerr != nil {
		b = []byte(`{"error":"proxy: upstream did not answer"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadGateway)
	if _, werr := w.Write(b); werr != nil {
		p.logf("proxy: writing error answer: %v\n", werr)
	}
}

// logf writes one scrubbed line to the log, if any.
func (p *Proxy) logf(format string, args ...any) {
	p.logMu.Lock()
	defer p.logMu.Unlock()
	if p.log == nil {
		return
	}
	if _, err := io.WriteString(p.log, p.secrets.Scrub(fmt.Sprintf(format, args...))); err != nil {
		p.log = nil // the log is gone; stop writing to it
	}
}
