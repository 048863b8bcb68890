package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binary is the loftgate binary built once for the tests that need a
// process of their own: signals, the exit status and the output streams
// of a real process. Everything else runs in this process (loftgate).
var binary string

// root is the repository root, fixed before any test changes directory.
var root string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loftgate-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if root, err = filepath.Abs(filepath.Join("..", "..")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "loftgate")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build loftgate:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one loftgate invocation did.
type result struct {
	code           int
	stdout, stderr string
}

// loftgate runs the CLI in this process, in dir (the repository root when
// empty), with a clean SALESLOFT_* and LOFTGATE_* environment plus env. It
// changes the directory and environment for the rest of the test, so tests
// that use it do not run in parallel.
func loftgate(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	if dir == "" {
		dir = repoRoot(t)
	}
	t.Chdir(dir)
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "SALESLOFT_") || strings.HasPrefix(k, "LOFTGATE_") {
			t.Setenv(k, "")
			os.Unsetenv(k)
		}
	}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &out, &errb)
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

// loftgateProcess runs the binary in dir (the repository root when empty)
// with a clean SALESLOFT_* environment plus env, for tests about the
// process itself.
func loftgateProcess(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	if dir == "" {
		dir = repoRoot(t)
	}
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SALESLOFT_") && !strings.HasPrefix(kv, "LOFTGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run loftgate: %v", err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func repoRoot(t *testing.T) string {
	t.Helper()
	return root
}

// jsonReport is the part of report.json the tests read.
type jsonReport struct {
	Schema  string `json:"schema"`
	Verdict string `json:"verdict"`
	Target  string `json:"target"`
	Items   []struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Specs  []struct {
			Name    string `json:"name"`
			Status  string `json:"status"`
			Failure string `json:"failure"`
		} `json:"specs"`
	} `json:"items"`
	Notes      []string `json:"notes"`
	Operations []struct {
		Key   string `json:"key"`
		Calls int    `json:"calls"`
	} `json:"operations"`
}

func readReport(t *testing.T, dir string) jsonReport {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r jsonReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	return r
}

func (r jsonReport) item(id string) (status string, failures []string) {
	for _, it := range r.Items {
		if it.ID == id {
			for _, s := range it.Specs {
				if s.Failure != "" {
					failures = append(failures, s.Name+": "+s.Failure)
				}
			}
			return it.Status, failures
		}
	}
	return "", nil
}
