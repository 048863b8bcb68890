package audit

import (
	"fmt"
	"strings"
)

// Needles are split so that this file does not match its own rules when
// loftgate audits itself.
var (
	needleTimestamp = "x-salesloft-" + "timestamp"
	needleHashIdent = "sha" + "256"
)

// hashNames are string literals that name the SHA-256 algorithm.
var hashNames = map[string]bool{
	"sha" + "256": true, "sha-" + "256": true, "hmac" + "sha" + "256": true,
	"hmac-sha" + "256": true, "sha" + "256hmac": true,
}

// verifyWords mark code that compares a signature (rather than producing
// one, as a simulator or a test does).
var verifyWords = []string{"compare_digest", "timingsafeequal", "hmac.equal", "secure_compare", "constanttimecompare", "fixedtimeequals", "isequal", "hash_equals", "verify", "valid_signature", "validsignature"}

// tokenRules applies the rules that look at tokens rather than at calls:
// API keys (env and hard-coded), webhook signature checks, paging loops.
func tokenRules(fm *fileModel, toks []tok) {
	mentions, signature, verifies := false, false, false
	for _, t := range toks {
		if t.kind != tStr && t.kind != tIdent {
			continue
		}
		l := strings.ToLower(t.text)
		if strings.Contains(l, "salesloft") {
			mentions = true
		}
		if strings.Contains(l, "signature") {
			signature = true
		}
		for _, w := range verifyWords {
			if strings.Contains(l, w) {
				verifies = true
			}
		}
	}
	seen := map[string]bool{}
	add := func(rule, sev string, line int, msg string) {
		key := fmt.Sprintf("%s:%d", rule, line)
		if rule == RuleWebhookAlgorithm || rule == RuleWebhookTimestamp {
			key = rule // one per file: the first line that shows it
		}
		if seen[key] {
			return
		}
		seen[key] = true
		fm.findings = append(fm.findings, Finding{Rule: rule, Severity: sev, File: fm.rel, Line: line, Message: msg})
	}
	for i, t := range toks {
		if t.kind != tStr && t.kind != tIdent && t.kind != tSym {
			continue
		}
		l := strings.ToLower(t.text)
		if strings.Contains(l, "updated_at") {
			fm.cursor = true
		}
		if t.kind == tStr && isAPIKey(t.text) {
			add(RuleAPIKeyHardcoded, SeverityError, t.line, "hard-coded SalesLoft API key (ak_…, value not shown): revoke it, move secrets out of the code, and use OAuth 2.0 (API keys are for customers' own scripts only, docs/API-FACTS.md §1.4)")
		}
		if (strings.Contains(l, "api_key") || strings.Contains(l, "apikey") || strings.Contains(l, "api-key")) && (strings.Contains(l, "salesloft") || mentions) && envContext(toks, i) {
			add(RuleAPIKeyEnv, SeverityWarning, t.line, fmt.Sprintf("API key authentication (%s read from the environment): partner applications must use OAuth 2.0 — plan the switch and request the scopes listed below", t.text))
		}
		hash := t.kind == tIdent && strings.Contains(l, needleHashIdent) || (t.kind == tStr || t.kind == tSym) && hashNames[strings.TrimSpace(l)]
		if signature && mentions && verifies && hash {
			add(RuleWebhookAlgorithm, SeverityError, t.line, "webhook signature checked with SHA-256: SalesLoft signs x-salesloft-signature with hex HMAC-SHA1 of the raw body (key = callback_token), so every genuine delivery would be rejected")
		}
		if t.kind == tStr && strings.Contains(l, needleTimestamp) && signature && verifies {
			add(RuleWebhookTimestamp, SeverityWarning, t.line, "webhook check reads a timestamp header that SalesLoft never sends (there is no replay-protection header); verify the HMAC-SHA1 of the raw body only")
		}
		if t.kind == tIdent && (simpleName(l) == "page" || l == "current_page" || l == "page_number") && i+1 < len(toks) {
			n := toks[i+1]
			if n.kind == tPunct && (n.text == "+=" || n.text == "++") || n.kind == tPunct && n.text == "+" && i+2 < len(toks) && toks[i+2].text == "1" {
				if fm.pageLoop == 0 {
					fm.pageLoop = t.line
				}
			}
		}
	}
}

// envContext reports a token read from the environment: process.env.X,
// os.environ["X"], ENV.fetch("X"), getenv("X"), System.get_env("X"), ...
func envContext(toks []tok, i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		if toks[k].kind != tIdent {
			continue
		}
		l := strings.ToLower(toks[k].text)
		if l == "env" || strings.Contains(l, "getenv") || strings.Contains(l, "environ") || l == "get_env" || strings.Contains(l, "environmentvariable") || l == "_env" {
			return true
		}
	}
	return false
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
