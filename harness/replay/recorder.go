package replay

import (
	"bytes"
	"context"
	"errors"
	"github.com/loftgate/loftgate/harness/secret"
	"io"
	"maps"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"
)

// DefaultSpec is the spec name of exchanges captured when
// RecorderOptions.Spec is nil or returns "".
const DefaultSpec = "misc/unnamed"

// RecorderOptions configure a Recorder.
type RecorderOptions struct {
	// Target is written to every file's metadata: TargetSim, TargetLive or TargetProxy.
	Target string
	// ContractVersion is the contract's version, written to the metadata.
	ContractVersion string
	// Tool names the program writing the files, e.g. "loftgate 0.1.0".
	Tool string
	// Now returns the time of an exchange; pass the simulator's clock so that
	// recording the simulator twice gives identical files. Default time.Now.
	Now func() time.Time
	// Spec returns the full name of the spec running now; the recorder takes
	// it from here, never from a request header. Default DefaultSpec.
	Spec func() string
}

// Recorder captures exchanges in memory, as they are, while a run goes on;
// Files scrubs them into fixture files afterwards. Capturing does not
// scrub, so live tokens keep working mid-run (the go-vcr rule: redact in a
// before-save hook). It is safe for concurrent use.
type Recorder struct {
	opts    RecorderOptions
	mu      sync.Mutex
	ex      []*exchange
	skipped map[string]string // spec -> why it skipped
}

// exchange is one captured request and its outcome.
type exchange struct {
	spec       string
	at         time.Time
	method     string
	path       string
	rawQuery   string
	reqHeader  http.Header
	reqBody    []byte
	status     int
	respHeader http.Header
	respBody   []byte
	failure    string // ErrorReset or ErrorTimeout
}

// NewRecorder returns a recorder.
func NewRecorder(opts RecorderOptions) *Recorder {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Recorder{opts: opts}
}

// SetContractVersion sets the contract version written to the metadata of
// the files built afterwards (the contract is often loaded after the
// recorder is made).
func (r *Recorder) SetContractVersion(v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.opts.ContractVersion = v
}

// Len returns the number of exchanges captured so far.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ex)
}

// Transport returns a RoundTripper that sends requests through base
// (http.DefaultTransport when nil) and captures every exchange. It never
// sends X-Loftgate-Spec upstream.
func (r *Recorder) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &recordingTransport{r: r, base: base}
}

// recordingTransport is the RoundTripper of Recorder.Transport.
type recordingTransport struct {
	r    *Recorder
	base http.RoundTripper
}

// RoundTrip sends req and captures the exchange.
func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	spec := DefaultSpec
	if t.r.opts.Spec != nil {
		if s := t.r.opts.Spec(); s != "" {
			spec = s
		}
	}
	out := req.Clone(req.Context())
	out.Header.Del(SpecHeader)
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		if cerr := req.Body.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		body = b
		out.Body = io.NopCloser(bytes.NewReader(b))
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		out.ContentLength = int64(len(b))
	}
	ex := &exchange{
		spec:      spec,
		at:        t.r.opts.Now(),
		method:    req.Method,
		path:      req.URL.Path,
		rawQuery:  req.URL.RawQuery,
		reqHeader: out.Header.Clone(), // Authorization included: scrubbing learns from it; it is never stored
		reqBody:   body,
	}
	resp, err := t.base.RoundTrip(out)
	if err != nil {
		ex.failure = classify(err)
		t.r.add(ex)
		return nil, err
	}
	rb, rerr := io.ReadAll(resp.Body)
	if cerr := resp.Body.Close(); rerr == nil {
		rerr = cerr
	}
	ex.status = resp.StatusCode
	ex.respHeader = resp.Header.Clone()
	ex.respBody = rb
	if rerr != nil {
		ex.failure = classify(rerr)
		ex.status = 0
	}
	t.r.add(ex)
	resp.Body = &replayBody{r: bytes.NewReader(rb), err: rerr}
	return resp, nil
}

