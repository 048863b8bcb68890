package audit

import (
	"strings"
)

// interpolation styles of string literals.
type interpStyle uint8

const (
	interpNone     interpStyle = iota
	interpDollarBr             // ${expr} (JS templates, Kotlin)
	interpHashBr               // #{expr} (Ruby, Elixir)
	interpBrace                // {expr} with {{ escapes (Python f-strings, C# $"")
	interpPHP                  // $var, $var->prop, {$expr}, ${var}
	interpKotlin               // $ident and ${expr}
)

// strBuilder accumulates the parts of one string literal.
type strBuilder struct {
	parts []spart
	cur   strings.Builder
	inter bool
}

func (b *strBuilder) litByte(c byte) { b.cur.WriteByte(c) }

func (b *strBuilder) code(ts []tok) {
	b.flush()
	b.parts = append(b.parts, spart{code: ts, expr: true})
	b.inter = true
}

func (b *strBuilder) flush() {
	if b.cur.Len() > 0 {
		b.parts = append(b.parts, spart{lit: b.cur.String()})
		b.cur.Reset()
	}
}

// token returns the finished string token.
func (b *strBuilder) token(line int) tok {
	b.flush()
	t := tok{kind: tStr, line: line}
	var text strings.Builder
	for _, p := range b.parts {
		if p.expr {
			text.WriteString("{}")
		} else {
			text.WriteString(p.lit)
		}
	}
	t.text = text.String()
	if b.inter {
		t.parts = b.parts
	}
	return t
}

func (l *lexer) quoted() {
	c := l.src[l.i]
	switch l.lang {
	case langPython:
		l.pyString(l.i, false, false)
	case langJS, langTS:
		if c == '`' {
			l.scan(l.i, "`", true, interpDollarBr)
		} else {
			l.scan(l.i, string(c), true, interpNone)
		}
	case langRuby:
		switch c {
		case '\'':
			l.scan(l.i, "'", true, interpNone)
		default:
			l.scan(l.i, string(c), true, interpHashBr)
		}
	case langElixir:
		if l.triple() {
			l.scan(l.i, `"""`, true, interpHashBr)
		} else {
			l.scan(l.i, string(c), true, interpHashBr)
		}
	case langPHP:
		if c == '"' {
			l.scan(l.i, `"`, true, interpPHP)
		} else {
			l.scan(l.i, string(c), true, interpNone)
		}
	case langKotlin:
		if l.triple() {
			l.scan(l.i, `"""`, false, interpKotlin)
		} else if c == '"' {
			l.scan(l.i, `"`, true, interpKotlin)
		} else {
			l.scan(l.i, string(c), true, interpNone)
		}
	default: // Java, C#, others
		if c == '"' && l.triple() {
			l.scan(l.i, `"""`, false, interpNone)
		} else {
			l.scan(l.i, string(c), true, interpNone)
		}
	}
}

func (l *lexer) triple() bool {
	return strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+3)]), `"""`)
}

func (l *lexer) csharpString() {
	start := l.i
	interp, verbatim := false, false
	for l.src[l.i] != '"' {
		if l.src[l.i] == '$' {
			interp = true
		} else {
			verbatim = true
		}
		l.i++
	}
	style := interpNone
	if interp {
		style = interpBrace
	}
	if l.triple() {
		l.scanFrom(start, `"""`, false, style)
		return
	}
	if verbatim {
		l.scanVerbatim(start, style)
		return
	}
	l.scanFrom(start, `"`, true, style)
}

func (l *lexer) pyString(start int, f, raw bool) {
	q := string(l.src[l.i])
	if strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+3)]), q+q+q) {
		q = q + q + q
	}
	style := interpNone
	if f {
		style = interpBrace
	}
	l.scanFrom(start, q, !raw, style)
}

// scan lexes a string that starts at l.i with the delimiter close.
func (l *lexer) scan(start int, close string, escapes bool, style interpStyle) {
	l.scanFrom(start, close, escapes, style)
}

