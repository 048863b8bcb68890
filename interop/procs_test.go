package interop

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// loftgateBin is the CLI built once for the package's tests (TestMain).
var loftgateBin string

// TestMain builds the loftgate CLI the tests start as subprocesses, so the
// commands run exactly as a user runs them.
func TestMain(m *testing.M) {
	if os.Getenv("LOFTGATE_INTEROP") == "" {
		os.Exit(m.Run()) // every test skips
	}
	dir, err := os.MkdirTemp("", "loftgate-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		os.Exit(2)
	}
	loftgateBin = filepath.Join(dir, "loftgate")
	build := exec.Command("go", "build", "-o", loftgateBin, "../cmd/loftgate")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "interop: building loftgate:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// needInterop skips a test outside `make interop` and fails it when the npm
// packages are missing.
func needInterop(t *testing.T) {
	t.Helper()
	if os.Getenv("LOFTGATE_INTEROP") == "" {
		t.Skip("interop: set LOFTGATE_INTEROP=1 (make interop) to run real npm clients and OAuth servers")
	}
	if _, err := os.Stat(filepath.Join("node_modules", ".package-lock.json")); err != nil {
		t.Fatalf("interop: node_modules is missing; run `npm ci` in interop/ (make interop does): %v", err)
	}
}

// baseURL finds the first loopback URL a command prints when it is ready.
var baseURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+`)

// proc is a started long-running command (loftgate sim/proxy/serve, a node
// server) and its output.
type proc struct {
	name string
	cmd  *exec.Cmd
	URL  string

	mu     sync.Mutex
	output strings.Builder
	done   chan error
}

// start runs name with args, waits for it to print its loopback URL, and
// stops it when the test ends (unless the test stopped it first).
func start(t *testing.T, name string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(name, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{name: filepath.Base(name) + " " + strings.Join(args, " "), cmd: cmd, done: make(chan error, 1)}
	cmd.Stderr = writerFunc(p.write)
	if err := cmd.Start(); err != nil {
		t.Fatalf("interop: start %s: %v", p.name, err)
	}
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			p.write([]byte(line + "\n"))
			if u := baseURL.FindString(line); u != "" && !sent {
				ready <- u
				sent = true
			}
		}
		p.done <- cmd.Wait()
	}()
	select {
	case p.URL = <-ready:
	case err := <-p.done:
		t.Fatalf("interop: %s exited before it was ready (%v):\n%s", p.name, err, p.Output())
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("interop: %s printed no URL within 30s:\n%s", p.name, p.Output())
	}
	t.Cleanup(func() { _ = p.Stop() })
	return p
}

func (p *proc) write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.Write(b)
}

// Output is everything the process printed so far.
func (p *proc) Output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.output.String()
}

// Stop interrupts the process as Ctrl-C does and returns its exit error.
func (p *proc) Stop() error {
	if p.cmd.ProcessState != nil {
		return nil
	}
	_ = p.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-p.done:
		p.done <- err
		return err
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		return fmt.Errorf("interop: %s did not stop within 20s", p.name)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

var _ io.Writer = writerFunc(nil)

// node runs a script under interop/js and returns its standard output.
func node(ctx context.Context, t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(ctx, "node", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("interop: node %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}
