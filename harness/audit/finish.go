package audit

import (
	"fmt"
	"sort"
	"strings"
)

// crossFileNames returns the names phase one found to hold SalesLoft
// values (base URLs, paths, client objects, wrapper functions) that do
// not themselves contain a prefilter keyword: a file that uses one of
// them may make SalesLoft calls without mentioning SalesLoft.
func crossFileNames(models []*fileModel, cfg *Config) map[string]map[string]bool {
	ix := newIndex(models, cfg)
	out := map[string]map[string]bool{} // language family -> names
	wrapperClasses := map[string]bool{}
	var fam string
	add := func(n string) {
		n = simpleName(n)
		if len(n) < 3 || containsSalesloft([]byte(n)) {
			return
		}
		if out[fam] == nil {
			out[fam] = map[string]bool{}
		}
		out[fam][n] = true
	}
	for _, fm := range models {
		if fm.nonCall {
			continue
		}
		fam = family(fm.lang)
		for _, d := range fm.defs {
			if d.fn != nil {
				continue
			}
			v := &env{fm: d.file, class: d.class}
			if len(d.val) == 1 && d.val[0].kind == kCall {
				for k, e := range d.val[0].call.kw {
					if baseKeys[normKey(k)] || k == "url" {
						if slBase(ix.eval(e, v), nil) {
							add(d.name)
						}
					}
				}
				continue
			}
			info := analyzeURL(ix.eval(d.val, v), hostsOf(cfg))
			if info.salesloft || info.candidate {
				add(d.name)
			}
		}
		for _, f := range fm.funcs {
			if f.name != "" && funcIsWrapper(ix, f, cfg) {
				add(f.name)
				if f.class != "" {
					add(f.class)
					wrapperClasses[f.class] = true
				}
			}
		}
	}
	// Objects built from a wrapper class: `export const accounts = new
	// Resource(api, '/accounts')` is used as accounts.list() elsewhere.
	for _, fm := range models {
		fam = family(fm.lang)
		for _, d := range fm.defs {
			if d.fn == nil && len(d.val) == 1 && d.val[0].kind == kCall {
				cls := lastSeg(strings.TrimSuffix(strings.TrimPrefix(d.val[0].call.callee, "new "), ".new"))
				if wrapperClasses[cls] {
					add(d.name)
				}
			}
		}
	}
	return out
}

// funcIsWrapper reports a function whose SalesLoft request takes its
// resource (or its method) from a parameter, or that builds a SalesLoft
// path from one: its callers in other files name the operation. A function
// that makes a fixed request is reported where it is written, so its
// callers need not be found.
func funcIsWrapper(ix *index, f *funcInfo, cfg *Config) bool {
	if len(f.params) == 0 {
		return false
	}
	v := &env{fm: f.file, fn: f, class: f.class}
	for _, c := range f.calls {
		for _, a := range c.args {
			info := analyzeURL(ix.eval(a, v), hostsOf(cfg))
			if info.param {
				return true
			}
		}
	}
	if f.ret != nil {
		s := render(ix.eval(f.ret, v))
		return strings.ContainsRune(s, markParam) && (strings.Contains(strings.ToLower(s), "salesloft") || strings.Contains(s, "v2"))
	}
	return false
}

// family groups languages that can use each other's names: a constant
// defined in a TypeScript file is imported by JavaScript and TypeScript
// files, never by Python ones.
func family(lang string) string {
	switch lang {
	case langJS, langTS:
		return "js"
	case langJava, langKotlin:
		return "jvm"
	}
	return lang
}

func hostsOf(cfg *Config) []string {
	if cfg == nil {
		return nil
	}
	return cfg.Hosts
}

