package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/contract"
)

// Bodies the contract validate tests check.
const (
	validMe       = `{"data":{"id":1,"guid":"6e2f6b5c-1f0a-4c55-9d2e-0a1b2c3d4e5f","name":"Sim User","email":"sim.user@example.com","team":{"id":1}}}`
	meEmailNumber = `{"data":{"id":1,"guid":"6e2f6b5c-1f0a-4c55-9d2e-0a1b2c3d4e5f","name":"Sim User","email":42,"team":{"id":1}}}`
	validAccount  = `{"name":"Acme","domain":"acme.example.com"}`
	accountNoDom  = `{"name":"Acme"}`
	taskDelivery  = `{"id":5,"subject":"Call back","current_state":"scheduled","task_type":"call","person":{"id":1},"user":{"id":1}}`
	taskNoState   = `{"id":5,"subject":"Call back","task_type":"call"}`
)

func TestContractValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	me := write("me.json", validMe)
	badEmail := write("me-email.json", meEmailNumber)
	account := write("account.json", validAccount)
	noDomain := write("account-no-domain.json", accountNoDom)
	broken := write("broken.json", `{"data": {`)
	task := write("task.json", taskDelivery)
	taskBad := write("task-no-state.json", taskNoState)

	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   []string // each must appear in stdout
		stderr   []string // each must appear in stderr
		notInOut []string // none may appear in stdout
	}{
		{
			name:   "valid /v2/me response",
			args:   []string{"--operation", "GET /v2/me", "--status", "200", me},
			code:   0,
			stdout: []string{"ok:", "GET /v2/me"},
		},
		{
			name:   "/v2/me with .json and lower-case method",
			args:   []string{"--operation", "get /v2/me.json", me},
			code:   0,
			stdout: []string{"ok:", "GET /v2/me"},
		},
		{
			name:     "email of the wrong type",
			args:     []string{"--operation", "GET /v2/me", badEmail},
			code:     1,
			stdout:   []string{"$.data.email", contract.RuleResponseBody, "must be a string"},
			stderr:   []string{"1 violations of GET /v2/me"},
			notInOut: []string{"ok:"},
		},
		{
			name:   "valid account create request",
			args:   []string{"--operation", "POST /v2/accounts", "--request", account},
			code:   0,
			stdout: []string{"ok:", "POST /v2/accounts"},
		},
		{
			name:     "account create request without domain",
			args:     []string{"--operation", "POST /v2/accounts", "--request", noDomain},
			code:     1,
			stdout:   []string{"$.domain", contract.RuleRequestBody, "required property is missing"},
			notInOut: []string{"ok:"},
		},
		{
			name:   "unknown operation",
			args:   []string{"--operation", "GET /v2/no_such_resource", me},
			code:   2,
			stderr: []string{"GET /v2/no_such_resource", "is not in the contract", "loftgate contract list"},
		},
		{
			name:   "operation without a method",
			args:   []string{"--operation", "/v2/me", me},
			code:   2,
			stderr: []string{"'METHOD /path'"},
		},
		{
			name:   "invalid JSON",
			args:   []string{"--operation", "GET /v2/me", broken},
			code:   2,
			stderr: []string{broken, "not valid JSON"},
		},
		{
			name:   "missing file",
			args:   []string{"--operation", "GET /v2/me", filepath.Join(dir, "none.json")},
			code:   2,
			stderr: []string{"none.json"},
		},
		{
			name:   "webhook delivery",
			args:   []string{"--event", "task_created", task},
			code:   0,
			stdout: []string{"ok:", "webhook task_created"},
		},
		{
			name:     "webhook delivery without current_state",
			args:     []string{"--event", "task_created", taskBad},
			code:     1,
			stdout:   []string{"$.current_state", contract.RuleRequestBody, "required property is missing"},
			notInOut: []string{"ok:"},
		},
		{
			name:   "unknown webhook event",
			args:   []string{"--event", "task_exploded", task},
			code:   2,
			stderr: []string{"task_exploded", "not documented"},
		},
		{
			name:   "both --operation and --event",
			args:   []string{"--operation", "GET /v2/me", "--event", "task_created", task},
			code:   2,
			stderr: []string{"operation", "event"},
		},
		{
			name:   "no --operation",
			args:   []string{me},
			code:   2,
			stderr: []string{"operation"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loftgate(t, dir, nil, append([]string{"contract", "validate"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range tt.notInOut {
				if strings.Contains(r.stdout, w) {
					t.Errorf("stdout has %q:\n%s", w, r.stdout)
				}
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("panicked:\n%s", r.stderr)
			}
		})
	}
}

// TestContractValidateStdin checks that "-" reads the body from standard
// input, for a payload piped from the clipboard or a log.
func TestContractValidateStdin(t *testing.T) {
	tests := []struct {
		name  string
		stdin string
		code  int
		want  string
	}{
		{"valid body", validMe, 0, "ok: - conforms to GET /v2/me"},
		{"email of the wrong type", meEmailNumber, 1, "$.data.email"},
		{"invalid JSON", "not json", 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := loftgateStdin(t, t.TempDir(), tt.stdin, "contract", "validate", "--operation", "GET /v2/me", "-")
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("stdout lacks %q:\n%s", tt.want, r.stdout)
			}
		})
	}
}

