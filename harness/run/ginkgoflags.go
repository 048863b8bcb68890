package run

import "flag"

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
