package audit

import (
	"strings"
)

// parser walks the tokens of one file and fills its model: definitions,
// calls, functions and classes. It is a tolerant structural parser: it
// recognises the shapes that build and send URLs and skips the rest.
type parser struct {
	toks   []tok
	match  []int
	lang   string
	fm     *fileModel
	scopes []scope
	frames []frame
	depth  int
	// defParens marks the '(' of declarations, which are not calls.
	defParens map[int]bool
}

type scope struct {
	class   string
	fn      *funcInfo
	endTok  int // brace languages: index of the closing brace
	col     int // indentation languages: column of the opening keyword
	line    int
	indent  bool
	pending bool // brace scope whose '{' has not been seen yet
}

type frame struct {
	close int
	call  *callExpr
}

var controlWords = map[string]bool{
	"if": true, "for": true, "while": true, "switch": true, "catch": true, "foreach": true,
	"using": true, "lock": true, "fixed": true, "synchronized": true, "when": true, "elif": true,
	"return": true, "function": true, "fun": true, "fn": true, "def": true, "defp": true,
	"class": true, "new": true, "typeof": true, "sizeof": true, "await": true, "and": true,
	"or": true, "not": true, "in": true, "is": true, "unless": true, "until": true, "else": true,
	"do": true, "end": true, "yield": true, "throw": true, "raise": true, "case": true,
	"import": true, "require": true, "from": true, "include": true, "use": true, "alias": true,
	"assert": true, "print": true, "echo": true, "isset": true, "empty": true, "array": true,
	"super": false, "lambda": true, "with": true, "try": true, "except": true,
	"module": true, "defmodule": true, "interface": true, "object": true, "struct": true,
	"val": true, "var": true, "let": true, "const": true, "static": true, "public": true,
	"private": true, "protected": true, "final": true, "readonly": true, "async": true,
	"nameof": true, "default": true, "then": true, "begin": true, "rescue": true, "ensure": true,
}

func (p *parser) indentLang() bool {
	return p.lang == langPython || p.lang == langRuby || p.lang == langElixir
}

func (p *parser) braceLang() bool { return !p.indentLang() }

// memberSep reports whether a punctuation token joins a member chain.
func (p *parser) memberSep(s string) bool {
	switch s {
	case ".":
		return p.lang != langPHP
	case "?.", "->", "::", "?->":
		return true
	}
	return false
}

func computeMatch(toks []tok) []int {
	m := make([]int, len(toks))
	var stack []int
	for i := range toks {
		m[i] = -1
		if toks[i].kind != tPunct {
			continue
		}
		switch toks[i].text {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if n := len(stack); n > 0 {
				o := stack[n-1]
				stack = stack[:n-1]
				m[o] = i
				m[i] = o
			}
		}
	}
	for _, o := range stack {
		m[o] = len(toks) - 1
	}
	return m
}

func (p *parser) is(i int, kind tkind, text string) bool {
	return i >= 0 && i < len(p.toks) && p.toks[i].kind == kind && p.toks[i].text == text
}

func (p *parser) punct(i int, text string) bool { return p.is(i, tPunct, text) }

// chainBack returns the start index of the member chain ending at end.
func (p *parser) chainBack(end int) int {
	s := end
	for s-2 >= 0 && p.toks[s-1].kind == tPunct && p.memberSep(p.toks[s-1].text) && p.toks[s-2].kind == tIdent {
		s -= 2
	}
	// Java/Kotlin annotation or Python decorator.
	return s
}

