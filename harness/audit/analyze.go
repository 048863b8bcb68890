package audit

import (
	"fmt"
	"strings"
)

// analyzer turns the models of phase one into raw usages and findings.
type analyzer struct {
	ix       *index
	cat      *matcher
	hosts    []string
	wrappers map[string]bool
	findings []Finding
	seenDyn  map[string]bool
}

// quietCallees never make a usage themselves: logging, errors, assertions
// and string helpers whose value flows into a real call.
var quietCallees = map[string]bool{
	"log": true, "info": true, "debug": true, "warn": true, "warning": true, "error": true,
	"fatal": true, "print": true, "println": true, "printf": true, "puts": true, "p": true,
	"pp": true, "echo": true, "Println": true, "Printf": true, "Print": true, "Errorf": true,
	"Fatalf": true, "Logf": true, "Sprint": true, "Sprintf": true, "Infof": true, "Debugf": true,
	"Warnf": true, "Error": true, "Exception": true, "RuntimeError": true, "ValueError": true,
	"raise": true, "fail": true, "assert": true, "expect": true, "describe": true, "it": true,
	"test": true, "inspect": true, "format": true, "sprintf": true, "join": true, "urljoin": true,
	"JoinPath": true, "Join": true, "Combine": true, "URI": true, "parse": true, "Parse": true,
	"create": false, "URL": true, "Uri": true, "encodeURI": true, "encodeURIComponent": true,
	"quote": true, "escape": true, "String": true, "str": true, "toString": true, "to_s": true,
	"strip": true, "trim": true, "replace": true, "concat": true, "append": true, "push": true,
	"includes": true, "startsWith": true, "endsWith": true, "startswith": true, "endswith": true,
	"HasPrefix": true, "HasSuffix": true, "Contains": true, "split": true, "match": true,
	"test_": true, "define": true, "base_uri": true, "plug": true, "Errorf_": true, "Sprintln": true,
	"WriteString": true, "emit": true, "trace": true, "notice": true, "critical": true,
	"eventually": true, "consistently": true, "skip": true, "by": true, "fatalf": true,
	"errorf": true, "logf": true, "fprintf": true, "fprintln": true,
}

func (a *analyzer) quiet(c *callExpr) bool {
	name := strings.TrimPrefix(c.name(), "new ")
	if quietCallees[name] || quietCallees[strings.ToLower(name)] {
		return true
	}
	recv := strings.ToLower(c.recv())
	if recv == "errors" || recv == "fmt" || recv == "log" || recv == "slog" || recv == "strings" || recv == "path" || recv == "filepath" {
		return true
	}
	if strings.Contains(recv, "log") || strings.HasPrefix(recv, "console") || recv == "fmt" && name != "Sprintf" || strings.Contains(recv, "assert") || recv == "io" {
		return true
	}
	if c.callee == "URI.create" || c.callee == "URI.parse" || c.callee == "URI.join" || c.callee == "url.Parse" || c.callee == "Uri.parse" || c.callee == "%format" {
		return true
	}
	return false
}

var urlKeys = []string{"url", "uri", "path", "endpoint", "href", "url_path", "requesturi"}

var baseKeys = map[string]bool{
	"#base": true, "baseurl": true, "baseuri": true, "baseaddress": true, "apibase": true,
	"base": true, "apiurl": true, "apiroot": true, "rooturl": true, "urlbase": true,
	"apiendpoint": true, "apihost": true, "prefixurl": true, "host": true, "endpoint": true,
	"salesloftbase": true, "salesloftbaseurl": true, "salesloftapi": true, "salesloftapiurl": true,
}

func normKey(k string) string {
	return strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(strings.TrimLeft(simpleName(k), "@$"), "_", ""), "-", ""))
}

// callResult is one resolved request of a call.
type callResult struct {
	method string
	info   urlInfo
	via    string
	line   int
}

// usagesOf returns the requests a call makes (direct, through a client
// object's base, through user functions it calls, or through a
// configured wrapper). depth bounds inlining.
func (a *analyzer) usagesOf(c *callExpr, v *env, depth int) []callResult {
	if c.route || a.quiet(c) {
		return nil
	}
	// A user function that makes requests from its parameters (a wrapper)
	// is inlined; one that only builds a string is not a request.
	f := a.ix.pickFunc(c, v)
	if f != nil && (f == v.fn && depth > 0) {
		f = nil
	}
	if f != nil && len(f.calls) > 0 && depth < 4 {
		if out := a.inline(c, f, v, depth); len(out) > 0 {
			return out
		}
	}
	if f != nil && f.ret != nil {
		return nil // builds a string (a path helper): the value flows into a real call
	}
	// Direct: an argument that is a SalesLoft URL or path.
	if r, ok := a.direct(c, v); ok {
		return []callResult{r}
	}
	// Configured wrappers: first string argument is a SalesLoft path.
	if a.wrappers[c.name()] {
		for _, arg := range c.args {
			if exprVerb(arg) != "" {
				continue
			}
			segs := a.ix.eval(arg, v)
			info := analyzeURL(segs, a.hosts)
			if info.relative {
				info = analyzeURL(joinSlash([]seg{{base: true}}, segs), a.hosts)
			}
			if (info.candidate || info.salesloft) && !info.param && !info.base && !info.dynamic {
				return []callResult{{method: a.method(c, v), info: info, via: "wrapper", line: c.line}}
			}
			break
		}
	}
	return nil
}

