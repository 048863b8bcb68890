package audit

import (
	"sort"
)

// SchemaVersion is the value of Result.Schema; it changes when the JSON shape
// changes in a way that breaks readers.
const SchemaVersion = "loftgate.audit/v1"

// Severities of findings.
const (
	// SeverityError marks a finding that fails the gate by default
	// (--fail-on error): the code will break against SalesLoft.
	SeverityError = "error"
	// SeverityWarning marks a risk that fails the gate only with
	// --fail-on warning.
	SeverityWarning = "warning"
	// SeverityInfo marks a note that never fails the gate.
	SeverityInfo = "info"
)

// Rule ids. Each finding carries one; the README lists what each means.
const (
	// RuleUnknownEndpoint: the method and path are not in the endpoint
	// catalog, so SalesLoft answers 404 (error).
	RuleUnknownEndpoint = "unknown-endpoint"
	// RuleCatalogOnly: the operation exists but the contract does not model
	// it, so no conformance spec covers it (warning).
	RuleCatalogOnly = "catalog-only"
	// RuleLegacyJSONPath: the path carries the legacy ".json" suffix (info).
	RuleLegacyJSONPath = "legacy-json-path"
	// RuleAPIKeyEnv: the code authenticates with a SalesLoft API key read
	// from the environment; partner apps must use OAuth (warning).
	RuleAPIKeyEnv = "api-key-env"
	// RuleAPIKeyHardcoded: a SalesLoft API key ("ak_...") is written in the
	// source (error). The key itself is never printed.
	RuleAPIKeyHardcoded = "api-key-hardcoded"
	// RuleDeepPaging: a literal page above 100, or a loop over page with no
	// updated_at cursor, pays the deep-page surcharge (warning).
	RuleDeepPaging = "deep-paging"
	// RuleWebhookAlgorithm: a webhook signature check uses SHA-256; SalesLoft
	// signs with HMAC-SHA1 of the raw body (error).
	RuleWebhookAlgorithm = "webhook-sha256"
	// RuleWebhookTimestamp: a webhook check reads a timestamp header that
	// SalesLoft never sends (warning).
	RuleWebhookTimestamp = "webhook-timestamp"
	// RuleDynamicCall: both the method and the path of a call come from the
	// caller, so the audit cannot tell which operation it is (warning).
	RuleDynamicCall = "dynamic-call"
	// RuleUnknownMethod: the path is known but the code does not say which
	// HTTP method it uses, and the path has several (info).
	RuleUnknownMethod = "unknown-method"
)

// MethodUnknown is the method of a usage whose HTTP method the code does not
// state.
const MethodUnknown = "UNKNOWN"

// Result is the outcome of one scan. Its JSON form is the documented
// loftgate.audit/v1 schema (see README.md).
type Result struct {
	// Schema is always SchemaVersion.
	Schema string `json:"schema"`
	// Root is the scanned directory as given.
	Root string `json:"root"`
	// Usages are the SalesLoft calls found in code, sorted by file and line.
	Usages []Usage `json:"usages"`
	// Findings are the problems found, sorted by file, line and rule.
	Findings []Finding `json:"findings"`
	// Scopes is the sorted union of the OAuth scopes the usages need: what
	// the new OAuth app must request.
	Scopes []string `json:"scopes"`
	// NonCalls are SalesLoft paths found in tests, mocks, fixtures, docs and
	// spec files; filled only with Options.IncludeNonCalls.
	NonCalls []Usage `json:"non_calls,omitempty"`
	// Summary counts what was scanned and what was skipped.
	Summary Summary `json:"summary"`
}

