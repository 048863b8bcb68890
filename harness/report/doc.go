// Package report turns the results of a loftgate run into the loftgate.report/v1
// result model and renders it for people and machines.
//
// The model is grouped by migration checklist item: [Build] takes the checklist
// ([contract.Item]) and the spec results ([SpecResult], converted from Ginkgo's report
// by the caller, so this package does not import Ginkgo) and decides each item's
// status and the run's verdict. [Report.CompareBaseline] marks what changed
// since an earlier report loaded with [Load].
//
// Renderers are small functions from a [*Report] to a writer:
//
//   - [WriteJSON]: the versioned machine-readable form (see SCHEMA.md);
//   - [WriteMarkdown]: a GitHub step summary or pull-request comment;
//   - [WriteHTML]: one self-contained page with no scripts and no external resources;
//   - [WriteTerminal]: the short summary printed at the end of a run.
//
// [WriteFiles] writes report.json, report.md and report.html atomically.
//
// Every renderer is deterministic: the same report gives the same bytes, so
// reports can be compared with golden files. Request and response bodies and
// captured output must be scrubbed of secrets before they reach this package;
// renderers only shorten them for display.
package report