// inline reports the requests of user function f made with the arguments
// of call c. Only requests that depend on those arguments are reported
// here; a fixed request is reported where it is written.
func (a *analyzer) inline(c *callExpr, f *funcInfo, v *env, depth int) []callResult {
	var out []callResult
	for _, d := range f.calls {
		if d == c {
			continue
		}
		ne := a.ix.inlineEnv(f, c, v)
		used := false
		ne.used = &used
		rs := a.usagesOf(d, ne, depth+1)
		if !used {
			continue
		}
		for _, r := range rs {
			if r.info.param {
				continue
			}
			r.line = c.line
			if r.via == "call" || r.via == "" {
				r.via = "wrapper"
			}
			out = append(out, r)
		}
	}
	return out
}

// direct resolves the URL arguments of a call itself.
func (a *analyzer) direct(c *callExpr, v *env) (callResult, bool) {
	var cands []expr
	for i, arg := range c.args {
		if i >= 3 {
			break
		}
		cands = append(cands, arg)
	}
	for _, k := range urlKeys {
		if e, ok := c.kw[k]; ok {
			cands = append(cands, e)
		}
	}
	if c.annot && len(calleeVerbs(c.callee)) == 0 {
		return callResult{}, false // @Path("id"), @Query(...): not requests
	}
	for _, arg := range cands {
		if len(arg) == 1 && (arg[0].kind == kHole || arg[0].kind == kNum || arg[0].kind == kObj) {
			continue
		}
		segs := a.ix.eval(arg, v)
		info := analyzeURL(segs, a.hosts)
		if info.relative || info.candidate && !a.cat.knownPath(info.path) {
			if base, strong := a.contextBase(c, v); base != nil && (strong || a.requestLike(c) && a.cat.knownResource(info.path)) {
				info = analyzeURL(joinSlash(base, segs), a.hosts)
			} else if c.annot {
				if base := a.projectBase(); base != nil {
					info = analyzeURL(joinSlash(base, segs), a.hosts)
				}
			}
		}
		if info.base || info.dynamic {
			continue
		}
		if info.candidate && !info.salesloft && !a.cat.knownPath(info.path) {
			continue
		}
		if !info.salesloft && !info.candidate {
			continue
		}
		if info.param {
			a.dynamic(c, v)
			return callResult{info: info}, true
		}
		via := "call"
		if c.annot {
			via = "annotation"
		}
		return callResult{method: a.method(c, v), info: info, via: via, line: c.line}, true
	}
	return callResult{}, false
}

// method returns the call's HTTP method: stated at the call, or bound to a
// parameter by an inlined caller; UNKNOWN otherwise.
func (a *analyzer) method(c *callExpr, v *env) string {
	if len(c.hints) > 0 {
		return c.hints[0]
	}
	for _, arg := range append(append([]expr{}, c.args...), kwValues(c.kw, "method", "http_method", "verb")...) {
		if len(arg) == 1 && arg[0].kind == kRef {
			if vb := a.boundVerb(arg[0].s, v, 0); vb != "" {
				return vb
			}
		}
	}
	return MethodUnknown
}

// boundVerb follows a parameter through the chain of inlined calls to the
// verb the outermost caller passed.
func (a *analyzer) boundVerb(name string, v *env, depth int) string {
	b, ok := v.bind[simpleName(name)]
	if !ok || depth > 8 {
		return ""
	}
	if vb := exprVerb(b.e); vb != "" {
		return vb
	}
	if len(b.e) == 1 && b.e[0].kind == kRef && b.env != nil {
		if vb := a.boundVerb(b.e[0].s, b.env, depth+1); vb != "" {
			return vb
		}
	}
	if s := a.ix.eval(b.e, b.env); len(s) == 1 && s[0].isLit() {
		return exprVerb(lit(s[0].lit))
	}
	return ""
}

func kwValues(kw map[string]expr, keys ...string) []expr {
	var out []expr
	for _, k := range keys {
		if e, ok := kw[k]; ok {
			out = append(out, e)
		}
	}
	return out
}

