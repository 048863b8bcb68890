// Package spec is what every checklist suite shares: Describe, which
// declares a suite's specs through the run (never at import time), the
// run's target, and small helpers for labels, skips and report entries.
// The hooks that give each spec its own slice of the run's traffic and
// fail it on a contract violation or a replay miss belong to harness/run.
//
// `loftgate run`, `go test` and the ginkgo CLI all go through run.Run:
// each suite's test file calls Run here, which builds the configuration
// from LOFTGATE_TARGET (sim by default), LOFTGATE_FIXTURES and
// LOFTGATE_REPORT_DIR (reports are written only when it is set).
package spec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
)

// Describe declares a top-level container of specs through the run, so
// that every run declares it anew: use it as `var _ = spec.Describe(...)`
// where a plain Ginkgo suite would call ginkgo.Describe.
func Describe(text string, args ...any) bool {
	return run.Specs(func() { ginkgo.Describe(text, args...) })
}

// Target is the run's target. It fails the spec when no run is in progress.
func Target() *target.Target {
	t := run.Target()
	if t == nil {
		ginkgo.Fail("spec: no target: run the suites with `loftgate run` or `go test`")
	}
	return t
}

// Exchanges returns the current spec's exchanges so far, in order.
func Exchanges() []run.Exchange { return run.Exchanges() }

// Items labels a spec with the checklist items it gives evidence for.
func Items(ids ...string) ginkgo.Labels { return ginkgo.Label(ids...) }

// NoTraffic marks a spec that makes no HTTP request (a static check), so
// replay runs it whatever the fixtures hold.
var NoTraffic = ginkgo.Label(run.NoTrafficLabel)

// EntryIdentity names the report entry holding "NAME (EMAIL)" from GET /v2/me.
const EntryIdentity = run.EntryIdentity

// Note adds a line to the run's report.
func Note(format string, args ...any) {
	ginkgo.AddReportEntry(run.EntryNote, fmt.Sprintf(format, args...), ginkgo.ReportEntryVisibilityNever)
}

// Skippable skips the spec when err says the target cannot do what it
// needs (no simulator control on live, an interactive login, no API key),
// naming the reason; it returns err unchanged otherwise.
func Skippable(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, target.ErrUnsupported) || errors.Is(err, target.ErrInteractiveLogin) {
		ginkgo.Skip(err.Error())
	}
	return err
}

// RequireWrites skips the spec on a live target without --allow-writes
// (everything a spec creates is deleted at the end).
func RequireWrites() {
	if t := Target(); t.Kind == config.TargetLive && !t.Config().AllowWrites {
		ginkgo.Skip("this spec creates records; a live run needs --allow-writes (everything created is deleted at the end)")
	}
}

// Control returns the simulator control, skipping on live.
func Control() *target.Control {
	c, err := Target().Control()
	gomega.Expect(Skippable(err)).To(gomega.Succeed())
	return c
}

// AllowViolations tells the harness that the current spec breaks the
// contract on purpose in one direction ("request" or "response") and rule
// (e.g. "request-body" for a create without a required field, to see the
// 422): such violations do not fail it. Every other violation still does.
func AllowViolations(direction, rule string) { run.AllowViolations(direction, rule) }

// Run is the go test entry point of a suite package: it runs the suite's
// specs through run.Run against the target named by LOFTGATE_TARGET
// (default sim; replay reads LOFTGATE_FIXTURES, default the repository's
// fixtures/), and writes the reports to LOFTGATE_REPORT_DIR when it is set.
func Run(t *testing.T, suite string) {
	t.Helper()
	// The same sources as `loftgate run` (loftgate.yaml, environment and
	// .env of the suite's directory), but sim is the default target here.
	cfg, err := config.Load(config.Sources{})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Target = config.TargetSim
	if v := os.Getenv("LOFTGATE_TARGET"); v != "" {
		cfg.Target = config.Target(v)
	}
	cfg.Fixtures = os.Getenv("LOFTGATE_FIXTURES")
	if cfg.Fixtures == "" {
		cfg.Fixtures = filepath.Join("..", "..", "fixtures")
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, err := run.Run(t.Context(), cfg, run.WithTestingT(t), run.WithReportDir(os.Getenv("LOFTGATE_REPORT_DIR"))); err != nil {
		t.Fatalf("loftgate %s: %v", suite, err)
	}
}

// Fault builds a simulator fault for Control().Inject: name, the operation
// it is limited to ("" for all), how many requests it lasts (0 until
// cleared) and its value.
func Fault(name, operation string, count int, value string) target.Fault {
	return target.Fault{Name: name, Operation: operation, Count: count, Value: value}
}

// LiveWaitLimit is the longest a spec may wait in real time on a live
// target; a spec that needs the clock to move further (a token's two-hour
// lifetime, say) skips there and runs on the simulator, whose clock moves
// at once.
const LiveWaitLimit = 2 * time.Minute

// Wait lets d pass on the run's clock: at once on sim and replay, in real
// time on live, where a wait longer than LiveWaitLimit skips the spec.
func Wait(ctx context.Context, d time.Duration) {
	t := Target()
	if t.Kind == config.TargetLive && d > LiveWaitLimit {
		ginkgo.Skip(fmt.Sprintf("this spec needs %s to pass; a live run does not wait that long (the simulator's clock does it at once)", d))
	}
	gomega.Expect(t.Sleep(ctx, d)).To(gomega.Succeed())
}

// UserClient is a client authenticated as the run's user by the
// authorization-code flow (headless on sim and replay, the stored token on
// live), skipping the spec when the target cannot give a user token.
func UserClient(ctx context.Context, opts ...salesloft.Option) *salesloft.Client {
	t := Target()
	src, err := t.UserSource(ctx)
	gomega.Expect(Skippable(err)).To(gomega.Succeed())
	c, err := t.Client(src, opts...)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return c
}
