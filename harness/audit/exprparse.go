package audit

import (
	"strings"
)

// maxExprTerms bounds one expression, so a pathological file cannot make
// the parser quadratic.
const maxExprTerms = 64

// parseExpr parses a string expression starting at i: terms joined by the
// language's concatenation operators. It returns the expression and the
// index after it. Anything it does not understand ends the expression.
func (p *parser) parseExpr(i, limit int) (expr, int) {
	var e expr
	for i < limit && len(e) < maxExprTerms {
		var ts expr
		ts, i = p.parseTerm(i, limit)
		if ts == nil {
			break
		}
		e = append(e, ts...)
		if i >= limit {
			break
		}
		t := p.toks[i]
		if t.kind == tPunct {
			switch {
			case t.text == "+", t.text == "<>" && p.lang == langElixir, t.text == "." && p.lang == langPHP:
				i++
				continue
			case t.text == "%" && p.lang == langPython && len(ts) > 0 && ts[0].kind == kLit:
				// "fmt" % x or "fmt" % (a, b)
				var args []expr
				if p.punct(i+1, "(") && p.match[i+1] > i {
					args = p.splitArgs(i+1, nil)
					i = p.match[i+1] + 1
				} else {
					var a expr
					a, i = p.parseTerm(i+1, limit)
					args = []expr{a}
				}
				e = append(e[:len(e)-len(ts)], term{kind: kCall, call: &callExpr{callee: "%format", args: append([]expr{ts}, args...)}})
				continue
			case t.text == "?" && p.lang != langPHP && i+1 < limit:
				// cond ? a : b -> take a (the more specific branch)
				a, j := p.parseExpr(i+1, limit)
				if p.punct(j, ":") {
					_, j = p.parseExpr(j+1, limit)
					return a, j
				}
				return e, i
			}
		}
		break
	}
	return e, i
}

// parseTerm parses one term at i.
func (p *parser) parseTerm(i, limit int) (expr, int) {
	if i >= limit {
		return nil, i
	}
	t := p.toks[i]
	switch t.kind {
	case tStr:
		var e expr
		if t.parts == nil {
			e = expr{{kind: kLit, s: t.text}}
		} else {
			for _, part := range t.parts {
				if !part.expr {
					e = append(e, term{kind: kLit, s: part.lit})
					continue
				}
				sub := &parser{toks: part.code, match: computeMatch(part.code), lang: p.lang, fm: p.fm}
				se, _ := sub.parseExpr(0, len(part.code))
				if len(se) == 0 {
					se = expr{{kind: kHole, s: "?"}}
				}
				e = append(e, se...)
			}
		}
		i++
		// String methods: "...".format(a), "...".concat(x), .strip(), .replace(...).
		for i+2 < limit && p.toks[i].kind == tPunct && (p.toks[i].text == "." || p.toks[i].text == "?.") && p.toks[i+1].kind == tIdent && p.punct(i+2, "(") {
			m := p.toks[i+1].text
			open := i + 2
			switch m {
			case "format", "formatted":
				args := p.splitArgs(open, nil)
				e = expr{{kind: kCall, call: &callExpr{callee: "%format", args: append([]expr{e}, args...)}}}
			case "concat":
				for _, a := range p.splitArgs(open, nil) {
					e = append(e, a...)
				}
			}
			i = p.match[open] + 1
		}
		return e, i
	case tNum:
		return expr{{kind: kNum, s: t.text}}, i + 1
	case tSym:
		return expr{{kind: kLit, s: ":" + t.text}}, i + 1
	case tPunct:
		switch t.text {
		case "(":
			if p.match[i] > i {
				e, _ := p.parseExpr(i+1, p.match[i])
				return e, p.match[i] + 1
			}
		case "{":
			if p.match[i] > i {
				return expr{{kind: kObj, obj: p.objFields(i)}}, p.match[i] + 1
			}
		case "[":
			if p.match[i] > i && (p.lang == langPHP || p.lang == langElixir || p.lang == langRuby) {
				if f := p.objFields(i); len(f) > 0 {
					return expr{{kind: kObj, obj: f}}, p.match[i] + 1
				}
				return expr{{kind: kHole, s: "list"}}, p.match[i] + 1
			}
		case "%":
			if p.lang == langElixir && p.punct(i+1, "{") {
				return expr{{kind: kObj, obj: p.objFields(i + 1)}}, p.match[i+1] + 1
			}
		case "@":
			// Python decorators and annotations are not values.
			return nil, i
		}
		return nil, i
	case tIdent:
		switch t.text {
		case "await", "yield", "return":
			return p.parseTerm(i+1, limit)
		case "new":
			if i+1 < limit && p.toks[i+1].kind == tIdent {
				e := p.chainFwd(i + 1)
				if g := p.skipGeneric(e + 1); g > e+1 && p.punct(g, "(") {
					c := p.parseCall(i+1, e, g)
					c.isNew = true
					c.callee = "new " + c.callee
					return expr{{kind: kCall, call: c}}, p.match[g] + 1
				}
				if p.punct(e+1, "(") {
					c := p.parseCall(i+1, e, e+1)
					c.isNew = true
					c.callee = "new " + c.callee
					return expr{{kind: kCall, call: c}}, p.match[e+1] + 1
				}
				return expr{{kind: kHole, s: "new"}}, e + 1
			}
			return nil, i
		case "true", "false", "null", "nil", "None", "undefined", "True", "False":
			return expr{{kind: kHole, s: t.text}}, i + 1
		case "function", "fn", "lambda", "def", "do", "if", "for", "while", "in", "of", "and", "or", "not", "else", "end":
			return nil, i
		}
		e := p.chainFwd(i)
		name := p.chainText(i, e)
		if p.punct(e+1, "(") && p.match[e+1] > e {
			c := p.parseCall(i, e, e+1)
			return expr{{kind: kCall, call: c}}, p.match[e+1] + 1
		}
		// Ruby "Faraday.new(...)" handled above; Ruby index x[:y] ends here.
		return expr{{kind: kRef, s: name}}, e + 1
	}
	return nil, i
}

