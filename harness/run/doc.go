// Package run owns one run of the migration checklist, the way
// gateway-api's conformance suite package owns a conformance run: options
// in, the target started, the specs run through Ginkgo, every spec's
// traffic journaled with its contract violations and replay misses (typed
// to the end), the results grouped by checklist item, the reports written
// and the verdict out.
//
// `loftgate run` and `loftgate record`, `go test ./suites/...` and the
// ginkgo CLI all go through Run: the CLI parses flags into a Config and
// Options, a suite's test calls it through suites/spec.Run. Recording is an
// option of a run (WithRecording), not a wrapper around it.
//
// Suites declare their specs through Specs (suites/spec.Describe), not at
// import time: every Run resets Ginkgo and declares them anew, so one
// process can run the checklist any number of times.
package run
