package run

import (
	"flag"

	"github.com/onsi/ginkgo/v2"
)

// runGinkgoSpecs runs the suite declared on Ginkgo's global suite
// (ginkgo.RunSpecs), with go test's -count flag reading 1 while it runs
// when the process is a test binary run with -count N. Every call of
// ginkgo.RunSpecs in the package goes through it: the dry run of a run's
// progress as well as the run itself.
func runGinkgoSpecs(t ginkgo.GinkgoTestingT, args ...any) bool {
	var ok bool
	withGoTestCountOne(func() { ok = ginkgo.RunSpecs(t, "loftgate", args...) })
	return ok
}

// withGoTestCountOne runs f with go test's -count flag reading 1, when the
// process is a test binary run with -count N. Ginkgo refuses -count other
// than 1 in RunSpecs (types.VetConfig: it cannot run a suite twice in one
// process), but every Run resets Ginkgo's global suite (globals.Reset) and
// declares its specs anew, so repeating a test that runs the suites is
// sound. The testing package reads the flag again only once the test has
// returned, so the repetitions still happen.
func withGoTestCountOne(f func()) {
	fl := flag.Lookup("test.count")
	if fl == nil || fl.Value.String() == "1" {
		f()
		return
	}
	prev := fl.Value.String()
	if err := fl.Value.Set("1"); err != nil {
		f()
		return
	}
	defer func() { _ = fl.Value.Set(prev) }()
	f()
}
