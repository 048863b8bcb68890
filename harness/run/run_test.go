package run_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/run"

	// The checklist suites register their specs with the run.
	_ "github.com/loftgate/loftgate/suites/apierrors"
	_ "github.com/loftgate/loftgate/suites/cadence"
	_ "github.com/loftgate/loftgate/suites/me"
	_ "github.com/loftgate/loftgate/suites/migration"
	_ "github.com/loftgate/loftgate/suites/oauth"
	_ "github.com/loftgate/loftgate/suites/paging"
	_ "github.com/loftgate/loftgate/suites/ratelimit"
	_ "github.com/loftgate/loftgate/suites/records"
	_ "github.com/loftgate/loftgate/suites/webhooks"
)

func simConfig() *config.Config {
	cfg := config.Default()
	cfg.Target = config.TargetSim
	return cfg
}

func item(r *report.Report, id string) report.Item {
	for _, it := range r.Items {
		if it.ID == id {
			return it
		}
	}
	return report.Item{}
}

// TestWholeChecklistAgainstSimulator runs every spec in this process
// against the simulator, writes the reports and reads report.json back;
// then runs again (a second run in the same process) with the fault that
// breaks ME-IDENTITY and sees that item, and the verdict, fail.
func TestWholeChecklistAgainstSimulator(t *testing.T) {
	dir := t.TempDir()
	res, err := run.Run(context.Background(), simConfig(), run.WithReportDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != report.VerdictPass {
		t.Fatalf("verdict %s; summary %+v", res.Verdict, res.Report.Summary)
	}
	raw, err := os.ReadFile(filepath.Join(dir, report.FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk report.Report
	if err := json.Unmarshal(raw, &onDisk); err != nil {
		t.Fatal(err)
	}
	if onDisk.Schema != report.Schema || onDisk.Target != "sim" || onDisk.Verdict != report.VerdictPass {
		t.Fatalf("report.json: schema %q target %q verdict %q", onDisk.Schema, onDisk.Target, onDisk.Verdict)
	}
	if onDisk.Summary.Items != len(res.Report.Items) || onDisk.Summary.Fail != 0 || onDisk.Summary.Uncovered != 0 {
		t.Errorf("summary %+v", onDisk.Summary)
	}
	me := item(&onDisk, "ME-IDENTITY")
	if me.Status != report.StatusPass || len(me.Specs) == 0 || len(me.Specs[0].Exchanges) == 0 {
		t.Fatalf("ME-IDENTITY: %+v", me)
	}
	if !strings.Contains(onDisk.Identity, "@") {
		t.Errorf("identity %q", onDisk.Identity)
	}
	for _, f := range []string{report.FileMarkdown, report.FileHTML, run.FileJUnit} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Tokens learnt from the traffic are scrubbed from the report.
	if !strings.Contains(string(raw), "redacted-access-token-") {
		t.Error("no access token placeholder in report.json: the run learnt no token")
	}

	bad, err := run.Run(context.Background(), simConfig(), run.WithFaults("drop_field=email@GET /v2/me"))
	if err != nil {
		t.Fatal(err)
	}
	if bad.Verdict != report.VerdictFail || item(bad.Report, "ME-IDENTITY").Status != report.StatusFail {
		t.Fatalf("with email dropped: verdict %s, ME-IDENTITY %s", bad.Verdict, item(bad.Report, "ME-IDENTITY").Status)
	}
	// The violation stays typed until the report renders it.
	failing := item(bad.Report, "ME-IDENTITY").Specs[0]
	if len(failing.Violations) == 0 || !strings.Contains(failing.Violations[0], "email") {
		t.Errorf("ME-IDENTITY violations %q", failing.Violations)
	}
}

// TestBadInputIsAUsageError: wrong options are usage errors before
// anything starts.
func TestBadInputIsAUsageError(t *testing.T) {
	for name, opt := range map[string]run.Option{
		"label filter": run.WithLabelFilter("(("),
		"fault":        run.WithFaults("no such fault syntax !"),
		"baseline":     run.WithBaseline(filepath.Join(t.TempDir(), "missing.json")),
	} {
		_, err := run.Run(context.Background(), simConfig(), opt)
		var ue *run.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: err %v, want a *run.UsageError", name, err)
		}
	}
	replayCfg := config.Default()
	_, err := run.Run(context.Background(), replayCfg, run.WithRecording())
	var ue *run.UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "replay would record") {
		t.Errorf("recording replay: %v", err)
	}
	// A fault aimed at an operation the contract lacks would never act and
	// the run would pass: it is refused, naming the nearest operation.
	_, err = run.Run(context.Background(), simConfig(), run.WithFaults("drop_field=email@GET /v2/mee"))
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), `did you mean "GET /v2/me"`) {
		t.Errorf("fault on an unknown operation: %v", err)
	}
}
