package audit

import (
	"strings"
)

// tkind is the kind of a lexed token.
type tkind uint8

const (
	tIdent tkind = iota + 1 // identifier or keyword; PHP "$x" is lexed as "x"
	tStr                    // string literal; parts set when interpolated
	tNum                    // number literal
	tPunct                  // operator or bracket
	tSym                    // Ruby/Elixir symbol or atom (":post" -> "post")
)

// tok is one token of a source file.
type tok struct {
	kind  tkind
	text  string
	line  int
	col   int     // byte column of the token in its line
	first bool    // first token on its line
	parts []spart // interpolated string: literal pieces and code
}

// spart is a piece of an interpolated string: literal text or code.
type spart struct {
	lit  string
	code []tok
	expr bool
}

// lexer turns source bytes into tokens. It understands each language's
// comments and string forms well enough never to mistake a string for code
// or code for a comment; it is not a full parser.
type lexer struct {
	src       []byte
	lang      string
	i         int
	line      int
	lineStart int
	lastLine  int
	toks      []tok
	depth     int // nesting of interpolations, to bound recursion
}

func lex(src []byte, lang string) []tok {
	l := &lexer{src: src, lang: lang, line: 1, lastLine: 0}
	l.run(-1)
	return l.toks
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

func (l *lexer) hashComments() bool {
	return l.lang == langPython || l.lang == langRuby || l.lang == langElixir || l.lang == langPHP
}

func (l *lexer) slashComments() bool {
	return l.lang != langPython && l.lang != langRuby && l.lang != langElixir
}

func (l *lexer) emit(t tok, start int) {
	t.col = start - l.lineStart
	if t.line == 0 {
		t.line = l.line
	}
	if t.line != l.lastLine {
		t.first = true
		l.lastLine = t.line
	}
	l.toks = append(l.toks, t)
}

func (l *lexer) newline() {
	l.line++
	l.lineStart = l.i + 1
}

func (l *lexer) prevSig() *tok {
	if len(l.toks) == 0 {
		return nil
	}
	return &l.toks[len(l.toks)-1]
}

// regexAllowed reports whether a '/' here starts a regular expression
// literal (JS, Ruby) rather than a division.
func (l *lexer) regexAllowed() bool {
	p := l.prevSig()
	if p == nil {
		return true
	}
	switch p.kind {
	case tIdent:
		switch p.text {
		case "return", "typeof", "case", "in", "of", "when", "if", "unless", "and", "or", "not", "yield", "split", "match", "gsub", "sub", "scan":
			return true
		}
		return false
	case tStr, tNum, tSym:
		return false
	case tPunct:
		return p.text != ")" && p.text != "]" && p.text != "}"
	}
	return true
}

// run lexes until the end, or until an unmatched closing brace when
// stopAtBrace >= 0 (inside an interpolation).
func (l *lexer) run(stopAtBrace int) {
	braces := 0
	src := l.src
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == '\n':
			l.newline()
			l.i++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			l.i++
			continue
		}
		start := l.i
		// Comments.
		if c == '/' && l.i+1 < len(src) && l.slashComments() {
			if src[l.i+1] == '/' {
				l.skipLine()
				continue
			}
			if src[l.i+1] == '*' {
				l.skipBlock("*/")
				continue
			}
		}
		if c == '#' && l.hashComments() {
			if l.lang == langRuby && l.i+1 < len(src) && src[l.i+1] == '{' && stopAtBrace >= 0 {
				// not a comment inside interpolation; fall through as punct
			} else {
				l.skipLine()
				continue
			}
		}
		if c == '=' && l.lang == langRuby && l.i == l.lineStart && strings.HasPrefix(string(src[l.i:min(len(src), l.i+6)]), "=begin") {
			l.skipBlock("\n=end")
			continue
		}
		switch {
		case isIdentStart(c) || c == '$' && (l.lang == langPHP || l.lang == langJS || l.lang == langTS) || c == '@' && (l.lang == langRuby || l.lang == langElixir):
			if l.stringPrefix() {
				continue
			}
			l.i++
			for l.i < len(src) && (isIdentChar(src[l.i]) || src[l.i] == '$' && l.lang != langPHP || src[l.i] == '@' && start+1 == l.i) {
				l.i++
			}
			if (l.lang == langRuby || l.lang == langElixir) && l.i < len(src) && (src[l.i] == '?' || src[l.i] == '!') && !(l.i+1 < len(src) && src[l.i+1] == '=') {
				l.i++
			}
			text := string(src[start:l.i])
			if l.lang == langPHP {
				text = strings.TrimPrefix(text, "$")
			}
			l.emit(tok{kind: tIdent, text: text}, start)
		case c >= '0' && c <= '9':
			for l.i < len(src) && (isIdentChar(src[l.i]) || src[l.i] == '.' && l.i+1 < len(src) && src[l.i+1] >= '0' && src[l.i+1] <= '9') {
				l.i++
			}
			l.emit(tok{kind: tNum, text: string(src[start:l.i])}, start)
		case c == '"' || c == '\'' || c == '`':
			l.quoted()
		case (c == '$' || c == '@') && l.lang == langCSharp && l.i+1 < len(src) && (src[l.i+1] == '"' || (src[l.i+1] == '$' || src[l.i+1] == '@') && l.i+2 < len(src) && src[l.i+2] == '"'):
			l.csharpString()
		case c == '~' && l.lang == langElixir && l.i+2 < len(src) && isIdentStart(src[l.i+1]):
			l.sigil()
		case c == ':' && (l.lang == langRuby || l.lang == langElixir) && l.i+1 < len(src) && (isIdentStart(src[l.i+1]) || src[l.i+1] == '"') && !(l.i > 0 && (isIdentChar(src[l.i-1]) || src[l.i-1] == ':')):
			l.i++
			if src[l.i] == '"' {
				l.quoted()
				if t := l.prevSig(); t != nil {
					t.kind = tSym
				}
				continue
			}
			s := l.i
			for l.i < len(src) && (isIdentChar(src[l.i]) || src[l.i] == '?' || src[l.i] == '!') {
				l.i++
			}
			l.emit(tok{kind: tSym, text: string(src[s:l.i])}, start)
		case c == '/' && (l.lang == langJS || l.lang == langTS || l.lang == langRuby) && l.regexAllowed():
			l.regex()
		case c == '<' && l.lang == langPHP && strings.HasPrefix(string(src[l.i:min(len(src), l.i+3)]), "<<<"):
			l.phpHeredoc()
		case c == '<' && l.lang == langRuby && l.i+2 < len(src) && src[l.i+1] == '<' && (src[l.i+2] == '~' || src[l.i+2] == '-' || src[l.i+2] >= 'A' && src[l.i+2] <= 'Z'):
			l.rubyHeredoc()
		case c == '%' && l.lang == langRuby && l.i+2 < len(src) && strings.IndexByte("qQwWiI", src[l.i+1]) >= 0 && strings.IndexByte("([{<|!/", src[l.i+2]) >= 0:
			l.rubyPercent()
		default:
			if c == '{' {
				braces++
			}
			if c == '}' {
				if stopAtBrace >= 0 && braces == 0 {
					l.i++
					return
				}
				braces--
			}
			l.punct()
		}
	}
}

