package audit

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/flow"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/csharp"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/elixir"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/golang"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/java"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/javascript"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/kotlin"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/php"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/python"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/ruby"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/typescript"
	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

// frontends are the language front ends, one folder each under
// internal/frontend.
var frontends = []*syntax.Spec{javascript.Spec, typescript.Spec, python.Spec, ruby.Spec, php.Spec, golang.Spec,
	java.Spec, kotlin.Spec, csharp.Spec, elixir.Spec}

func frontendFor(name string) *syntax.Spec {
	ext := strings.ToLower(path.Ext(name))
	for _, s := range frontends {
		for _, x := range s.Exts {
			if x == ext {
				return s
			}
		}
	}
	return nil
}

// rawUsage is a usage before catalog matching.
type rawUsage struct {
	method string
	url    string
	line   int
	attrs  map[string]string
	via    string
}

// urlInfo is what a resolved URL says.
type urlInfo struct {
	path  string // /v2/... template with {id}
	host  bool   // a SalesLoft host is stated
	json  bool
	ok    bool
	query map[string]string
}

var idSeg = regexp.MustCompile(`^(\d+|:[A-Za-z_]\w*|\{[^}]*\}|\$\w+)$`)

// classify turns a resolved URL into a catalog path, or ok false when it
// is not a SalesLoft v2 request.
func classify(u string, hosts []string) urlInfo {
	var info urlInfo
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		j := strings.IndexByte(rest, '/')
		host := rest
		if j >= 0 {
			host = rest[:j]
			rest = rest[j:]
		} else {
			rest = "/"
		}
		host = strings.ToLower(strings.TrimPrefix(host, flow.Hole))
		for _, h := range hosts {
			if host == h {
				info.host = true
			}
		}
		if !info.host {
			return info
		}
		u = rest
	} else {
		u = strings.TrimLeft(u, flow.Hole)
	}
	if k := strings.IndexAny(u, "?#"); k >= 0 {
		if q := u[k:]; q[0] == '?' {
			info.query = map[string]string{}
			for _, kv := range strings.Split(q[1:], "&") {
				if kk, vv, ok := strings.Cut(kv, "="); ok && !strings.Contains(vv, flow.Hole) {
					info.query[kk] = vv
				}
			}
		}
		u = u[:k]
	}
	u = strings.ReplaceAll(u, "//", "/")
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	segs := strings.Split(strings.Trim(u, "/"), "/")
	if info.host && len(segs) >= 2 && segs[0] == "oauth" {
		info.path, info.ok = "/oauth/"+strings.TrimSuffix(segs[1], ".json"), true
		return info
	}
	if len(segs) < 2 || segs[0] != "v2" {
		return info
	}
	for i, s := range segs {
		if strings.HasSuffix(s, ".json") {
			s = strings.TrimSuffix(s, ".json")
			info.json = true
		}
		switch {
		case strings.Contains(s, flow.Hole) || idSeg.MatchString(s) || s == "":
			if i == 1 {
				return info // the resource is not known: a wrapper's generic line
			}
			s = "{id}"
		}
		segs[i] = s
	}
	info.path = "/" + strings.Join(segs, "/")
	info.ok = true
	return info
}

func hostsOf(r []string, cfg *Config) []string {
	out := append([]string{}, r...)
	if cfg != nil {
		out = append(out, cfg.Hosts...)
	}
	return out
}

