package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binary is the loftgate binary built once for the end-to-end tests: the
// Ginkgo suite can run once per process, so every run is a subprocess.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loftgate-e2e")
	if err != nil {
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

// loftgate runs the binary in dir (the repository root when empty) with a
// clean SALESLOFT_* environment plus env.
func loftgate(t *testing.T, dir string, env []string, args ...string) result {
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
	abs, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return abs
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
