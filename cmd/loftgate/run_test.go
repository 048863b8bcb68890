package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

func TestRunAgainstSimulatorPassesEveryItem(t *testing.T) {
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--target", "sim", "--report-dir", dir)
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "Authenticated as: Sim User (sim.user@example.com)") {
		t.Errorf("stdout lacks the identity line:\n%s", r.stdout)
	}
	for _, f := range []string{"report.json", "junit.xml", "report.md", "report.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	rep := readReport(t, dir)
	if rep.Schema != "loftgate.report/v1" || rep.Verdict != "pass" || rep.Target != "sim" {
		t.Fatalf("report header: %+v", rep)
	}
	cl, err := contract.LoadChecklist()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range cl.Items {
		status, failures := rep.item(it.ID)
		switch {
		case status == "uncovered" || status == "":
			t.Errorf("%s has no spec", it.ID)
		case status == "fail":
			t.Errorf("%s failed: %v", it.ID, failures)
		case status == "skip" && it.ID != "MIG-ENDPOINT-AUDIT":
			t.Errorf("%s skipped on the simulator", it.ID)
		}
	}
	// Every operation the catalog marks modelled is exercised by some spec: the
	// audit counts a modelled operation as covered. (The contract also describes
	// operations no spec calls yet, for traffic from real integrations.)
	cat, err := contract.LoadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range rep.Operations {
		method, path, _ := strings.Cut(op.Key, " ")
		if e, ok := cat.Lookup(method, path); ok && e.Modelled && op.Calls == 0 {
			t.Errorf("no spec calls %s; the contract models it, so a spec must cover it", op.Key)
		}
	}
	for _, n := range rep.Notes {
		if strings.Contains(n, "not a checklist item") || strings.Contains(n, "no checklist item label") {
			t.Errorf("a spec names an unknown checklist item or none: %s", n)
		}
	}
}

// TestEveryItemFailsOnItsFault proves that no check is vacuous: each
// checklist item's specs fail when the simulator misbehaves in the way the
// item guards against (the item's fault in checklist.yaml).
func TestEveryItemFailsOnItsFault(t *testing.T) {
	cl, err := contract.LoadChecklist()
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range cl.Items {
		t.Run(it.ID, func(t *testing.T) {
			if it.Fault == "" {
				t.Skipf("%s has no simulator fault (see checklist.yaml); its failure is shown by a unit or tamper test", it.ID)
			}
			dir := t.TempDir()
			r := loftgate(t, "", nil, "run", "--target", "sim", "--fault", it.Fault, "--label-filter", it.ID, "--report-dir", dir)
			status, _ := readReport(t, dir).item(it.ID)
			if status != "fail" {
				t.Fatalf("with fault %q the item is %q, want fail\nstdout:\n%s\nstderr:\n%s", it.Fault, status, r.stdout, r.stderr)
			}
			if it.Level == "MUST" && r.code != 1 {
				t.Fatalf("exit %d, want 1", r.code)
			}
		})
	}
}

func TestBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("target: sim\nclientid: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"malformed config", nil, []string{"run", "--config", bad}, "bad.yaml:2"},
		{"missing config", nil, []string{"run", "--config", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{"unknown target", nil, []string{"run", "--target", "staging"}, "unknown target"},
		{"live without credentials", nil, []string{"run", "--target", "live"}, "SALESLOFT_CLIENT_ID"},
		{"unreachable live host", []string{"SALESLOFT_API_KEY=k"}, []string{"run", "--target", "live", "--api-url", "http://127.0.0.1:1", "--accounts-url", "http://127.0.0.1:1"}, "unreachable"},
		{"bad label filter", nil, []string{"run", "--target", "sim", "--label-filter", "((AUTH"}, "label-filter"},
		{"bad fault", nil, []string{"run", "--target", "sim", "--fault", "no_such_fault"}, "no_such_fault"},
		{"fault off the simulator", nil, []string{"run", "--fault", "rate_limit"}, "--target sim"},
		{"label filter matching nothing", nil, []string{"run", "--target", "sim", "--label-filter", "AUTH-*"}, "matches no spec"},
		{"unknown flag", nil, []string{"run", "--no-such-flag"}, "unknown flag"},
		{"bad baseline", nil, []string{"run", "--target", "sim", "--baseline", bad}, "bad.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := loftgateProcess(t, dir, c.env, c.args...)
			if r.code != 2 {
				t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, c.want) {
				t.Fatalf("stderr does not name %q:\n%s", c.want, r.stderr)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine ") {
				t.Fatalf("panicked:\n%s", r.stderr)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"run", "--help"}, {"record", "--help"}, {"sim", "--help"}, {"serve", "--help"},
		{"proxy", "--help"}, {"audit", "--help"}, {"contract", "--help"}, {"contract", "validate", "--help"},
		{"contract", "list", "--help"}, {"auth", "--help"}, {"auth", "login", "--help"}, {"auth", "status", "--help"},
	} {
		r := loftgateProcess(t, t.TempDir(), nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestWebhookItemsPassWithBareEnvelope runs the webhook items against a
// simulator serving webhook_subscriptions without the {data} envelope
// (sim.webhook_envelope: bare): API-FACTS §8 records both shapes, so the
// contract accepts both and the items pass either way.
func TestWebhookItemsPassWithBareEnvelope(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "loftgate.yaml"), []byte("sim: {webhook_envelope: bare}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	items := []string{"HOOK-SUBSCRIBE", "HOOK-SIGNATURE", "HOOK-RETRY"}
	r := loftgate(t, dir, nil, "run", "--target", "sim", "--label-filter", strings.Join(items, " || "), "--report-dir", "reports")
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	rep := readReport(t, filepath.Join(dir, "reports"))
	for _, id := range items {
		if status, failures := rep.item(id); status != "pass" {
			t.Errorf("%s is %q, want pass: %v", id, status, failures)
		}
	}
}
