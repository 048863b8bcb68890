package report

import (
	"bytes"
	"errors"
	"github.com/loftgate/loftgate/harness/contract"
	"regexp"
	"strings"
	"testing"
)

// renderHTML renders r or fails the test.
func renderHTML(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteHTML(&buf, r); err != nil {
		t.Fatalf("WriteHTML: %v", err)
	}
	return buf.String()
}

// Patterns used by externalRefs. Report text is escaped, so a raw '<' only
// ever starts a real tag; looking inside tags (and style sheets) avoids
// flagging text such as an escaped "&lt;img src=x&gt;" or a URL shown in a <code>.
var (
	tagPattern     = regexp.MustCompile(`<[^>]*>`)
	badTag         = regexp.MustCompile(`(?i)^<\s*(script|link|iframe|object|embed|img|base|frame|audio|video|source|form)\b`)
	urlAttr        = regexp.MustCompile(`(?i)\s(src|href|action|formaction|poster|data|srcset|background)\s*=\s*["']?([^"'\s>]*)`)
	stylePattern   = regexp.MustCompile(`(?is)<style[^>]*>(.*?)</style>|\sstyle\s*=\s*"([^"]*)"`)
	styleReference = regexp.MustCompile(`(?i)url\(|@import`)
)

// externalRefs returns everything in page that would make a browser load or
// run something: scripts and embedding elements, URL attributes other than
// in-page anchors, and url() or @import in CSS.
func externalRefs(page string) []string {
	var found []string
	for _, tag := range tagPattern.FindAllString(page, -1) {
		if badTag.MatchString(tag) {
			found = append(found, tag)
			continue
		}
		for _, m := range urlAttr.FindAllStringSubmatch(tag, -1) {
			if !strings.HasPrefix(m[2], "#") {
				found = append(found, m[0])
			}
		}
	}
	for _, m := range stylePattern.FindAllStringSubmatch(page, -1) {
		if styleReference.MatchString(m[1] + m[2]) {
			found = append(found, m[0])
		}
	}
	return found
}

// ownScript is the page's one inline script, the failures-only filter, as
// the template writes it.
var ownScript = regexp.MustCompile(`(?s)<script>.*?</script>`).FindString(htmlSource)

// withoutOwnScript removes the page's own inline script, failing the test
// unless it is there exactly once, loads nothing and reaches no network.
func withoutOwnScript(t *testing.T, page string) string {
	t.Helper()
	if ownScript == "" || strings.Count(page, ownScript) != 1 {
		t.Fatalf("the page does not hold its filter script exactly once")
	}
	for _, banned := range []string{"http", "fetch", "XMLHttpRequest", "import", "src", "eval", "innerHTML"} {
		if strings.Contains(ownScript, banned) {
			t.Errorf("the inline script uses %q", banned)
		}
	}
	return strings.Replace(page, ownScript, "", 1)
}

func TestHTMLIsSelfContained(t *testing.T) {
	html := withoutOwnScript(t, renderHTML(t, sampleReport()))
	if m := externalRefs(html); len(m) > 0 {
		t.Errorf("HTML references external resources or runs scripts: %q", m)
	}
	// Exchange URLs are shown as text, never as links.
	if !strings.Contains(html, "https://api.salesloft.com/v2/people") {
		t.Error("HTML does not show the exchange URL")
	}
	if regexp.MustCompile(`(?i)href\s*=\s*["']?https?:`).MatchString(html) {
		t.Error("HTML links to an external URL")
	}
}

// TestExternalRefsDetects proves the self-containment check can fail.
func TestExternalRefsDetects(t *testing.T) {
	for _, bad := range []string{
		`<link rel="stylesheet" href="https://cdn.example/x.css">`,
		`<img src="http://example.com/a.png">`,
		`<style>body{background:url(https://example.com/a.png)}</style>`,
		`<style>@import "x.css";</style>`,
		`<script>alert(1)</script>`,
		`<a href=//example.com/>x</a>`,
		`<a href="https://example.com">x</a>`,
		`<div style="background: URL('x.png')">`,
		`<form action="/collect">`,
	} {
		if len(externalRefs(bad)) == 0 {
			t.Errorf("externalRefs misses %q", bad)
		}
	}
	ok := `<a href="#item-A">A</a> <code>GET https://api.salesloft.com/v2/me</code> &lt;img src=x&gt; <p class="muted">`
	if m := externalRefs(ok); len(m) > 0 {
		t.Errorf("externalRefs flags an in-page anchor or text: %q", m)
	}
}

func TestHTMLEscapesReportText(t *testing.T) {
	r := Build(
		[]contract.Item{{ID: `X"><script>alert(1)</script>`, Title: "<b>title</b>", Level: "MUST", Description: "<img src=x onerror=alert(1)>"}},
		[]SpecResult{{
			Name: "<i>spec</i>", Labels: []string{`X"><script>alert(1)</script>`}, Status: "fail",
			Failure:   `expected <script>alert("pwned")</script>`,
			Problems:  []error{errors.New("<svg onload=alert(1)>")},
			Exchanges: []Exchange{{Method: "GET", URL: `javascript:alert(1)`, Status: 500, ResponseBody: "</pre><script>alert(2)</script>"}},
			Output:    "<script>alert(3)</script>",
		}},
		Meta{Identity: "<u>me</u>", Notes: []string{"<marquee>"}},
	)
	html := withoutOwnScript(t, renderHTML(t, r))
	for _, raw := range []string{"<script", "<b>", "<i>", "<img", "<svg", "<u>", "<marquee>", "</pre><"} {
		if strings.Contains(html, raw) {
			t.Errorf("HTML contains unescaped %q", raw)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;") {
		t.Error("HTML does not show the escaped failure message")
	}
	if m := externalRefs(html); len(m) > 0 {
		t.Errorf("hostile report text became a reference: %q", m)
	}
}

func TestHTMLStructure(t *testing.T) {
	html := renderHTML(t, sampleReport())
	for _, want := range []string{
		`<details class="item fail" data-status="fail" id="item-AUTH-REFRESH-ROTATION" open>`,
		`<details class="item pass" data-status="pass" id="item-AUTH-OAUTH-ONLY">`,
		`<a class="tile uncovered" data-status="uncovered" href="#item-WEBHOOK-SIGNATURE"`,
		`<input type="checkbox" id="filter-failures">`,
		`<section id="failures" data-status="fail">`,
		`<section id="skipped" data-status="skip">`,
		`<span class="change new-failure">new failure</span>`,
		`<span class="badge verdict fail">FAIL</span>`,
		"more bytes not shown",
		"4 of 5 operations called; 1 not called.",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
}

func TestAnchorFor(t *testing.T) {
	for in, want := range map[string]string{
		"AUTH-REFRESH-ROTATION": "item-AUTH-REFRESH-ROTATION",
		`a b"<c>`:               "item-a_b__c_",
		"":                      "item-",
	} {
		if got := anchorFor(in); got != want {
			t.Errorf("anchorFor(%q) = %q, want %q", in, got, want)
		}
	}
}
