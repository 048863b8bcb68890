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