// replayBody gives back a captured response body, then the error that cut it short.
type replayBody struct {
	r   *bytes.Reader
	err error
}

// Read reads the captured bytes, then returns the original error (or io.EOF).
func (b *replayBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF && b.err != nil {
		return n, b.err
	}
	return n, err
}

// Close does nothing: the original body is closed already.
func (b *replayBody) Close() error { return nil }

// classify names a transport failure for the fixture.
func classify(err error) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return ErrorTimeout
	}
	return ErrorReset
}

// add stores a captured exchange.
func (r *Recorder) add(ex *exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ex = append(r.ex, ex)
}

// Skip notes that spec skipped while recording, with its reason; Files
// then writes a file for it with no interactions (unless it made requests
// before it skipped), so replay skips it too instead of failing it.
func (r *Recorder) Skip(spec, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.skipped == nil {
		r.skipped = map[string]string{}
	}
	r.skipped[spec] = reason
}

// Files scrubs the captured exchanges into fixture files, one per spec,
// sorted by spec name, interactions in the order they happened. Secrets
// registered in sec keep their fixed placeholders; the tokens, codes, keys,
// emails and phone numbers found are added to sec with placeholders numbered
// in that order, so that LeakScan knows them afterwards. sec may be nil.
func (r *Recorder) Files(sec *secret.Set) ([]*File, error) {
	if sec == nil {
		sec = secret.New()
	}
	r.mu.Lock()
	all := append([]*exchange(nil), r.ex...)
	opts := r.opts
	skipped := maps.Clone(r.skipped)
	r.mu.Unlock()

	bySpec := map[string][]*exchange{}
	var specs []string
	for _, ex := range all {
		if _, ok := bySpec[ex.spec]; !ok {
			specs = append(specs, ex.spec)
		}
		bySpec[ex.spec] = append(bySpec[ex.spec], ex)
	}
	sort.Strings(specs)

	var d secret.Discoverer
	for _, spec := range specs {
		for _, ex := range bySpec[spec] {
			ex.discover(&d)
		}
	}
	d.Commit(sec)
	sc := newScrubber(sec)

	files := make([]*File, 0, len(specs))
	for _, spec := range specs {
		exs := bySpec[spec]
		f := &File{
			Version: Version,
			Metadata: Metadata{
				Spec:            spec,
				RecordedAt:      exs[0].at.UTC(),
				Target:          opts.Target,
				ContractVersion: opts.ContractVersion,
				Tool:            opts.Tool,
			},
			Interactions: make([]Interaction, 0, len(exs)),
		}
		clients := map[string]int{}
		for _, ex := range exs {
			in := sc.interaction(ex)
			if opts.Target == TargetProxy {
				in.Request.Client = clientNumber(clients, ex.reqHeader.Get("Authorization"))
			}
			f.Interactions = append(f.Interactions, in)
		}
		files = append(files, f)
	}
	for spec, reason := range skipped {
		if _, made := bySpec[spec]; made {
			continue
		}
		files = append(files, &File{Version: Version, Metadata: Metadata{
			Spec: spec, Target: opts.Target, ContractVersion: opts.ContractVersion, Tool: opts.Tool,
			RecordedAt: opts.Now().UTC(), Skipped: sc.str(reason),
		}, Interactions: []Interaction{}})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Metadata.Spec < files[j].Metadata.Spec })
	return files, nil
}

// clientNumber numbers a credential in the order first seen in a file (1,
// 2, ...), 0 for none. Only proxy recordings number clients: they hold
// several applications' or tokens' traffic in one file, which `serve`
// replays per client; spec recordings are replayed per spec, and keeping
// their files unchanged keeps `record --check` stable.
func clientNumber(seen map[string]int, authorization string) int {
	if authorization == "" {
		return 0
	}
	n, ok := seen[authorization]
	if !ok {
		n = len(seen) + 1
		seen[authorization] = n
	}
	return n
}