var puncts3 = []string{"===", "!==", "<<<", "**=", "...", "?->", "<=>"}
var puncts2 = []string{"=>", "->", "::", "==", "!=", "<=", ">=", "<>", "|>", "+=", "-=", "++", "--", "..", "?.", "&&", "||", "**", "=~", "<<", ">>", "??", "<-"}

// punctText interns one-byte punctuation so lexing does not allocate.
var punctText = func() [256]string {
	var t [256]string
	for c := 0; c < 256; c++ {
		t[c] = string(rune(c))
	}
	return t
}()

func (l *lexer) punct() {
	start := l.i
	src := l.src
	if l.i+1 < len(src) && strings.IndexByte("=!<>*.?-:|+&~", src[l.i]) >= 0 {
		if l.i+2 < len(src) {
			for _, p := range puncts3 {
				if src[l.i] == p[0] && src[l.i+1] == p[1] && src[l.i+2] == p[2] {
					l.i += 3
					l.emit(tok{kind: tPunct, text: p}, start)
					return
				}
			}
		}
		for _, p := range puncts2 {
			if src[l.i] == p[0] && src[l.i+1] == p[1] {
				l.i += 2
				l.emit(tok{kind: tPunct, text: p}, start)
				return
			}
		}
	}
	l.i++
	l.emit(tok{kind: tPunct, text: punctText[src[start]]}, start)
}

func (l *lexer) skipLine() {
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		l.i++
	}
}

func (l *lexer) skipBlock(end string) {
	l.i += 2
	for l.i < len(l.src) {
		if l.src[l.i] == '\n' {
			if strings.HasPrefix(end, "\n") && strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+len(end))]), end) {
				l.newline()
				l.i += len(end)
				l.skipLine()
				return
			}
			l.newline()
		} else if l.src[l.i] == end[0] && strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+len(end))]), end) {
			l.i += len(end)
			return
		}
		l.i++
	}
}

// stringPrefix handles identifier-like string prefixes: Python f"", r"",
// b"", C# $"" and @"" (the latter two start with punctuation and are handled
// in quoted). It returns true when it lexed a string.
func (l *lexer) stringPrefix() bool {
	if l.lang != langPython {
		return false
	}
	j := l.i
	for j < len(l.src) && j-l.i < 2 && strings.IndexByte("rRbBuUfF", l.src[j]) >= 0 {
		j++
	}
	if j == l.i || j >= len(l.src) || (l.src[j] != '"' && l.src[j] != '\'') {
		return false
	}
	prefix := strings.ToLower(string(l.src[l.i:j]))
	start := l.i
	l.i = j
	l.pyString(start, strings.Contains(prefix, "f"), strings.Contains(prefix, "r"))
	return true
}

func (l *lexer) regex() {
	start := l.i
	l.i++
	inClass := false
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		c := l.src[l.i]
		if c == '\\' {
			l.i += 2
			continue
		}
		if c == '[' {
			inClass = true
		} else if c == ']' {
			inClass = false
		} else if c == '/' && !inClass {
			l.i++
			break
		}
		l.i++
	}
	for l.i < len(l.src) && isIdentChar(l.src[l.i]) {
		l.i++
	}
	l.emit(tok{kind: tPunct, text: "/re/"}, start)
}