// finish resolves every model into usages and findings (phase two).
func (s *scan) finish(m *matcher) *Result {
	sort.Slice(s.models, func(i, j int) bool { return s.models[i].rel < s.models[j].rel })
	// Definitions in tests, mocks and docs never explain real code: the
	// real files are resolved against an index of real files only.
	var real []*fileModel
	for _, fm := range s.models {
		if !fm.nonCall {
			real = append(real, fm)
		}
	}
	newAnalyzer := func(models []*fileModel) *analyzer {
		an := &analyzer{ix: newIndex(models, s.opts.Config), cat: m, hosts: hostsOf(s.opts.Config), wrappers: map[string]bool{}, seenDyn: map[string]bool{}}
		if s.opts.Config != nil {
			for _, w := range s.opts.Config.Wrappers {
				an.wrappers[simpleName(w)] = true
			}
		}
		return an
	}
	a := newAnalyzer(real)
	all := a
	if len(real) != len(s.models) {
		all = newAnalyzer(s.models)
	}
	res := &Result{Schema: SchemaVersion, Root: s.root, Usages: []Usage{}, Findings: []Finding{}, Scopes: []string{}, Summary: s.summary}
	seen := map[string]bool{}
	for _, fm := range s.models {
		var raws []rawUsage
		var mocks []rawUsage
		a := a
		if fm.nonCall {
			a = all
		}
		for _, c := range fm.calls {
			v := &env{fm: fm, fn: c.fn, line: c.line}
			if c.fn != nil {
				v.class = c.fn.class
			}
			for _, r := range a.usagesOf(c, v, 0) {
				if r.info.param || r.info.path == "" {
					continue
				}
				ru := rawUsage{method: r.method, url: r.info.path, line: r.line, attrs: mergeAttrs(c.attrs, r.info.attrs), via: r.via}
				if r.info.json {
					ru.attrs = mergeAttrs(ru.attrs, map[string]string{"json": "true"})
				}
				if c.mock {
					mocks = append(mocks, ru)
				} else {
					raws = append(raws, ru)
				}
			}
		}
		for _, d := range fm.direct {
			info := analyzeURL([]seg{{lit: d.url}}, a.hosts)
			if !info.salesloft && !info.candidate {
				continue
			}
			if info.candidate && !info.salesloft && !m.knownPath(info.path) && d.via == "doc" {
				continue
			}
			ru := d
			ru.url = info.path
			ru.attrs = mergeAttrs(d.attrs, info.attrs)
			if info.json || strings.HasSuffix(strings.SplitN(d.url, "?", 2)[0], ".json") {
				ru.attrs = mergeAttrs(ru.attrs, map[string]string{"json": "true"})
			}
			raws = append(raws, ru)
		}
		raws = preferKnownMethod(raws)
		if fm.nonCall {
			mocks = append(mocks, raws...)
			raws = nil
		}
		if s.opts.IncludeNonCalls {
			for _, r := range mocks {
				u := toUsage(fm, r)
				m.match(&u)
				res.NonCalls = append(res.NonCalls, u)
			}
		}
		hasUsage := false
		for _, r := range raws {
			u := toUsage(fm, r)
			key := fmt.Sprintf("%s|%d|%s|%s", u.File, u.Line, u.Method, u.Path)
			if seen[key] {
				continue
			}
			seen[key] = true
			hasUsage = true
			res.Findings = append(res.Findings, m.match(&u)...)
			res.Findings = append(res.Findings, usageFindings(u)...)
			res.Usages = append(res.Usages, u)
		}
		if !fm.nonCall {
			res.Findings = append(res.Findings, fm.findings...)
			if hasUsage && fm.pageLoop > 0 && !fm.cursor {
				res.Findings = append(res.Findings, Finding{Rule: RuleDeepPaging, Severity: SeverityWarning, File: fm.rel, Line: fm.pageLoop,
					Message: "loop over page with no updated_at cursor: pages above 100 cost 3 to 30 each (docs/API-FACTS.md §6); poll with updated_at[gt] and sort_by=updated_at instead"})
			}
		}
	}
	res.Findings = append(res.Findings, a.findings...)
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
	sortUsages(res.Usages)
	sortUsages(res.NonCalls)
	sortFindings(res.Findings)
	return res
}

func toUsage(fm *fileModel, r rawUsage) Usage {
	attrs := map[string]string{}
	for k, v := range r.attrs {
		attrs[k] = v
	}
	if r.via != "" {
		attrs["via"] = r.via
	}
	method := r.method
	if method == "" {
		method = MethodUnknown
	}
	return Usage{Method: method, Path: r.url, File: fm.rel, Line: r.line, Attributes: attrs, Language: fm.lang}
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

func mergeAttrs(a, b map[string]string) map[string]string {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// preferKnownMethod drops an UNKNOWN-method usage when the same line and
// path also has one with a stated method (a wrapper reached two ways).
func preferKnownMethod(rs []rawUsage) []rawUsage {
	known := map[string]bool{}
	for _, r := range rs {
		if r.method != MethodUnknown && r.method != "" {
			known[fmt.Sprintf("%d %s", r.line, r.url)] = true
		}
	}
	out := rs[:0]
	for _, r := range rs {
		if (r.method == MethodUnknown || r.method == "") && known[fmt.Sprintf("%d %s", r.line, r.url)] {
			continue
		}
		out = append(out, r)
	}
	return out
}