func TestContractList(t *testing.T) {
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := loftgate(t, "", nil, "contract", "list")
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	rows := listRows(t, r.stdout)
	ops := c.Operations()
	if len(rows) != len(ops) {
		t.Errorf("%d rows, want one per operation (%d)", len(rows), len(ops))
	}
	for _, op := range ops {
		row, ok := rows[op.Key]
		if !ok {
			t.Errorf("%s is not listed", op.Key)
			continue
		}
		scope := op.Scope
		if scope == "" {
			scope = "-"
		}
		if row.cost != strconv.Itoa(op.Cost) || row.scope != scope {
			t.Errorf("%s: cost %s scope %s, want %d %s", op.Key, row.cost, row.scope, op.Cost, scope)
		}
		if row.covered != "yes" && row.covered != "no" {
			t.Errorf("%s: COVERED is %q, want yes or no", op.Key, row.covered)
		}
	}
	if rows["GET /v2/me"].covered != "yes" {
		t.Errorf("GET /v2/me is not covered by the repository's fixtures:\n%s", r.stdout)
	}
	for key, scope := range map[string]string{"GET /v2/people": "people:read", "DELETE /v2/webhook_subscriptions/{id}": "webhooks:delete"} {
		if rows[key].scope != scope {
			t.Errorf("%s: scope %q, want %q", key, rows[key].scope, scope)
		}
	}

	// Without fixtures nothing is covered: the column is evidence, not decoration.
	empty := t.TempDir()
	r = loftgate(t, empty, nil, "contract", "list", "--fixtures", filepath.Join(empty, "none"))
	if r.code != 0 {
		t.Fatalf("exit %d without fixtures\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	for key, row := range listRows(t, r.stdout) {
		if row.covered != "no" {
			t.Errorf("%s is covered without any fixtures", key)
		}
	}
}

// listRow is one operation's line of `loftgate contract list`.
type listRow struct{ cost, scope, covered string }

// listRows parses the table of `loftgate contract list` by operation key.
func listRows(t *testing.T, out string) map[string]listRow {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "OPERATION") {
		t.Fatalf("no header line:\n%s", out)
	}
	for _, col := range []string{"COST", "SCOPE", "COVERED"} {
		if !strings.Contains(lines[0], col) {
			t.Errorf("header lacks %s: %q", col, lines[0])
		}
	}
	rows := map[string]listRow{}
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 5 {
			t.Errorf("line %q: want METHOD PATH COST SCOPE COVERED", l)
			continue
		}
		rows[f[0]+" "+f[1]] = listRow{cost: f[2], scope: f[3], covered: f[4]}
	}
	return rows
}

// loftgateStdin runs the binary in dir with stdin as its standard input and
// a clean SALESLOFT_* environment, within a minute.
func loftgateStdin(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SALESLOFT_") && !strings.HasPrefix(kv, "LOFTGATE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run loftgate: %v", err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}
