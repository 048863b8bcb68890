package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/replay"
)

// copyFixtures loads the committed fixtures, lets edit change them, and
// writes them to a fresh directory.
func copyFixtures(t *testing.T, edit func(files []*replay.File)) string {
	t.Helper()
	set, err := replay.Load(filepath.Join(repoRoot(t), "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	files := set.Files()
	edit(files)
	dir := filepath.Join(t.TempDir(), "fixtures")
	if err := replay.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// fileOf returns the fixture of the spec whose ID contains text.
func fileOf(t *testing.T, files []*replay.File, text string) *replay.File {
	t.Helper()
	for _, f := range files {
		if strings.Contains(f.Metadata.Spec, text) {
			return f
		}
	}
	t.Fatalf("no fixture for a spec containing %q", text)
	return nil
}

func TestReplayIsTheDefaultAndPasses(t *testing.T) {
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--report-dir", dir)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if rep := readReport(t, dir); rep.Target != "replay" || rep.Verdict != "pass" {
		t.Fatalf("target %q verdict %q", rep.Target, rep.Verdict)
	}
}

func TestReplayTamperedFieldFailsNamingItemSpecRequestAndRule(t *testing.T) {
	fx := copyFixtures(t, func(files []*replay.File) {
		f := fileOf(t, files, "me/me returns the authenticated user")
		for i, in := range f.Interactions {
			if in.Request.Path == "/v2/me" {
				f.Interactions[i].Response.Body = strings.Replace(in.Response.Body, `"email": "sim.user@example.com"`, `"email": 42`, 1)
			}
		}
	})
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--fixtures", fx, "--report-dir", dir, "--label-filter", "ME-IDENTITY")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	status, failures := readReport(t, dir).item("ME-IDENTITY")
	joined := strings.Join(failures, "\n")
	if status != "fail" {
		t.Fatalf("ME-IDENTITY is %q", status)
	}
	for _, want := range []string{"me returns the authenticated user", "GET /v2/me", "$.data.email", "response-body"} {
		if !strings.Contains(joined, want) && !strings.Contains(r.stdout, want) {
			t.Errorf("the failure does not name %q:\n%s", want, joined)
		}
	}
}

func TestReplayDeletedInteractionFailsWithNearestCandidate(t *testing.T) {
	fx := copyFixtures(t, func(files []*replay.File) {
		f := fileOf(t, files, "apierrors/errors: unknown record")
		var kept []replay.Interaction
		dropped := false
		for _, in := range f.Interactions {
			if !dropped && in.Response.Status == 404 {
				dropped = true
				continue
			}
			kept = append(kept, in)
		}
		if !dropped {
			t.Fatal("the 404 spec's fixture has no 404")
		}
		f.Interactions = kept
	})
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--fixtures", fx, "--report-dir", dir, "--label-filter", "ERR-404")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	_, failures := readReport(t, dir).item("ERR-404")
	joined := strings.Join(failures, "\n")
	if !strings.Contains(joined, "no recorded answer") || !strings.Contains(joined, "nearest") {
		t.Fatalf("want a miss naming the nearest candidate, got:\n%s", joined)
	}
}

func TestReplaySwappedRotationFailsRotationItem(t *testing.T) {
	fx := copyFixtures(t, func(files []*replay.File) {
		f := fileOf(t, files, "oauth/oauth refresh rotates the refresh token")
		var refreshes []int
		for i, in := range f.Interactions {
			if in.Request.Path == "/oauth/token" && strings.Contains(in.Request.Body, "grant_type=refresh_token") {
				refreshes = append(refreshes, i)
			}
		}
		if len(refreshes) != 2 {
			t.Fatalf("want the rotation and the rejected reuse, found %d refreshes", len(refreshes))
		}
		a, b := refreshes[0], refreshes[1]
		f.Interactions[a].Response, f.Interactions[b].Response = f.Interactions[b].Response, f.Interactions[a].Response
	})
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--fixtures", fx, "--report-dir", dir, "--label-filter", "AUTH-REFRESH-ROTATION")
	if status, _ := readReport(t, dir).item("AUTH-REFRESH-ROTATION"); status != "fail" || r.code != 1 {
		t.Fatalf("AUTH-REFRESH-ROTATION %q, exit %d\n%s", status, r.code, r.stdout)
	}
}

func TestMalformedFixturesNameFileAndLine(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"bad yaml", "version: loftgate.fixtures/v1\ninteractions: [\n", ":2"},
		{"unknown version", "version: loftgate.fixtures/v0\nmetadata: {spec: x}\ninteractions: []\n", "version"},
		{"missing method", "version: loftgate.fixtures/v1\nmetadata: {spec: x}\ninteractions:\n  - request: {path: /v2/me}\n    response: {status: 200}\n", "method"},
		{"invalid json body", "version: loftgate.fixtures/v1\nmetadata: {spec: x}\ninteractions:\n  - request: {method: GET, path: /v2/me}\n    response:\n      status: 200\n      headers: {content-type: application/json}\n      body: '{\"data\": '\n", "JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := filepath.Join(t.TempDir(), "fixtures")
			if err := os.MkdirAll(filepath.Join(fx, "me"), 0o755); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(fx, "me", "broken.yaml")
			if err := os.WriteFile(file, []byte(c.body), 0o644); err != nil {
				t.Fatal(err)
			}
			r := loftgate(t, "", nil, "run", "--fixtures", fx, "--report-dir", t.TempDir())
			if r.code != 2 || !strings.Contains(r.stderr, "broken.yaml") || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
		})
	}
}

