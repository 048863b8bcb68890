package audit

// Declarations: classes, modules, functions and methods with their
// parameters, and one-expression bodies.

import (
	"strings"
)

func (p *parser) classAt(i int) {
	e := p.chainFwd(i + 1)
	name := lastSeg(p.chainText(i+1, e))
	if p.indentLang() {
		p.scopes = append(p.scopes, scope{class: name, col: p.toks[i].col, line: p.toks[i].line, indent: true})
		return
	}
	// Brace languages: the scope starts at the next '{' (before any ';').
	for k := e + 1; k < len(p.toks) && k < e+60; k++ {
		if p.punct(k, ";") {
			return
		}
		if p.punct(k, "{") {
			p.scopes = append(p.scopes, scope{class: name, endTok: p.match[k], line: p.toks[i].line})
			return
		}
		if p.punct(k, "(") && p.match[k] > k {
			k = p.match[k]
		}
	}
}

// params reads parameter names between an opening parenthesis and its match.
func (p *parser) params(open int) []string {
	names, _ := p.paramsDefaults(open)
	return names
}

// paramsDefaults reads parameter names and their default values.
func (p *parser) paramsDefaults(open int) ([]string, map[string]expr) {
	close := p.match[open]
	if close < 0 {
		return nil, nil
	}
	var out []string
	defaults := map[string]expr{}
	segStart := open + 1
	depth := 0
	flush := func(end int) {
		if end <= segStart {
			return
		}
		name := ""
		for k := segStart; k < end; k++ {
			tk := p.toks[k]
			if tk.kind == tPunct && (tk.text == ":" || tk.text == "=") {
				if name == "" && k > segStart && p.toks[k-1].kind == tIdent {
					name = p.toks[k-1].text
				}
				eq := k
				for eq < end && !p.punct(eq, "=") {
					eq++
				}
				if eq < end && name != "" {
					if e, _ := p.parseExpr(eq+1, end); len(e) > 0 {
						defaults[strings.TrimLeft(name, "@$&*")] = e
					}
				}
				break
			}
			if tk.kind == tIdent {
				name = tk.text
			}
		}
		name = strings.TrimLeft(name, "@$&*")
		if name != "" && name != "self" && name != "this" {
			out = append(out, name)
		}
	}
	for k := open + 1; k < close; k++ {
		tk := p.toks[k]
		if tk.kind == tPunct {
			switch tk.text {
			case "(", "[", "{", "<":
				depth++
			case ")", "]", "}", ">":
				depth--
			case ",":
				if depth == 0 {
					flush(k)
					segStart = k + 1
				}
			}
		}
	}
	flush(close)
	return out, defaults
}

func (p *parser) newFunc(name string, params []string, line int) *funcInfo {
	fn := &funcInfo{name: name, class: p.curClass(), params: params, line: line, file: p.fm}
	p.fm.funcs = append(p.fm.funcs, fn)
	return fn
}

// funcKeyword handles def/function/fun declarations.
func (p *parser) funcKeyword(i int) {
	toks := p.toks
	k := i + 1
	if k >= len(toks) {
		return
	}
	// Go-style receivers and Kotlin extension receivers are not needed here.
	if toks[k].kind != tIdent {
		if p.lang == langJS || p.lang == langTS {
			// anonymous function: function (a, b) { ... }
			if p.punct(k, "(") {
				p.openFunc(i, "", k)
			}
		}
		return
	}
	e := p.chainFwd(k)
	name := lastSeg(p.chainText(k, e))
	open := e + 1
	if p.punct(open, "(") {
		p.openFunc(i, name, open)
		return
	}
	// Ruby "def name" without parentheses: parameters to end of line.
	fn := p.newFunc(name, nil, toks[i].line)
	for k := open; k < len(toks) && toks[k].line == toks[i].line; k++ {
		if toks[k].kind == tIdent {
			fn.params = append(fn.params, toks[k].text)
		}
	}
	p.pushFunc(i, fn, open)
}

func (p *parser) openFunc(i int, name string, open int) {
	if p.defParens == nil {
		p.defParens = map[int]bool{}
	}
	p.defParens[open] = true
	params, defaults := p.paramsDefaults(open)
	fn := p.newFunc(name, params, p.toks[i].line)
	fn.defaults = defaults
	p.pushFunc(i, fn, p.match[open]+1)
}