// chainText joins a member chain with dots.
func (p *parser) chainText(s, end int) string {
	var b strings.Builder
	for k := s; k <= end; k++ {
		t := p.toks[k]
		if t.kind == tIdent {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// chainFwd returns the end index of the member chain starting at s.
func (p *parser) chainFwd(s int) int {
	e := s
	for e+2 < len(p.toks) && p.toks[e+1].kind == tPunct && p.memberSep(p.toks[e+1].text) && p.toks[e+2].kind == tIdent {
		e += 2
	}
	return e
}

func (p *parser) curFn() *funcInfo {
	for k := len(p.scopes) - 1; k >= 0; k-- {
		if p.scopes[k].fn != nil && !p.scopes[k].pending {
			return p.scopes[k].fn
		}
	}
	return nil
}

func (p *parser) curClass() string {
	for k := len(p.scopes) - 1; k >= 0; k-- {
		if p.scopes[k].class != "" && !p.scopes[k].pending {
			return p.scopes[k].class
		}
	}
	return ""
}

func parseTokens(fm *fileModel, toks []tok) {
	p := &parser{toks: toks, match: computeMatch(toks), lang: fm.lang, fm: fm}
	p.run()
}

func (p *parser) popScopes(i int) {
	t := p.toks[i]
	for len(p.scopes) > 0 {
		s := p.scopes[len(p.scopes)-1]
		if s.indent {
			if p.depth == 0 && t.first && t.line > s.line && t.col <= s.col {
				p.scopes = p.scopes[:len(p.scopes)-1]
				continue
			}
			break
		}
		if !s.pending && s.endTok < i {
			p.scopes = p.scopes[:len(p.scopes)-1]
			continue
		}
		break
	}
	for len(p.frames) > 0 && p.frames[len(p.frames)-1].close < i {
		p.frames = p.frames[:len(p.frames)-1]
	}
}

func (p *parser) run() {
	toks := p.toks
	for i := 0; i < len(toks); i++ {
		p.popScopes(i)
		t := toks[i]
		if t.kind == tPunct {
			switch t.text {
			case "(", "[":
				p.depth++
			case ")", "]":
				if p.depth > 0 {
					p.depth--
				}
			case "{":
				// Activate a pending brace scope.
				if n := len(p.scopes); n > 0 && p.scopes[n-1].pending {
					p.scopes[n-1].pending = false
					p.scopes[n-1].endTok = p.match[i]
				}
			case "=":
				p.assignment(i)
			case ":", "=>":
				p.field(i)
			}
			if t.text == "(" && i > 0 && (toks[i-1].kind == tIdent || p.genericCallee(i) >= 0) {
				p.callAt(i)
			}
			continue
		}
		if t.kind == tStr && i+1 < len(toks) && p.punct(i+1, ":") && p.lang == langPython {
			p.field(i + 1)
		}
		if t.kind != tIdent {
			continue
		}
		switch t.text {
		case "class", "interface", "module", "defmodule", "object", "record", "struct", "trait", "enum":
			if i+1 < len(toks) && toks[i+1].kind == tIdent && !p.punct(i-1, ".") {
				p.classAt(i)
			}
			continue
		case "def", "defp", "function", "fun", "func", "defmacro":
			p.funcKeyword(i)
			continue
		case "return":
			if fn := p.curFn(); fn != nil && fn.ret == nil {
				e, _ := p.parseExpr(i+1, len(toks))
				if hasStringish(e) {
					fn.ret = e
					fn.retLine = t.line
				}
			}
			continue
		}
		if t.first && strings.HasPrefix(t.text, "@") && p.lang == langElixir && i+1 < len(toks) && toks[i+1].line == t.line && !p.punct(i+1, "=") {
			e, _ := p.parseExpr(i+1, len(toks))
			if len(e) > 0 {
				p.addDef(t.text, e, t.line)
			}
			continue
		}
		if (p.lang == langRuby || p.lang == langElixir) && !controlWords[t.text] {
			p.commandCall(i)
		}
		if p.braceLang() && i+1 < len(toks) && p.punct(i+1, "(") && !controlWords[t.text] {
			p.maybeMethodDef(i)
		}
	}
}

func (p *parser) addDef(name string, e expr, line int) {
	if len(e) == 0 {
		return
	}
	p.fm.defs = append(p.fm.defs, &def{name: name, val: e, line: line, fn: p.curFn(), class: p.curClass(), file: p.fm})
}

// assignment handles "name = expr" at the '=' token i.
func (p *parser) assignment(i int) {
	if i == 0 {
		return
	}
	toks := p.toks
	end := i - 1
	// "X: Type = ..." (Python, TS, Kotlin annotations).
	if toks[end].kind == tIdent && p.punct(end-1, ":") && end-2 >= 0 && toks[end-2].kind == tIdent {
		end -= 2
	}
	if toks[end].kind == tPunct && toks[end].text == ">" {
		return
	}
	if toks[end].kind != tIdent {
		return
	}
	s := p.chainBack(end)
	name := p.chainText(s, end)
	// JS arrow functions: name = (params) => expr, name = async (a) => ...
	k := i + 1
	if k < len(toks) && toks[k].kind == tIdent && toks[k].text == "async" {
		k++
	}
	if p.punct(k, "(") && p.match[k] > 0 && p.punct(p.match[k]+1, "=>") {
		fn := p.newFunc(lastSeg(name), p.params(k), toks[i].line)
		body := p.match[k] + 2
		if p.punct(body, "{") {
			p.scopes = append(p.scopes, scope{fn: fn, endTok: p.match[body], line: toks[i].line})
		} else {
			e, _ := p.parseExpr(body, len(toks))
			fn.ret, fn.retLine = e, toks[i].line
		}
		return
	}
	if k < len(toks) && toks[k].kind == tIdent && p.punct(k+1, "=>") && (p.lang == langJS || p.lang == langTS) {
		fn := p.newFunc(lastSeg(name), []string{toks[k].text}, toks[i].line)
		e, _ := p.parseExpr(k+2, len(toks))
		fn.ret, fn.retLine = e, toks[i].line
		return
	}
	if k < len(toks) && toks[k].kind == tIdent && toks[k].text == "function" {
		return // handled as anonymous function by funcKeyword
	}
	e, _ := p.parseExpr(i+1, len(toks))
	p.addDef(name, e, toks[i].line)
}

// field handles "key: expr" and "key => expr" pairs in object literals,
// hashes, keyword arguments and keyword lists.
func (p *parser) field(i int) {
	if i == 0 {
		return
	}
	toks := p.toks
	k := i - 1
	key := ""
	switch toks[k].kind {
	case tIdent:
		key = toks[k].text
	case tStr, tSym:
		key = toks[k].text
	default:
		return
	}
	if toks[i].text == ":" {
		// Not a ternary's ':' nor a type annotation: the key must follow
		// '{', ',', '(' or start a line, and be a plain name.
		if k-1 >= 0 && !(p.punct(k-1, "{") || p.punct(k-1, ",") || p.punct(k-1, "(") || p.punct(k-1, "[") || toks[k].first) {
			return
		}
		if p.lang == langTS || p.lang == langKotlin {
			// "name: Type" in parameter lists is not a value.
			if i+1 < len(toks) && toks[i+1].kind == tIdent && !strings.ContainsAny(toks[i+1].text, ".") && i+2 < len(toks) && (p.punct(i+2, ",") || p.punct(i+2, ")") || p.punct(i+2, "=")) && unicodeUpper(toks[i+1].text) {
				return
			}
		}
	}
	e, _ := p.parseExpr(i+1, len(toks))
	if hasStringish(e) || len(e) == 1 && (e[0].kind == kRef || e[0].kind == kCall || e[0].kind == kObj) {
		p.addDef(key, e, toks[k].line)
	}
}

func unicodeUpper(s string) bool {
	return s != "" && s[0] >= 'A' && s[0] <= 'Z'
}

// hasStringish reports whether an expression has a literal part.
func hasStringish(e expr) bool {
	for _, t := range e {
		if t.kind == kLit {
			return true
		}
		if t.kind == kCall && t.call != nil {
			for _, a := range t.call.args {
				if hasStringish(a) {
					return true
				}
			}
		}
	}
	return false
}