func TestRecordIsDeterministicAndCheckFindsDrift(t *testing.T) {
	work := t.TempDir()
	a, b := filepath.Join(work, "a"), filepath.Join(work, "b")
	for _, dir := range []string{a, b} {
		if r := loftgate(t, work, nil, "record", "--target", "sim", "--fixtures", dir, "--report-dir", filepath.Join(work, "reports")); r.code != 0 {
			t.Fatalf("record: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
		}
	}
	if diff := diffDirs(t, a, b); diff != "" {
		t.Fatalf("two recordings of the simulator differ: %s", diff)
	}
	if r := loftgate(t, work, nil, "record", "--target", "sim", "--fixtures", a, "--check", "--report-dir", filepath.Join(work, "reports")); r.code != 0 {
		t.Fatalf("check on unchanged fixtures: exit %d\n%s", r.code, r.stdout)
	}
	r := loftgate(t, work, nil, "record", "--target", "sim", "--fixtures", a, "--check", "--fault", "drop_field=email@GET /v2/me", "--report-dir", filepath.Join(work, "reports"))
	if r.code != 1 || !strings.Contains(r.stdout, "email") {
		t.Fatalf("check with a dropped field: exit %d\n%s", r.code, r.stdout)
	}
	if !strings.Contains(strings.ToLower(r.stdout), "breaking") {
		t.Errorf("data.email is a consumed field; its drift must be marked breaking:\n%s", r.stdout)
	}
}

// diffDirs returns the first difference between two trees, or "".
func diffDirs(t *testing.T, a, b string) string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.Walk(a, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		seen[rel] = true
		x, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || string(x) != string(y) {
			seen["!"+rel] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range seen {
		if strings.HasPrefix(k, "!") {
			return k[1:]
		}
	}
	n := 0
	_ = filepath.Walk(b, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n++
		}
		return nil
	})
	if n != len(seen) {
		return "different file sets"
	}
	return ""
}

// TestBaselineCallsOutNewFailuresFirst is the go / roll back signal: an
// item that passed in the baseline and fails now is a new failure, named
// before anything else.
func TestBaselineCallsOutNewFailuresFirst(t *testing.T) {
	base := t.TempDir()
	if r := loftgate(t, "", nil, "run", "--target", "sim", "--report-dir", base); r.code != 0 {
		t.Fatalf("baseline run: exit %d\n%s", r.code, r.stdout)
	}
	now := t.TempDir()
	r := loftgate(t, "", nil, "run", "--target", "sim", "--fault", "rotation_off", "--baseline", filepath.Join(base, "report.json"), "--report-dir", now)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stdout)
	}
	first := strings.Index(r.stdout, "AUTH-REFRESH-ROTATION")
	if first < 0 || !strings.Contains(strings.ToLower(r.stdout[:first+len("AUTH-REFRESH-ROTATION")+200]), "new failure") {
		t.Fatalf("the new failure is not called out first:\n%s", r.stdout)
	}
	b, err := os.ReadFile(filepath.Join(now, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"new_failures": [`) || !strings.Contains(string(b), `"AUTH-REFRESH-ROTATION"`) {
		t.Fatalf("report.json lacks the baseline comparison")
	}
}

// TestReplayWithMissingFixturesFails: a deleted fixture file (or a renamed
// spec) must fail the gate, not skip the check quietly.
func TestReplayWithMissingFixturesFails(t *testing.T) {
	fx := copyFixtures(t, func(files []*replay.File) {})
	if err := os.RemoveAll(filepath.Join(fx, "oauth")); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := loftgate(t, "", nil, "run", "--fixtures", fx, "--report-dir", dir)
	status, failures := readReport(t, dir).item("AUTH-REFRESH-ROTATION")
	if r.code != 1 || status != "fail" || !strings.Contains(strings.Join(failures, "\n"), "no fixtures are recorded") {
		t.Fatalf("exit %d, AUTH-REFRESH-ROTATION %q: %v", r.code, status, failures)
	}
}