// finish resolves the parsed files and builds the result.
func (e *engine) finish(m *matcher) *Result {
	sort.Slice(e.files, func(i, j int) bool { return e.files[i].file.Path < e.files[j].file.Path })
	var real, all []*ir.File
	byPath := map[string]*parsed{}
	for _, p := range e.files {
		byPath[p.file.Path] = p
		all = append(all, p.file)
		if !p.nonCall {
			real = append(real, p.file)
		}
	}
	hosts := hostsOf(e.rules.Hosts, e.opts.Config)
	res := &Result{Schema: SchemaVersion, Root: e.opts.Root, Usages: []Usage{}, Findings: []Finding{}, Scopes: []string{}, Summary: e.summary}
	addReqs := func(files []*ir.File, nonCall bool) {
		prog := flow.New(files, e.rules, e.flowOptions())
		reqs := prog.Resolve()
		// A wrapper call one level up is dropped when the request it reaches
		// is already reported, complete, where it is sent.
		direct := map[string]bool{}
		for _, r := range reqs {
			if r.Via == "call" && !r.Surface {
				direct[fmt.Sprintf("%s|%d|%s|%s", r.File, r.Line, r.Method, r.URL)] = true
			}
		}
		for _, r := range reqs {
			if r.Via == "wrapper" && direct[fmt.Sprintf("%s|%d|%s|%s", r.SinkFile, r.SinkLine, r.Method, r.URL)] {
				continue
			}
			p := byPath[r.File]
			if p == nil || p.nonCall != nonCall {
				continue
			}
			if r.Dynamic {
				res.Findings = append(res.Findings, Finding{Rule: RuleDynamicCall, Severity: SeverityWarning, File: r.File, Line: r.Line,
					Message: "the method and the path of this request both come from the caller (a passthrough): the audit cannot tell which SalesLoft operation it sends; list them in --config wrappers or review by hand"})
				continue
			}
			p.direct = append(p.direct, rawUsage{method: r.Method, url: r.URL, line: r.Line, via: r.Via, attrs: r.Attrs})
		}
	}
	addReqs(real, false)
	if e.opts.IncludeNonCalls {
		addReqs(all, true)
	}
	seen := map[string]bool{}
	usedFiles := map[string]bool{}
	for _, p := range e.files {
		for _, d := range p.direct {
			info := classify(d.url, hosts)
			if !info.ok {
				continue
			}
			if !info.host && (!p.anchored || !m.knownResource(info.path) && !strings.HasPrefix(d.via, "framework")) {
				continue
			}
			attrs := map[string]string{}
			for k, v := range d.attrs {
				attrs[k] = v
			}
			for k, v := range info.query {
				if _, ok := attrs[k]; !ok {
					attrs[k] = v
				}
			}
			if info.json {
				attrs["json"] = "true"
			}
			if d.via != "" {
				attrs["via"] = d.via
			}
			method := d.method
			if method == "" {
				method = MethodUnknown
			}
			u := Usage{Method: method, Path: info.path, File: p.file.Path, Line: d.line, Attributes: attrs, Language: p.file.Lang}
			key := fmt.Sprintf("%s|%d|%s|%s", u.File, u.Line, u.Method, u.Path)
			if seen[key] {
				continue
			}
			seen[key] = true
			if p.nonCall {
				m.match(&u)
				res.NonCalls = append(res.NonCalls, u)
				continue
			}
			res.Findings = append(res.Findings, m.match(&u)...)
			res.Findings = append(res.Findings, usageFindings(u)...)
			res.Usages = append(res.Usages, u)
			usedFiles[u.File] = true
		}
		if !p.nonCall {
			for _, f := range p.finds {
				// A paging loop matters only in a file that calls SalesLoft.
				if f.Rule == RuleDeepPaging && !usedFiles[p.file.Path] {
					continue
				}
				res.Findings = append(res.Findings, f)
			}
		}
	}
	scopes := map[string]bool{}
	for _, u := range res.Usages {
		if u.Scope != "" {
			scopes[u.Scope] = true
		}
	}
	for sc := range scopes {
		res.Scopes = append(res.Scopes, sc)
	}
	sort.Strings(res.Scopes)
	res.Summary = e.summary
	sortUsages(res.Usages)
	sortUsages(res.NonCalls)
	sortFindings(res.Findings)
	return res
}

// flowOptions passes the team's configuration to the resolver.
func (e *engine) flowOptions() flow.Options {
	var o flow.Options
	if c := e.opts.Config; c != nil {
		for _, n := range c.BaseURLs {
			o.BaseNames = append(o.BaseNames, simpleName(n))
		}
		for _, n := range c.Wrappers {
			o.Wrappers = append(o.Wrappers, simpleName(n))
		}
	}
	return o
}

// simpleName strips receivers and sigils: "this.baseUrl" -> "baseUrl".
func simpleName(s string) string {
	if i := strings.LastIndexAny(s, ".:>"); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimLeft(s, "@$")
}

// pageNumber parses a literal page attribute, 0 when it is not a number.
func pageNumber(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
		if n > 1_000_000 {
			return n
		}
	}
	return n
}

// usageFindings are the rules that look at one usage.
func usageFindings(u Usage) []Finding {
	var fs []Finding
	if u.Attributes["json"] == "true" {
		fs = append(fs, Finding{Rule: RuleLegacyJSONPath, Severity: SeverityInfo, File: u.File, Line: u.Line,
			Message: fmt.Sprintf("%s is called with the legacy .json suffix; SalesLoft accepts both, the current docs use %s", u.Path, u.Path)})
	}
	if n := pageNumber(u.Attributes["page"]); n > 100 {
		fs = append(fs, Finding{Rule: RuleDeepPaging, Severity: SeverityWarning, File: u.File, Line: u.Line,
			Message: fmt.Sprintf("page=%d pays the deep-page surcharge (pages above 100 cost 3 to 30, docs/API-FACTS.md §6); use an updated_at cursor", n)})
	}
	return fs
}
