package audit

// Calls: where they are, what they are called, which HTTP verb is stated
// around them, and whether they are routes or test doubles.

import (
	"strings"
)

// skipGeneric returns the index after a generic argument list "<...>" that
// starts at i (TS, Java, C#, Kotlin), or i when there is none.
func (p *parser) skipGeneric(i int) int {
	if !p.punct(i, "<") || p.lang == langPython || p.lang == langRuby || p.lang == langElixir || p.lang == langPHP {
		return i
	}
	depth := 0
	for k := i; k < len(p.toks) && k < i+40; k++ {
		t := p.toks[k]
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "<":
			depth++
		case ">":
			depth--
		case ">>":
			depth -= 2
		case "{", "[":
			if p.match[k] > k {
				k = p.match[k]
			}
		case ";", "=", "(", ")", "&&", "||":
			return i
		}
		if depth <= 0 {
			return k + 1
		}
	}
	return i
}

// genericCallee finds the callee of "name<T>(" given the '(' index.
func (p *parser) genericCallee(open int) int {
	if open < 2 || !(p.punct(open-1, ">") || p.punct(open-1, ">>")) {
		return -1
	}
	for k := open - 2; k >= 0 && k > open-40; k-- {
		if p.punct(k, "<") && k > 0 && p.toks[k-1].kind == tIdent && p.skipGeneric(k) == open {
			return k - 1
		}
		if p.punct(k, ";") || p.punct(k, "=") || p.punct(k, "(") {
			return -1
		}
	}
	return -1
}

// callAt registers the call whose '(' is at open.
func (p *parser) callAt(open int) {
	e := open - 1
	if g := p.genericCallee(open); g >= 0 {
		e = g
	}
	s := p.chainBack(e)
	name := p.toks[e].text
	if controlWords[name] && !(name == "new") {
		return
	}
	if s > 0 && p.toks[s-1].kind == tIdent && (p.toks[s-1].text == "def" || p.toks[s-1].text == "function" || p.toks[s-1].text == "fun" || p.toks[s-1].text == "defp" || p.toks[s-1].text == "func") {
		return
	}
	if p.match[open] < 0 || p.defParens[open] {
		return
	}
	c := p.parseCall(s, e, open)
	if s > 0 && p.toks[s-1].kind == tIdent && p.toks[s-1].text == "new" {
		c.isNew = true
		c.callee = "new " + c.callee
	}
	if s > 0 && p.punct(s-1, "@") {
		c.annot = true
	}
	p.register(c, s, p.match[open])
}

// commandCall handles Ruby and Elixir calls without parentheses:
// `conn.get "people"`, `base_uri "https://..."`, `plug Tesla.Middleware.BaseUrl, "..."`.
func (p *parser) commandCall(i int) {
	toks := p.toks
	if i > 0 && toks[i-1].kind == tPunct && p.memberSep(toks[i-1].text) {
		return // not the start of a chain
	}
	e := p.chainFwd(i)
	n := e + 1
	if n >= len(toks) || toks[n].line != toks[e].line {
		return
	}
	nt := toks[n]
	switch nt.kind {
	case tStr, tSym:
	case tIdent:
		if controlWords[nt.text] || p.lang == langRuby && !strings.HasPrefix(nt.text, "@") && !unicodeUpper(nt.text) && e == i {
			return
		}
		if n+1 < len(toks) && toks[n+1].kind == tPunct && (toks[n+1].text == "=" || toks[n+1].text == ",") && toks[n+1].line == nt.line && p.lang == langRuby && e == i {
			return
		}
	default:
		return
	}
	if i > 0 && toks[i-1].kind == tIdent && (toks[i-1].text == "def" || toks[i-1].text == "defp" || toks[i-1].text == "class" || toks[i-1].text == "module") {
		return
	}
	// Arguments run to the end of the line (or of a trailing-comma line).
	end := n
	line := toks[n].line
	for end < len(toks) {
		tk := toks[end]
		if tk.line != line {
			if end > 0 && p.punct(end-1, ",") {
				line = tk.line
			} else {
				break
			}
		}
		if tk.kind == tIdent && (tk.text == "do" || tk.text == "if" || tk.text == "unless") {
			break
		}
		if tk.kind == tPunct && (tk.text == "(" || tk.text == "[" || tk.text == "{") && p.match[end] > end {
			end = p.match[end] + 1
			continue
		}
		end++
	}
	c := &callExpr{callee: p.chainText(i, e), line: toks[i].line, kw: map[string]expr{}, file: p.fm}
	start := n
	for k := n; k <= end; k++ {
		if k == end || p.punct(k, ",") {
			if k > start {
				if key, vi, ok := p.kwKey(start, k); ok {
					v, _ := p.parseExpr(vi, k)
					c.kw[strings.ToLower(key)] = v
				} else if a, _ := p.parseExpr(start, k); a != nil {
					c.args = append(c.args, a)
				}
			}
			start = k + 1
		}
		if k < end && k < len(toks) && toks[k].kind == tPunct && (toks[k].text == "(" || toks[k].text == "[" || toks[k].text == "{") && p.match[k] > k {
			k = p.match[k]
		}
	}
	if len(c.args) == 0 && len(c.kw) == 0 {
		return
	}
	p.register(c, i, end-1)
}

