package proxy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/server"
)

// The child process of TestProxyMemory reads these.
const (
	envChildUpstream = "LOFTGATE_TEST_PROXY_UPSTREAM"
	envChildMaxBody  = "LOFTGATE_TEST_PROXY_MAX_BODY"
)

// uploadSize is the upload of TestProxyMemory: 512 MiB.
const uploadSize = 512 << 20

// rssBound is the peak resident memory the proxy process may reach.
const rssBound = 128 << 20

// zeros is an endless reader of bytes that costs no memory.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// onlyReader hides everything but Read, so that a request's length is unknown (chunked).
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

// TestProxyMemory sends two 512 MiB uploads (one chunked, one of known length) through a proxy
// running in a process of its own, with a recorder, and checks the kernel's figure for that
// process's peak resident memory (getrusage ru_maxrss, taken when it exits) against 128 MiB.
// The whole process counts: Go runtime, loaded contract, buffers. Before bodies were streamed
// the proxy held each upload whole and this peak was over 512 MiB.
//
// LOFTGATE_TEST_PROXY_MAX_BODY set to a size over 512 MiB makes the child validate the uploads
// whole, as the proxy used to: the test must then fail.
func TestProxyMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 1 GiB through a proxy process")
	}
	if raceEnabled {
		t.Skip("the race detector multiplies memory use; the bound is checked without it")
	}
	var received atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := io.Copy(io.Discard, r.Body)
		received.Add(n)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if _, err := io.WriteString(w, `{"data":{"id":1}}`); err != nil {
			t.Errorf("upstream: %v", err)
		}
	}))
	defer up.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyMemoryChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envChildUpstream+"="+up.URL)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill() // only on a failed test; the error changes nothing
			_ = cmd.Wait()
		}
	}()
	lines := bufio.NewScanner(stdout)
	var addr string
	for lines.Scan() {
		if a, ok := strings.CutPrefix(lines.Text(), "addr="); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatalf("the proxy process did not start: %v", lines.Err())
	}

	for _, chunked := range []bool{true, false} {
		var body io.Reader = io.LimitReader(zeros{}, uploadSize)
		if chunked {
			body = onlyReader{body}
		}
		req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/v2/imports", body)
		if err != nil {
			t.Fatal(err)
		}
		if !chunked {
			req.ContentLength = uploadSize
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("upload through the proxy: status %d", resp.StatusCode)
		}
	}
	if got := received.Load(); got != 2*uploadSize {
		t.Fatalf("upstream received %d bytes, want %d", got, 2*uploadSize)
	}
	if err := stdin.Close(); err != nil {
		t.Fatal(err)
	}
	var report string
	for lines.Scan() {
		if r, ok := strings.CutPrefix(lines.Text(), "report="); ok {
			report = r
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("proxy process: %v", err)
	}
	peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // KiB on Linux
	t.Logf("proxy process peak RSS after 2 x %d MiB uploads: %.1f MiB (%s)", uploadSize>>20, float64(peak)/(1<<20), report)
	if peak >= rssBound {
		t.Errorf("proxy process peak RSS %.1f MiB, want under %d MiB", float64(peak)/(1<<20), rssBound>>20)
	}
	if os.Getenv(envChildMaxBody) == "" && report != "not_validated=2" {
		t.Errorf("the proxy reported %q, want both uploads not validated", report)
	}
}

// TestProxyMemoryChild is the proxy process of TestProxyMemory: it serves a recording proxy to
// the upstream it is given, prints its address, and when its standard input closes prints how
// many exchanges were not validated and exits.
func TestProxyMemoryChild(t *testing.T) {
	upstream := os.Getenv(envChildUpstream)
	if upstream == "" {
		t.Skip("run by TestProxyMemory")
	}
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	var maxBody int64
	if s := os.Getenv(envChildMaxBody); s != "" {
		if maxBody, err = strconv.ParseInt(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	rec := replay.NewRecorder(replay.RecorderOptions{Target: replay.TargetProxy, ContractVersion: c.Version()})
	p, err := New(u, Options{Contract: c, Recorder: rec, MaxBody: maxBody})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(p)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	fmt.Printf("addr=%s\n", ln.Addr())
	if _, err := io.Copy(io.Discard, os.Stdin); err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	n, _ := p.NotValidated()
	fmt.Printf("report=not_validated=%d\n", n)
}
