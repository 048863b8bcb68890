package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFailOnSkip: MIG-ENDPOINT-AUDIT (MUST) skips on the simulator without
// --audit. The run passes by default; with --fail-on-skip, or with
// fail_on_skip: true in loftgate.yaml, it fails and names the item and why
// it skipped.
func TestFailOnSkip(t *testing.T) {
	args := []string{"run", "--target", "sim", "--label-filter", "MIG-ENDPOINT-AUDIT || ME-IDENTITY"}
	lax := loftgate(t, "", nil, append(args, "--report-dir", t.TempDir())...)
	if lax.code != 0 {
		t.Fatalf("without --fail-on-skip: exit %d\n%s%s", lax.code, lax.stdout, lax.stderr)
	}
	if !strings.Contains(lax.stdout, "Skipped:\n  MIG-ENDPOINT-AUDIT") || !strings.Contains(lax.stdout, "--audit") {
		t.Errorf("the skip reason is not on the terminal:\n%s", lax.stdout)
	}
	want := "1 MUST item skipped, which fails the run with fail_on_skip (MIG-ENDPOINT-AUDIT: "
	flag := loftgate(t, "", nil, append(args, "--report-dir", t.TempDir(), "--fail-on-skip")...)
	if flag.code != 1 || !strings.Contains(flag.stdout, want) {
		t.Errorf("with --fail-on-skip: exit %d, want 1 and %q in\n%s%s", flag.code, want, flag.stdout, flag.stderr)
	}

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "loftgate.yaml"), []byte("fail_on_skip: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	key := loftgate(t, dir, nil, append(args, "--report-dir", filepath.Join(dir, "out"))...)
	if key.code != 1 || !strings.Contains(key.stdout, want) {
		t.Errorf("with fail_on_skip in loftgate.yaml: exit %d, want 1 and %q in\n%s%s", key.code, want, key.stdout, key.stderr)
	}
}