// splitArgs parses the arguments between the parenthesis at open and its
// match. Keyword arguments go to kw when it is not nil.
func (p *parser) splitArgs(open int, kw map[string]expr) []expr {
	close := p.match[open]
	if close < 0 {
		return nil
	}
	var args []expr
	start := open + 1
	for k := open + 1; k <= close; k++ {
		tk := p.toks[k]
		if tk.kind == tPunct {
			if (tk.text == "(" || tk.text == "[" || tk.text == "{") && p.match[k] > k {
				k = p.match[k]
				continue
			}
			if tk.text == "," || k == close {
				if k > start {
					if key, vi, ok := p.kwKey(start, k); ok {
						v, _ := p.parseExpr(vi, k)
						if kw != nil {
							kw[strings.ToLower(key)] = v
						}
					} else {
						a, _ := p.parseExpr(start, k)
						if a == nil {
							a = expr{{kind: kHole, s: "arg"}}
						}
						args = append(args, a)
					}
				}
				start = k + 1
			}
		}
	}
	return args
}

// kwKey recognises "key=", "key:", "'key' =>", ":key =>" at the start of an
// argument and returns the key and where the value starts.
func (p *parser) kwKey(s, end int) (string, int, bool) {
	if s+1 >= end {
		return "", 0, false
	}
	t, n := p.toks[s], p.toks[s+1]
	if n.kind != tPunct {
		return "", 0, false
	}
	switch {
	case t.kind == tIdent && n.text == "=" && p.lang != langJS && p.lang != langTS:
		return t.text, s + 2, true
	case t.kind == tIdent && n.text == ":" && (p.lang == langRuby || p.lang == langElixir || p.lang == langCSharp || p.lang == langPHP || p.lang == langKotlin):
		return t.text, s + 2, true
	case (t.kind == tStr || t.kind == tSym) && n.text == "=>":
		return t.text, s + 2, true
	}
	return "", 0, false
}

// objFields reads "key: value" / "key => value" / "key = value" pairs of an
// object, hash, dict, array or keyword list opened at open.
func (p *parser) objFields(open int) map[string]expr {
	close := p.match[open]
	fields := map[string]expr{}
	start := open + 1
	for k := open + 1; k <= close && k < len(p.toks); k++ {
		tk := p.toks[k]
		if tk.kind == tPunct && (tk.text == "(" || tk.text == "[" || tk.text == "{") && p.match[k] > k && k != close {
			k = p.match[k]
			continue
		}
		if k == close || tk.kind == tPunct && (tk.text == "," || tk.text == ";") {
			if start+1 < k {
				kt, sep := p.toks[start], p.toks[start+1]
				if (kt.kind == tIdent || kt.kind == tStr || kt.kind == tSym) && sep.kind == tPunct && (sep.text == ":" || sep.text == "=>" || sep.text == "=") {
					v, _ := p.parseExpr(start+2, k)
					if len(fields) < 64 {
						fields[strings.ToLower(kt.text)] = v
					}
				}
			} else if start < k && p.toks[start].kind == tIdent && (p.lang == langJS || p.lang == langTS) {
				// shorthand { url, method }
				fields[strings.ToLower(p.toks[start].text)] = expr{{kind: kRef, s: p.toks[start].text}}
			}
			start = k + 1
		}
	}
	return fields
}

// parseCall builds a call from the chain [s, e] and the parenthesis at open.
func (p *parser) parseCall(s, e, open int) *callExpr {
	c := &callExpr{callee: p.chainText(s, e), line: p.toks[s].line, kw: map[string]expr{}, file: p.fm}
	c.args = p.splitArgs(open, c.kw)
	for _, a := range c.args {
		if len(a) == 1 && a[0].kind == kObj {
			for k, v := range a[0].obj {
				if _, ok := c.kw[k]; !ok {
					c.kw[k] = v
				}
			}
		}
	}
	return c
}

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