// pushFunc opens the body scope of fn; after is the first token after the
// signature.
func (p *parser) pushFunc(i int, fn *funcInfo, after int) {
	if p.indentLang() {
		p.scopes = append(p.scopes, scope{fn: fn, col: p.toks[i].col, line: p.toks[i].line, indent: true})
		p.exprBody(fn, after)
		return
	}
	for k := after; k < len(p.toks) && k < after+40; k++ {
		if p.punct(k, ";") {
			return
		}
		if p.punct(k, "{") {
			p.scopes = append(p.scopes, scope{fn: fn, endTok: p.match[k], line: p.toks[i].line})
			return
		}
		if p.punct(k, "=>") || p.punct(k, "=") && p.lang == langKotlin {
			if !p.punct(k+1, "{") {
				e, _ := p.parseExpr(k+1, len(p.toks))
				fn.ret = e
				fn.retLine = p.toks[k].line
				return
			}
		}
	}
}

// exprBody records the body of a one-expression function in Ruby, Elixir
// and Python ("def path(id) = ...", "defp path(id), do: ...", or a body
// that starts with a string or a ternary over strings).
func (p *parser) exprBody(fn *funcInfo, after int) {
	toks := p.toks
	k := after
	// Skip Python return annotations and the colon.
	for k < len(toks) && toks[k].line == toks[after-1].line && !(toks[k].kind == tIdent && toks[k].text == "do") && !p.punct(k, ":") {
		k++
	}
	if k < len(toks) && (p.punct(k, ":") || toks[k].text == "do") && k+1 < len(toks) && toks[k+1].line == toks[k].line {
		if e, _ := p.parseExpr(k+1, len(toks)); hasStringish(e) {
			fn.ret, fn.retLine = e, toks[k].line
		}
		return
	}
	if k < len(toks) && (p.punct(k, ":") || toks[k].text == "do") {
		k++
	}
	if k < len(toks) && (toks[k].kind == tStr || toks[k].kind == tIdent && k+1 < len(toks) && p.punct(k+1, "?")) {
		if e, _ := p.parseExpr(k, len(toks)); hasStringish(e) {
			fn.ret, fn.retLine = e, toks[k].line
		}
	}
}

// maybeMethodDef recognises a method declared without a keyword: Java, C#,
// Kotlin (handled by "fun"), JS/TS class methods, PHP (handled by
// "function").
func (p *parser) maybeMethodDef(i int) {
	if p.lang == langKotlin || p.lang == langPHP {
		return
	}
	open := i + 1
	close := p.match[open]
	if close < 0 || close+1 >= len(p.toks) {
		return
	}
	prev := i - 1
	if prev >= 0 && p.toks[prev].kind == tPunct && p.memberSep(p.toks[prev].text) {
		return
	}
	switch p.lang {
	case langJava, langCSharp:
		if prev < 0 || !(p.toks[prev].kind == tIdent || p.punct(prev, ">") || p.punct(prev, "]") || p.punct(prev, "?")) {
			return
		}
		if p.toks[prev].kind == tIdent && (p.toks[prev].text == "new" || p.toks[prev].text == "return" || p.toks[prev].text == "await") {
			return
		}
	case langJS, langTS:
		if p.curClass() == "" && !(prev >= 0 && p.toks[prev].kind == tIdent && p.toks[prev].text == "async") {
			// object-literal methods: name(args) { ... } after ',' or '{'
			if !(p.punct(prev, ",") || p.punct(prev, "{")) {
				return
			}
		}
	default:
		return
	}
	// After the parameters: optional type annotations / throws, then '{'.
	for k := close + 1; k < len(p.toks) && k < close+12; k++ {
		tk := p.toks[k]
		if tk.kind == tPunct && tk.text == "{" {
			p.openFunc(i, p.toks[i].text, open)
			return
		}
		if tk.kind == tPunct && (tk.text == ";" || tk.text == "=" || tk.text == "," || tk.text == ")" || tk.text == "." || tk.text == "=>" && p.lang != langCSharp) {
			return
		}
		if tk.kind == tPunct && tk.text == "=>" && p.lang == langCSharp {
			p.openFunc(i, p.toks[i].text, open)
			return
		}
	}
}
