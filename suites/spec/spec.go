// Package spec is what every checklist suite shares: the run's target, the
// hooks that give each spec its own slice of the run's traffic and fail it
// on a contract violation or a replay miss, and small helpers for labels,
// skips and report entries.
//
// Under `loftgate run` the runner starts the target and calls Use before
// running the specs; under `go test` or the ginkgo CLI each suite's test
// file calls Run, which starts the target named by LOFTGATE_TARGET (sim by
// default) in every parallel process.
package spec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/harness/target"
)

var (
	mu      sync.Mutex
	current *target.Target
)

// Use makes t the target of every spec in this process.
func Use(t *target.Target) {
	mu.Lock()
	defer mu.Unlock()
	current = t
}

// Target is the run's target. It fails the spec when no target was started.
func Target() *target.Target {
	mu.Lock()
	defer mu.Unlock()
	if current == nil {
		Fail("spec: no target: run the suites with `loftgate run` or `go test`")
	}
	return current
}

// Items labels a spec with the checklist items it gives evidence for.
func Items(ids ...string) Labels { return Label(ids...) }

// NoTrafficLabel marks a spec that makes no HTTP request (a static check),
// so replay runs it whatever the fixtures hold. The runner keeps labels
// with the "loftgate:" prefix out of the checklist report.
const NoTrafficLabel = "loftgate:no-traffic"

// NoTraffic is the decorator for such a spec.
var NoTraffic = Label(NoTrafficLabel)

// Entry names used for report entries the runner reads back.
const (
	// EntryIdentity holds "NAME (EMAIL)" from GET /v2/me.
	EntryIdentity = "loftgate.identity"
	// EntryNote holds a note for the report (e.g. the partner OAuth rule).
	EntryNote = "loftgate.note"
)

// ID names a spec for the harness: its suite's directory (the area: oauth,
// cadence, ...) and its full text, e.g. "oauth/oauth refresh rotates ...".
// Fixtures are filed under the area, and replay answers a spec from the
// interactions recorded under the same ID.
func ID(r types.SpecReport) string {
	area := filepath.Base(filepath.Dir(r.LeafNodeLocation.FileName))
	if area == "." || area == "/" {
		area = "misc"
	}
	return area + "/" + r.FullText()
}

// Note adds a line to the run's report.
func Note(format string, args ...any) {
	AddReportEntry(EntryNote, fmt.Sprintf(format, args...), ReportEntryVisibilityNever)
}

// Skippable skips the spec when err says the target cannot do what it
// needs (no simulator control on live, an interactive login, no API key),
// naming the reason; it returns err unchanged otherwise.
func Skippable(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, target.ErrUnsupported) || errors.Is(err, target.ErrInteractiveLogin) {
		Skip(err.Error())
	}
	return err
}

// RequireWrites skips the spec on a live target without --allow-writes.
func RequireWrites() {
	if ok, why := Target().CanWrite(); !ok {
		Skip(why)
	}
}

// Control returns the simulator control, skipping on live.
func Control() *target.Control {
	c, err := Target().Control()
	Expect(Skippable(err)).To(Succeed())
	return c
}

// allowed holds the violations the current spec provokes on purpose.
var allowed []allowance

type allowance struct{ direction, rule string }

// AllowViolations tells the harness that the current spec breaks the
// contract on purpose in one direction ("request" or "response") and rule
// (e.g. "request-body" for a create without a required field, to see the
// 422): such violations do not fail it. Every other violation still does.
func AllowViolations(direction, rule string) {
	mu.Lock()
	defer mu.Unlock()
	allowed = append(allowed, allowance{direction, rule})
}

func isAllowed(v contract.Violation) bool {
	mu.Lock()
	defer mu.Unlock()
	for _, a := range allowed {
		if a.direction == v.Direction && a.rule == v.Rule {
			return true
		}
	}
	return false
}

var _ = BeforeEach(func() {
	t := Target()
	mu.Lock()
	allowed = nil
	mu.Unlock()
	id := ID(CurrentSpecReport())
	switch ok, skipped := t.Recorded(id); {
	case slices.Contains(CurrentSpecReport().Labels(), NoTrafficLabel):
	case !ok:
		// A missing recording must not pass quietly: a deleted fixture or a
		// renamed spec would otherwise switch the check off.
		Fail("replay: no fixtures are recorded for this spec; record them with `loftgate record` (or `make record`)")
	case skipped != "":
		Skip("skipped when the fixtures were recorded: " + skipped)
	}
	t.BeginSpec(id)
	// Registered first, so it runs last: after the spec's own cleanups,
	// whose requests still belong to the spec.
	DeferCleanup(func() {
		out := t.EndSpec()
		if len(out.Misses) > 0 {
			Fail("replay has no recorded answer:\n  " + strings.Join(out.Misses, "\n  "))
		}
		var msgs []string
		for _, v := range out.Violations {
			if !isAllowed(v) {
				msgs = append(msgs, v.Error())
			}
		}
		if len(msgs) > 0 {
			Fail("contract violations:\n  " + strings.Join(msgs, "\n  "))
		}
	})
})

// Run is the go test entry point of a suite package: it starts the target
// named by LOFTGATE_TARGET (default sim; replay reads LOFTGATE_FIXTURES,
// default the repository's fixtures/) in BeforeSuite and runs the specs.
func Run(t *testing.T, suite string) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "loftgate "+suite)
}

var _ = BeforeSuite(func(ctx context.Context) {
	mu.Lock()
	started := current != nil
	mu.Unlock()
	if started {
		return
	}
	// The same sources as `loftgate run` (loftgate.yaml, environment and
	// .env of the suite's directory), but sim is the default target here.
	cfg, err := config.Load(config.Sources{})
	Expect(err).NotTo(HaveOccurred())
	cfg.Target = config.TargetSim
	if v := os.Getenv("LOFTGATE_TARGET"); v != "" {
		cfg.Target = config.Target(v)
	}
	cfg.Fixtures = os.Getenv("LOFTGATE_FIXTURES")
	if cfg.Fixtures == "" {
		cfg.Fixtures = filepath.Join("..", "..", "fixtures")
	}
	Expect(cfg.Validate()).To(Succeed())
	t, err := target.Start(ctx, cfg, target.Options{})
	Expect(err).NotTo(HaveOccurred())
	Use(t)
	DeferCleanup(t.Close)
})

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
		Skip(fmt.Sprintf("this spec needs %s to pass; a live run does not wait that long (the simulator's clock does it at once)", d))
	}
	Expect(t.Sleep(ctx, d)).To(Succeed())
}

// UserClient is a client authenticated as the run's user by the
// authorization-code flow (headless on sim and replay, the stored token on
// live), skipping the spec when the target cannot give a user token.
func UserClient(ctx context.Context, opts ...salesloft.Option) *salesloft.Client {
	t := Target()
	src, err := t.UserSource(ctx)
	Expect(Skippable(err)).To(Succeed())
	c, err := t.Client(src, opts...)
	Expect(err).NotTo(HaveOccurred())
	return c
}