// register finishes a call: method hints, attributes, route and mock
// flags, and class-level base settings.
func (p *parser) register(c *callExpr, start, close int) {
	c.fn = p.curFn()
	// Hints: the callee itself, then its arguments, then the chain after
	// it, then enclosing calls.
	c.hints = appendVerbs(nil, calleeVerbs(c.callee)...)
	c.hints = append(c.hints, argVerbs(c)...)
	c.hints = append(c.hints, p.chainAfter(close)...)
	for k := len(p.frames) - 1; k >= 0 && k >= len(p.frames)-3; k-- {
		f := p.frames[k].call
		c.hints = append(c.hints, calleeVerbs(f.callee)...)
		c.hints = append(c.hints, argVerbs(f)...)
		c.hints = append(c.hints, p.chainAfter(p.frames[k].close)...)
	}
	// Ruby Net::HTTP style: the request object is built on the line
	// before or after (`req = Net::HTTP::Post.new(uri)`).
	c.attrs = callAttrs(c)
	c.route = p.isRoute(c, start, close)
	c.mock = isMockCallee(c.callee)
	if class := p.curClass(); class != "" && c.fn == nil && isBaseSetter(c.name()) && len(c.args) > 0 {
		p.addDef("#base", c.args[len(c.args)-1], c.line)
	}
	if c.name() == "define" && p.lang == langPHP && len(c.args) == 2 && len(c.args[0]) == 1 && c.args[0][0].kind == kLit {
		p.addDef(c.args[0][0].s, c.args[1], c.line)
	}
	p.fm.calls = append(p.fm.calls, c)
	if c.fn != nil {
		c.fn.calls = append(c.fn.calls, c)
	}
	if close > start {
		p.frames = append(p.frames, frame{close: close, call: c})
	}
}

// chainAfter returns verbs of calls chained after the token at close:
// `.uri(...).POST(body)`, `.post(body)`, `.method("DELETE")`.
func (p *parser) chainAfter(close int) []string {
	var out []string
	k := close + 1
	for n := 0; n < 8 && k+1 < len(p.toks); n++ {
		if !(p.toks[k].kind == tPunct && (p.toks[k].text == "." || p.toks[k].text == "?.")) || p.toks[k+1].kind != tIdent {
			break
		}
		name := p.toks[k+1].text
		out = appendVerbs(out, verbOf(name))
		if p.punct(k+2, "(") && p.match[k+2] > k+2 {
			if strings.EqualFold(name, "method") {
				args := p.splitArgs(k+2, nil)
				for _, a := range args {
					out = appendVerbs(out, exprVerb(a))
				}
			}
			k = p.match[k+2] + 1
		} else {
			k += 2
		}
	}
	return out
}

var routeReceivers = map[string]bool{
	"app": true, "router": true, "server": true, "routes": true, "route": true, "r": true,
	"mux": true, "e": true, "fastify": true, "express": true, "blueprint": true, "bp": true,
	"api_router": true, "web": true, "scope": true, "Route": true, "Router": true, "srv": true,
}

// isRoute reports a server route definition: `app.get('/v2/x', handler)`,
// `@app.post("/x")`, `router.HandleFunc(...)`.
func (p *parser) isRoute(c *callExpr, start, close int) bool {
	recv := c.recv()
	first := recv
	if i := strings.IndexByte(recv, '.'); i >= 0 {
		first = recv[:i]
	}
	if routeReceivers[first] && len(calleeVerbs(c.callee)) > 0 {
		return true
	}
	switch c.name() {
	case "HandleFunc", "Handle", "route", "Route", "match", "add_url_rule", "MapGet", "MapPost", "MapPut", "MapDelete":
		return true
	}
	if c.annot && p.lang == langPython {
		return true
	}
	// A verb call whose later argument is a function literal is a handler.
	if len(calleeVerbs(c.callee)) > 0 {
		for k := start; k <= close && k < len(p.toks); k++ {
			tk := p.toks[k]
			if tk.kind == tPunct && tk.text == "=>" && (p.lang == langJS || p.lang == langTS) {
				return true
			}
			if tk.kind == tIdent && (tk.text == "function" && (p.lang == langJS || p.lang == langTS)) {
				return true
			}
		}
	}
	return false
}

var mockWords = []string{"nock", "stub_request", "stubrequest", "webmock", "mock", "stub", "fake", "respx", "httpretty", "responses.add", "wiremock", "bypass", "msw", "sinon", "httpmock", "intercept"}

func isMockCallee(callee string) bool {
	l := strings.ToLower(callee)
	for _, w := range mockWords {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func isBaseSetter(name string) bool {
	switch strings.ToLower(name) {
	case "base_uri", "baseurl", "base_url", "plug", "set_base_url", "baseaddress":
		return true
	}
	return false
}
