package audit

// Sigils, %-literals and heredocs: the string forms that do not start
// with a quote.

import (
	"strings"
)

func (l *lexer) sigil() {
	start := l.i
	l.i++ // ~
	kind := l.src[l.i]
	l.i++
	for l.i < len(l.src) && isIdentStart(l.src[l.i]) && l.src[l.i] != '(' {
		l.i++
	}
	if l.i >= len(l.src) {
		return
	}
	open := l.src[l.i]
	closeCh := map[byte]string{'(': ")", '[': "]", '{': "}", '<': ">"}[open]
	if closeCh == "" {
		closeCh = string(open)
	}
	if strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+3)]), `"""`) {
		closeCh = `"""`
	}
	style := interpNone
	if kind >= 'a' && kind <= 'z' {
		style = interpHashBr
	}
	line := l.line
	l.i += len(closeCh)
	var b strBuilder
	for l.i < len(l.src) {
		c := l.src[l.i]
		if strings.HasPrefix(string(l.src[l.i:min(len(l.src), l.i+len(closeCh))]), closeCh) {
			l.i += len(closeCh)
			break
		}
		if c == '\n' {
			l.newline()
		}
		if c == '\\' && l.i+1 < len(l.src) {
			b.litByte(l.src[l.i+1])
			l.i += 2
			continue
		}
		if l.interpolation(&b, style, c) {
			continue
		}
		b.litByte(c)
		l.i++
	}
	for l.i < len(l.src) && isIdentChar(l.src[l.i]) {
		l.i++ // modifiers
	}
	t := b.token(line)
	if kind == 'r' || kind == 'R' || kind == 'w' || kind == 'W' {
		t = tok{kind: tPunct, text: "/re/", line: line}
	}
	l.emit(t, start)
}

func (l *lexer) rubyPercent() {
	start := l.i
	kind := l.src[l.i+1]
	open := l.src[l.i+2]
	closeCh := map[byte]byte{'(': ')', '[': ']', '{': '}', '<': '>'}[open]
	if closeCh == 0 {
		closeCh = open
	}
	line := l.line
	l.i += 3
	var b strBuilder
	depth := 0
	for l.i < len(l.src) {
		c := l.src[l.i]
		if c == open && open != closeCh {
			depth++
		} else if c == closeCh {
			if depth == 0 {
				l.i++
				break
			}
			depth--
		}
		if c == '\n' {
			l.newline()
		}
		if kind == 'Q' && l.interpolation(&b, interpHashBr, c) {
			continue
		}
		b.litByte(c)
		l.i++
	}
	t := b.token(line)
	if kind == 'w' || kind == 'W' || kind == 'i' || kind == 'I' {
		t = tok{kind: tPunct, text: "%w", line: line}
	}
	l.emit(t, start)
}

func (l *lexer) rubyHeredoc() {
	start := l.i
	j := l.i + 2
	if l.src[j] == '~' || l.src[j] == '-' {
		j++
	}
	quote := byte(0)
	if j < len(l.src) && (l.src[j] == '\'' || l.src[j] == '"') {
		quote = l.src[j]
		j++
	}
	s := j
	for j < len(l.src) && isIdentChar(l.src[j]) {
		j++
	}
	id := string(l.src[s:j])
	if id == "" || strings.ToUpper(id) != id {
		l.i += 2
		l.emit(tok{kind: tPunct, text: "<<"}, start)
		return
	}
	if quote != 0 && j < len(l.src) && l.src[j] == quote {
		j++
	}
	l.heredocBody(start, j, id, quote != '\'', interpHashBr)
}

func (l *lexer) phpHeredoc() {
	start := l.i
	j := l.i + 3
	for j < len(l.src) && l.src[j] == ' ' {
		j++
	}
	quote := byte(0)
	if j < len(l.src) && (l.src[j] == '\'' || l.src[j] == '"') {
		quote = l.src[j]
		j++
	}
	s := j
	for j < len(l.src) && isIdentChar(l.src[j]) {
		j++
	}
	id := string(l.src[s:j])
	if quote != 0 && j < len(l.src) && l.src[j] == quote {
		j++
	}
	if id == "" {
		l.i += 3
		l.emit(tok{kind: tPunct, text: "<<<"}, start)
		return
	}
	l.heredocBody(start, j, id, quote != '\'', interpPHP)
}

// heredocBody lexes the body of a heredoc that starts on the line after
// the opener. The rest of the opener's line is lexed as code first.
func (l *lexer) heredocBody(start, afterOpener int, id string, interp bool, style interpStyle) {
	line := l.line
	// Find the end of the opener line; the body starts after it.
	eol := afterOpener
	for eol < len(l.src) && l.src[eol] != '\n' {
		eol++
	}
	rest := &lexer{src: l.src[:eol], lang: l.lang, i: afterOpener, line: l.line, lineStart: l.lineStart, lastLine: l.line}
	var b strBuilder
	l.i = eol
	if l.i < len(l.src) {
		l.newline()
		l.i++
	}
	if !interp {
		style = interpNone
	}
	for l.i < len(l.src) {
		// At line start: is this the terminator?
		k := l.i
		for k < len(l.src) && (l.src[k] == ' ' || l.src[k] == '\t') {
			k++
		}
		if strings.HasPrefix(string(l.src[k:min(len(l.src), k+len(id))]), id) {
			e := k + len(id)
			if e >= len(l.src) || !isIdentChar(l.src[e]) {
				l.i = e
				break
			}
		}
		for l.i < len(l.src) && l.src[l.i] != '\n' {
			if l.interpolation(&b, style, l.src[l.i]) {
				continue
			}
			b.litByte(l.src[l.i])
			l.i++
		}
		if l.i < len(l.src) {
			b.litByte('\n')
			l.newline()
			l.i++
		}
	}
	l.emit(b.token(line), start)
	rest.run(-1)
	for _, t := range rest.toks {
		t.first = false
		l.toks = append(l.toks, t)
	}
}
