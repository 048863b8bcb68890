package audit

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// scanOne scans a tree with one file and returns the rule ids found.
func scanOne(t *testing.T, name, src string) (*Result, string) {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, name), []byte(src))
	res, err := Scan(context.Background(), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Rule)
	}
	return res, strings.Join(rules, ",")
}

// TestRules proves each rule fires on the code it targets and stays quiet
// on the correct version of the same code.
func TestRules(t *testing.T) {
	const key = "ak_0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
	cases := []struct {
		name, file, src, want string
	}{
		{"unknown endpoint", "a.py", "requests.get('https://api.salesloft.com/v2/cadence_steps')", RuleUnknownEndpoint},
		{"wrong method", "a.py", "requests.patch('https://api.salesloft.com/v2/me')", RuleUnknownEndpoint},
		{"known endpoint", "a.py", "requests.get('https://api.salesloft.com/v2/me')", ""},
		{"catalog only", "a.py", "requests.get('https://api.salesloft.com/v2/steps')", RuleCatalogOnly},
		{"legacy json", "a.py", "requests.get('https://api.salesloft.com/v2/me.json')", RuleLegacyJSONPath},
		{"deep page literal", "a.py", "requests.get('https://api.salesloft.com/v2/people?page=101')", RuleDeepPaging},
		{"page 100 is fine", "a.py", "requests.get('https://api.salesloft.com/v2/people?page=100')", ""},
		{"page loop", "a.py", "page = 1\nwhile True:\n    requests.get('https://api.salesloft.com/v2/people', params={'page': page})\n    page += 1\n", RuleDeepPaging},
		{"page loop with cursor", "a.py", "page = 1\nwhile True:\n    requests.get('https://api.salesloft.com/v2/people', params={'page': page, 'updated_at[gt]': since})\n    page += 1\n", ""},
		{"hard-coded key", "a.ts", "const k = '" + key + "';\nfetch('https://api.salesloft.com/v2/me', {headers: {Authorization: `Bearer ${k}`}})", RuleAPIKeyHardcoded},
		{"placeholder key", "a.ts", "const k = 'ak_0000000000000000000000000000000000000000';\nfetch('https://api.salesloft.com/v2/me')", ""},
		{"key from env", "a.rb", "key = ENV.fetch('SALESLOFT_API_KEY')\nNet::HTTP.get(URI('https://api.salesloft.com/v2/me'))", RuleAPIKeyEnv},
		{"oauth from env", "a.rb", "id = ENV.fetch('SALESLOFT_CLIENT_ID')\nNet::HTTP.get(URI('https://api.salesloft.com/v2/me'))", ""},
		{"sha256 webhook", "h.py", "import hmac, hashlib\ndef salesloft_hook(body, signature, token):\n    d = hmac.new(token, body, hashlib.sha256).hexdigest()\n    return hmac.compare_digest(d, signature)\n", RuleWebhookAlgorithm},
		{"sha1 webhook", "h.py", "import hmac, hashlib\ndef salesloft_hook(body, signature, token):\n    d = hmac.new(token, body, hashlib.sha1).hexdigest()\n    return hmac.compare_digest(d, signature)\n", ""},
		{"timestamp header", "h.js", "function verifySalesloft(req, signature) { const ts = req.headers['x-salesloft-timestamp']; return crypto.timingSafeEqual(a, b); }", RuleWebhookTimestamp},
		{"dynamic call", "c.py", "BASE = 'https://api.salesloft.com/v2'\ndef call(method, path):\n    return requests.request(method, BASE + path)\n", RuleDynamicCall},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, rules := scanOne(t, tc.file, tc.src)
			if tc.want == "" {
				if rules != "" && rules != RuleUnknownMethod {
					t.Errorf("findings %q on correct code; usages %+v", rules, res.Usages)
				}
				return
			}
			if !strings.Contains(rules, tc.want) {
				t.Errorf("findings %q, want %s; usages %+v", rules, tc.want, res.Usages)
			}
			for _, f := range res.Findings {
				if strings.Contains(f.Message, key) {
					t.Errorf("message leaks the API key: %s", f.Message)
				}
			}
		})
	}
}

func TestGate(t *testing.T) {
	mk := func(sevs ...string) *Result {
		r := &Result{}
		for _, s := range sevs {
			r.Findings = append(r.Findings, Finding{Rule: "x", Severity: s})
		}
		return r
	}
	cases := []struct {
		r      *Result
		failOn string
		fail   bool
	}{
		{mk(), "error", false},
		{mk(SeverityInfo), "warning", false},
		{mk(SeverityWarning), "error", false},
		{mk(SeverityWarning), "warning", true},
		{mk(SeverityError), "error", true},
		{mk(SeverityError), "never", false},
		{mk(SeverityWarning), "bogus", true},
	}
	for _, tc := range cases {
		if got := tc.r.Gate(tc.failOn); got != tc.fail {
			t.Errorf("Gate(%q) with %v = %v, want %v", tc.failOn, tc.r.Findings, got, tc.fail)
		}
	}
}

func TestEndpointProblems(t *testing.T) {
	res := scanCorpus(t)
	probs := res.EndpointProblems()
	if len(probs) == 0 {
		t.Fatal("no endpoint problems in the corpus")
	}
	for _, f := range probs {
		if f.Rule != RuleUnknownEndpoint && f.Rule != RuleCatalogOnly {
			t.Errorf("unexpected rule %s", f.Rule)
		}
	}
}

func TestWritersRender(t *testing.T) {
	res := scanCorpus(t)
	for name, w := range map[string]func(*strings.Builder) error{
		"text":     func(b *strings.Builder) error { return WriteText(b, res) },
		"markdown": func(b *strings.Builder) error { return WriteMarkdown(b, res) },
		"json":     func(b *strings.Builder) error { return WriteJSON(b, res) },
	} {
		var b strings.Builder
		if err := w(&b); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, want := range []string{"/v2/cadence_steps", "people:read"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s output lacks %q", name, want)
			}
		}
	}
}