// scanFrom lexes a string whose opening delimiter (equal to close) starts at
// l.i; start is where the token starts (before any prefix).
func (l *lexer) scanFrom(start int, close string, escapes bool, style interpStyle) {
	line := l.line
	l.i += len(close)
	var b strBuilder
	src := l.src
	for l.i < len(src) {
		c := src[l.i]
		if c == close[0] && strings.HasPrefix(string(src[l.i:min(len(src), l.i+len(close))]), close) {
			l.i += len(close)
			l.emit(b.token(line), start)
			return
		}
		if c == '\n' {
			if len(close) == 1 && l.lang != langRuby && l.lang != langElixir && l.lang != langPHP && close != "`" {
				// unterminated single-line string: stop here
				l.emit(b.token(line), start)
				return
			}
			l.newline()
			b.litByte(c)
			l.i++
			continue
		}
		if c == '\\' && escapes && l.i+1 < len(src) {
			n := src[l.i+1]
			switch n {
			case 'n':
				b.litByte('\n')
			case 't':
				b.litByte('\t')
			case '\n':
				l.newline()
			default:
				b.litByte(n)
			}
			l.i += 2
			continue
		}
		if l.interpolation(&b, style, c) {
			continue
		}
		b.litByte(c)
		l.i++
	}
	l.emit(b.token(line), start)
}

// scanVerbatim lexes a C# @"..." string, where "" is a quote.
func (l *lexer) scanVerbatim(start int, style interpStyle) {
	line := l.line
	l.i++
	var b strBuilder
	for l.i < len(l.src) {
		c := l.src[l.i]
		if c == '"' {
			if l.i+1 < len(l.src) && l.src[l.i+1] == '"' {
				b.litByte('"')
				l.i += 2
				continue
			}
			l.i++
			break
		}
		if c == '\n' {
			l.newline()
		}
		if l.interpolation(&b, style, c) {
			continue
		}
		b.litByte(c)
		l.i++
	}
	l.emit(b.token(line), start)
}

// interpolation handles an interpolation at l.i, if the style has one there.
func (l *lexer) interpolation(b *strBuilder, style interpStyle, c byte) bool {
	src := l.src
	next := byte(0)
	if l.i+1 < len(src) {
		next = src[l.i+1]
	}
	switch style {
	case interpDollarBr, interpKotlin:
		if c == '$' && next == '{' {
			l.i += 2
			b.code(l.subLex())
			return true
		}
		if style == interpKotlin && c == '$' && isIdentStart(next) {
			l.i++
			b.code(l.identRun())
			return true
		}
	case interpHashBr:
		if c == '#' && next == '{' {
			l.i += 2
			b.code(l.subLex())
			return true
		}
	case interpBrace:
		if c == '{' && next == '{' {
			b.litByte('{')
			l.i += 2
			return true
		}
		if c == '}' && next == '}' {
			b.litByte('}')
			l.i += 2
			return true
		}
		if c == '{' {
			l.i++
			b.code(cutFormatSpec(l.subLex()))
			return true
		}
	case interpPHP:
		if c == '{' && next == '$' {
			l.i += 2
			b.code(l.subLex())
			return true
		}
		if c == '$' && next == '{' {
			l.i += 2
			b.code(l.subLex())
			return true
		}
		if c == '$' && isIdentStart(next) {
			l.i++
			ts := l.identRun()
			for l.i+2 < len(src) && src[l.i] == '-' && src[l.i+1] == '>' && isIdentStart(src[l.i+2]) {
				l.i += 2
				ts = append(ts, tok{kind: tPunct, text: "->", line: l.line})
				ts = append(ts, l.identRun()...)
			}
			b.code(ts)
			return true
		}
	}
	return false
}

// identRun lexes one identifier at l.i as code.
func (l *lexer) identRun() []tok {
	s := l.i
	for l.i < len(l.src) && isIdentChar(l.src[l.i]) {
		l.i++
	}
	return []tok{{kind: tIdent, text: string(l.src[s:l.i]), line: l.line}}
}

// subLex lexes code up to the matching '}' (consumed).
func (l *lexer) subLex() []tok {
	if l.depth > 6 {
		depth := 1
		for l.i < len(l.src) && depth > 0 {
			switch l.src[l.i] {
			case '{':
				depth++
			case '}':
				depth--
			case '\n':
				l.newline()
			}
			l.i++
		}
		return nil
	}
	sub := &lexer{src: l.src, lang: l.lang, i: l.i, line: l.line, lineStart: l.lineStart, lastLine: l.line, depth: l.depth + 1}
	sub.run(0)
	l.i, l.line, l.lineStart = sub.i, sub.line, sub.lineStart
	return sub.toks
}

// cutFormatSpec drops a Python/C# format spec or conversion ("{x:>10}",
// "{x!r}") from interpolation code.
func cutFormatSpec(ts []tok) []tok {
	depth := 0
	for i, t := range ts {
		if t.kind != tPunct {
			continue
		}
		switch t.text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ":", "!", ",":
			if depth == 0 && i > 0 {
				return ts[:i]
			}
		}
	}
	return ts
}