// Usage is one SalesLoft call site.
type Usage struct {
	// Method is the HTTP method, or UNKNOWN when the code does not state it.
	Method string `json:"method"`
	// Path is the catalog path template, e.g. /v2/people/{id}.
	Path string `json:"path"`
	// File is the file, relative to Root, with forward slashes.
	File string `json:"file"`
	// Line is the 1-based line of the call.
	Line int `json:"line"`
	// Operation is the matched catalog operation ("GET /v2/people"), or ""
	// when the path is unknown.
	Operation string `json:"operation"`
	// Known is true when the operation is in the endpoint catalog.
	Known bool `json:"known"`
	// Attributes hold paging and filter parameters seen at the call (page,
	// per_page, updated_at[gt], ...), the legacy ".json" form ("json":
	// "true") and how the call was recognised ("via").
	Attributes map[string]string `json:"attributes"`
	// Modelled is true when the contract models the operation, so
	// conformance specs cover it.
	Modelled bool `json:"modelled"`
	// Cost is the rate-limit cost of one call from the contract (0 when the
	// contract does not model the operation).
	Cost int `json:"cost,omitempty"`
	// Scope is the OAuth scope the operation needs ("" when none or unknown).
	Scope string `json:"scope,omitempty"`
	// Language is the language of the file (go, javascript, python, ...).
	Language string `json:"language"`
}

// Finding is one problem found by a rule.
type Finding struct {
	// Rule is the rule id, e.g. unknown-endpoint.
	Rule string `json:"rule"`
	// Severity is error, warning or info.
	Severity string `json:"severity"`
	// File is relative to Root, with forward slashes.
	File string `json:"file"`
	// Line is 1-based.
	Line int `json:"line"`
	// Message says what is wrong and what to do; it never contains a secret.
	Message string `json:"message"`
}

// Summary counts the files a scan looked at.
type Summary struct {
	// Files is the number of regular files read.
	Files int `json:"files"`
	// Bytes is the number of bytes read.
	Bytes int64 `json:"bytes"`
	// Analyzed is the number of files handed to a language extractor.
	Analyzed int `json:"analyzed"`
	// NonCallFiles is the number of test, fixture, doc and spec files left
	// out (analysed only with --include-non-calls).
	NonCallFiles int `json:"non_call_files"`
	// Skipped counts skipped files and directories by reason: binary,
	// too-large, unreadable, symlink-loop, non-utf8, vendored, generated,
	// ignored.
	Skipped map[string]int `json:"skipped"`
}

// Skip reasons used as keys of Summary.Skipped.
const (
	// SkipBinary counts files with a NUL byte in their first 8 KB, or a
	// binary extension (images, archives, objects).
	SkipBinary = "binary"
	// SkipTooLarge counts files larger than Options.MaxFileSize.
	SkipTooLarge = "too-large"
	// SkipUnreadable counts files that cannot be opened or read
	// (permissions, dangling links) and special files (FIFOs, sockets).
	SkipUnreadable = "unreadable"
	// SkipSymlinkLoop counts directory links that lead back to an
	// ancestor or to a directory already walked through a link.
	SkipSymlinkLoop = "symlink-loop"
	// SkipSymlinkDup counts directory links to a place inside the root,
	// which the walk reaches anyway.
	SkipSymlinkDup = "symlink-duplicate"
	// SkipNonUTF8 counts files that mention SalesLoft but are not UTF-8.
	SkipNonUTF8 = "non-utf8"
	// SkipVendored counts third-party directories (node_modules, vendor, ...).
	SkipVendored = "vendored"
	// SkipGenerated counts build output directories and generated files.
	SkipGenerated = "generated"
	// SkipIgnored counts files and directories matched by Config.Ignore.
	SkipIgnored = "ignored"
)

// Gate reports whether the gate fails for the given --fail-on level:
// "error" fails on any error finding, "warning" on any error or warning,
// "never" never fails. An unknown level fails closed, like "warning".
func (r *Result) Gate(failOn string) bool {
	if failOn == "never" {
		return false
	}
	for _, f := range r.Findings {
		switch f.Severity {
		case SeverityError:
			return true
		case SeverityWarning:
			if failOn != "error" {
				return true
			}
		}
	}
	return false
}

// EndpointProblems returns the findings that make the MIG-ENDPOINT-AUDIT
// checklist item fail: unknown endpoints and operations no conformance spec
// covers (catalog-only).
func (r *Result) EndpointProblems() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Rule == RuleUnknownEndpoint || f.Rule == RuleCatalogOnly {
			out = append(out, f)
		}
	}
	return out
}

func sortUsages(us []Usage) {
	sort.SliceStable(us, func(i, j int) bool {
		a, b := us[i], us[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}
