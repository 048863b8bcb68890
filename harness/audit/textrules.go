package audit

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// binaryExts are skipped as binary without being read.
var binaryExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true, ".pdf": true, ".zip": true,
	".gz": true, ".tgz": true, ".jar": true, ".class": true, ".so": true, ".dll": true, ".exe": true,
	".o": true, ".a": true, ".woff": true, ".woff2": true, ".ttf": true, ".mp4": true, ".mp3": true,
	".wasm": true, ".bin": true, ".pyc": true, ".beam": true, ".webp": true, ".svgz": true,
}

// Needles are split so that this file does not match its own rules when
// loftgate audits itself.
var (
	needleTimestamp = "x-salesloft-" + "timestamp"
	needleHash      = regexp.MustCompile(`\.sha` + `256\b|\bsha` + `256\.|["'](?i:hmac-?)?(?i:sha-?` + `256)["']|SHA` + `256|Sha` + `256`)
	apiKeyLit       = regexp.MustCompile(`["'](?:Bearer )?((?:v2_)?ak_[0-9A-Za-z_]{32,})["']`)
	envKeyRead      = regexp.MustCompile(`(?i)(?:process\.env\.|environ(?:\.get)?\(?\[?\s*|ENV(?:\.fetch)?[\[(]\s*|getenv\(\s*|get_env\(\s*|GetEnvironmentVariable\(\s*)["']?([A-Z0-9_]*API_?KEY[A-Z0-9_]*)`)
	pageLoop        = regexp.MustCompile(`\bpage\s*(?:\+=\s*1|\+\+|=\s*page\s*\+\s*1)`)
	verifyWords     = regexp.MustCompile(`(?i)compare_digest|timingsafeequal|hmac\.equal|secure_compare|constanttimecompare|fixedtimeequals|hash_equals|verify|valid_?signature`)
)

// textRules are the rules that read a file's text rather than its calls:
// API keys (environment and hard-coded), webhook signature checks and
// paging loops. The rules about what code does (a key read from the
// environment, a webhook check, a paging loop) run only on code (code
// true: a file a language front end parsed). A data file (a connector
// manifest, any other YAML or JSON) is no program: a hash name, a
// verification word or a page increment there describes, it does not do;
// only a key written in it is a finding.
func textRules(rel string, data []byte, code bool) []Finding {
	var fs []Finding
	lineOf := func(off int) int { return bytes.Count(data[:off], []byte{'\n'}) + 1 }
	for _, m := range apiKeyLit.FindAllSubmatchIndex(data, 8) {
		if isAPIKey(string(data[m[2]:m[3]])) {
			fs = append(fs, Finding{Rule: RuleAPIKeyHardcoded, Severity: SeverityError, File: rel, Line: lineOf(m[0]),
				Message: "hard-coded SalesLoft API key (ak_…, value not shown): revoke it, move secrets out of the code, and use OAuth 2.0 (API keys are for customers' own scripts only, docs/API-FACTS.md §1.4)"})
		}
	}
	if !code {
		return fs
	}
	seenLine := map[int]bool{}
	for _, m := range envKeyRead.FindAllSubmatchIndex(data, 8) {
		if l := lineOf(m[0]); !seenLine[l] {
			seenLine[l] = true
			fs = append(fs, Finding{Rule: RuleAPIKeyEnv, Severity: SeverityWarning, File: rel, Line: l,
				Message: fmt.Sprintf("API key authentication (%s read from the environment): partner applications must use OAuth 2.0 — plan the switch and request the scopes listed below", data[m[2]:m[3]])})
		}
	}
	lower := bytes.ToLower(data)
	if bytes.Contains(lower, []byte("signature")) && verifyWords.Match(data) {
		if loc := needleHash.FindIndex(data); loc != nil {
			fs = append(fs, Finding{Rule: RuleWebhookAlgorithm, Severity: SeverityError, File: rel, Line: lineOf(loc[0]),
				Message: "webhook signature checked with SHA-256: SalesLoft signs x-salesloft-signature with hex HMAC-SHA1 of the raw body (key = callback_token), so every genuine delivery would be rejected"})
		}
		if i := bytes.Index(lower, []byte(needleTimestamp)); i >= 0 {
			fs = append(fs, Finding{Rule: RuleWebhookTimestamp, Severity: SeverityWarning, File: rel, Line: lineOf(i),
				Message: "webhook check reads a timestamp header that SalesLoft never sends (there is no replay-protection header); verify the HMAC-SHA1 of the raw body only"})
		}
	}
	if loc := pageLoop.FindIndex(data); loc != nil && !bytes.Contains(lower, []byte("updated_at")) {
		fs = append(fs, Finding{Rule: RuleDeepPaging, Severity: SeverityWarning, File: rel, Line: lineOf(loc[0]),
			Message: "loop over page with no updated_at cursor: pages above 100 cost 3 to 30 each (docs/API-FACTS.md §6); poll with updated_at[gt] and sort_by=updated_at instead"})
	}
	return fs
}

// isAPIKey reports a string that is a SalesLoft API key: "ak_" (or
// "v2_ak_<team>_") followed by a long run of hex digits. Placeholder keys
// of one repeated digit are not keys.
func isAPIKey(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Bearer "))
	if !strings.HasPrefix(s, "ak_") && !strings.HasPrefix(s, "v2_ak_") {
		return false
	}
	run := s[strings.LastIndexByte(s, '_')+1:]
	if len(run) < 32 {
		return false
	}
	distinct := map[rune]bool{}
	for _, c := range run {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
		distinct[c] = true
	}
	return len(distinct) >= 4
}

var textURL = regexp.MustCompile(`(?:https?://api\.salesloft\.com)?/v2/[A-Za-z0-9_./{}:$#-]+`)

// textURLs lists the SalesLoft paths a test, mock, fixture or document
// mentions (for --include-non-calls).
func textURLs(data []byte) []rawUsage {
	var out []rawUsage
	for _, m := range textURL.FindAllIndex(data, 200) {
		u := string(data[m[0]:m[1]])
		if !strings.HasPrefix(u, "http") {
			u = "https://api.salesloft.com" + u
		}
		out = append(out, rawUsage{method: MethodUnknown, url: strings.TrimRight(u, ".,)"), line: bytes.Count(data[:m[0]], []byte{'\n'}) + 1, via: "text"})
	}
	return out
}