// dynamic records a dynamic-call finding when both the method and the path
// of a call come from the enclosing function's parameters.
func (a *analyzer) dynamic(c *callExpr, v *env) {
	if v.bind != nil || c.fn == nil {
		return
	}
	if len(c.hints) > 0 {
		return
	}
	methodParam := ""
	for _, arg := range append(append([]expr{}, c.args...), kwValues(c.kw, "method", "http_method", "verb")...) {
		if len(arg) == 1 && arg[0].kind == kRef && v.isParam(arg[0].s) {
			n := strings.ToLower(arg[0].s)
			if strings.Contains(n, "method") || strings.Contains(n, "verb") {
				methodParam = arg[0].s
			}
		}
	}
	if methodParam == "" {
		return
	}
	key := fmt.Sprintf("%s:%d", c.file.rel, c.line)
	if a.seenDyn[key] {
		return
	}
	a.seenDyn[key] = true
	a.findings = append(a.findings, Finding{Rule: RuleDynamicCall, Severity: SeverityWarning, File: c.file.rel, Line: c.line,
		Message: fmt.Sprintf("%s(): both the HTTP method (%s) and the path come from the caller of %s; the audit lists the operations at the call sites it can resolve — check the others by hand or name the wrapper in --config", c.name(), methodParam, c.fn.name)})
}

// contextBase finds the base URL a relative path is resolved against: the
// receiver's client object (axios.create({baseURL}), Faraday.new(url:),
// new HttpClient { BaseAddress }), or a base set for the class or file
// (HTTParty base_uri, Tesla BaseUrl, a baseUrl attribute).
func (a *analyzer) contextBase(c *callExpr, v *env) (base []seg, strong bool) {
	if recv := c.recv(); recv != "" {
		if d := a.ix.recvDef(recv, v); d != nil && len(d.val) == 1 {
			t := d.val[0]
			var fields map[string]expr
			switch t.kind {
			case kCall:
				fields = t.call.kw
				if len(t.call.args) == 1 && strings.Contains(strings.ToLower(t.call.callee), "faraday") {
					if s := a.ix.eval(t.call.args[0], v.child()); slBase(s, a.hosts) {
						return s, true
					}
				}
			case kObj:
				fields = t.obj
			}
			for k, e := range fields {
				if baseKeys[normKey(k)] || k == "url" {
					if s := a.ix.eval(e, &env{fm: d.file, fn: d.fn, class: d.class}); slBase(s, a.hosts) {
						return s, true
					}
				}
			}
		}
	}
	// Class or file level: a base-named definition with a SalesLoft value.
	var fileBase []seg
	for _, d := range v.fm.defs {
		if !baseKeys[normKey(d.name)] {
			continue
		}
		s := a.ix.eval(d.val, &env{fm: d.file, fn: d.fn, class: d.class})
		if !slBase(s, a.hosts) {
			continue
		}
		if d.class != "" && d.class == v.class {
			return s, d.name == "#base"
		}
		if fileBase == nil {
			fileBase = s
		}
	}
	return fileBase, false
}

// requestNames are callee names that send a request without naming a verb.
var requestNames = map[string]bool{
	"request": true, "fetch": true, "exchange": true, "execute": true, "send": true, "sendasync": true,
	"newcall": true, "open": true, "urlopen": true, "curl_init": true, "call": true, "invoke": true,
	"perform": true, "do": true, "httprequestmessage": true, "newbuilder": true, "uri": true, "url": true,
	"request!": true, "run": true,
}

// requestLike reports a call that sends (or builds) an HTTP request.
func (a *analyzer) requestLike(c *callExpr) bool {
	if len(c.hints) > 0 {
		return true
	}
	return requestNames[strings.ToLower(strings.TrimPrefix(c.name(), "new "))]
}

// projectBase returns the project's SalesLoft base when every base-named
// definition agrees (for Retrofit-style interfaces whose base is set
// elsewhere).
func (a *analyzer) projectBase() []seg {
	var found []seg
	var text string
	for name, ds := range a.ix.defs {
		if !baseKeys[normKey(name)] {
			continue
		}
		for _, d := range ds {
			s := a.ix.eval(d.val, &env{fm: d.file, fn: d.fn, class: d.class})
			if !slBase(s, a.hosts) {
				continue
			}
			r := render(s)
			if found != nil && r != text {
				return nil
			}
			found, text = s, r
		}
	}
	return found
}

// slBase reports whether an evaluated string is a SalesLoft base URL.
func slBase(s []seg, hosts []string) bool {
	info := analyzeURL(s, hosts)
	return info.salesloft && !info.param
}
