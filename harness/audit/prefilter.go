package audit

import (
	"bytes"
)

// prefilter decides cheaply, with SIMD compares and no regular expression,
// whether a file may hold a SalesLoft call: it mentions SalesLoft (any
// case; community clients all do), a "v2/" path, or one of the configured
// names. Files that fail are not lexed unless they hold one of the names
// the analysed files give SalesLoft values (see names.go), so cross-file
// constants are not lost.
type prefilter struct {
	extra [][]byte
}

var (
	loftForms = [][]byte{[]byte("oft"), []byte("OFT")}
	v2Needle  = []byte("v2/")
)

func newPrefilter(cfg *Config) *prefilter {
	p := &prefilter{}
	if cfg != nil {
		for _, group := range [][]string{cfg.BaseURLs, cfg.Wrappers, cfg.Hosts} {
			for _, n := range group {
				p.extra = append(p.extra, []byte(simpleName(n)))
			}
		}
	}
	return p
}

func (p *prefilter) match(data []byte) bool {
	if salesloftOrV2(data) {
		return true
	}
	for _, n := range p.extra {
		if bytes.Contains(data, n) {
			return true
		}
	}
	return false
}

// salesloftOrV2 is containsSalesloft(data) || hasV2Path(data) in one pass.
// With AVX2 (prefilter_amd64.s) it looks at 32 positions at a time for
// "loft" in any case or "v2/" and checks each hit here with candidateAt;
// the rest of data, under 35 bytes, is checked position by position. That
// is several times as fast as the substring searches, whose first-byte
// scans stop at every 'o' of the text. Without AVX2 it is the two searches.
func salesloftOrV2(data []byte) bool {
	if !hasAVX2 {
		return containsSalesloft(data) || hasV2Path(data)
	}
	off := 0
	for {
		pos, found := indexCandidate(data[off:])
		if !found {
			off += pos
			break
		}
		if candidateAt(data, off+pos) {
			return true
		}
		off += pos + 1
	}
	for i := off; i < len(data); i++ {
		if candidateAt(data, i) {
			return true
		}
	}
	return false
}

var salesl = []byte("salesl")

// candidateAt reports whether containsSalesloft or hasV2Path would accept
// data because of the bytes at i: "v2/" starting a path, or the "l" of
// "salesl" (any case) followed by "oft" or "OFT".
func candidateAt(data []byte, i int) bool {
	switch data[i] {
	case 'v':
		return i+3 <= len(data) && data[i+1] == '2' && data[i+2] == '/' && v2Starts(data, i)
	case 'l', 'L':
		if i < 5 || i+4 > len(data) {
			return false
		}
		o := data[i+1 : i+4]
		return (string(o) == "oft" || string(o) == "OFT") && bytes.EqualFold(data[i-5:i+1], salesl)
	}
	return false
}

// containsSalesloft reports "salesloft" in any letter case: it looks for
// "oft" and "OFT" (two SIMD searches cover salesloft, SalesLoft,
// Salesloft and SALESLOFT) and checks the six letters before.
func containsSalesloft(data []byte) bool {
	for _, f := range loftForms {
		d := data
		off := 0
		for {
			i := bytes.Index(d, f)
			if i < 0 {
				break
			}
			abs := off + i
			if abs >= 6 && bytes.EqualFold(data[abs-6:abs], salesl) {
				return true
			}
			off = abs + 3
			d = data[off:]
		}
	}
	return false
}

// identByte marks bytes that can be part of an identifier.
var identByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
	}
	return t
}()

// nameSet is a set of identifiers with a cheap first check: the pair
// (first byte, length) of every name, so most identifiers of a file are
// rejected without hashing. A set of a few names is searched for name by
// name instead (a SIMD-backed substring search each), which is faster than
// splitting the file into identifiers.
type nameSet struct {
	names map[string]bool
	list  [][]byte    // the names, when there are at most fewNames of them
	first [256]uint64 // bit n set: some name starts with this byte and has length n (n < 64)
	long  bool        // some name is 64 bytes or longer
}

// fewNames is the size up to which a nameSet is searched name by name.
const fewNames = 4

func newNameSet(names map[string]bool) *nameSet {
	s := &nameSet{names: map[string]bool{}}
	for n := range names {
		if !isIdent(n) {
			continue // never a whole identifier
		}
		s.names[n] = true
		if len(n) >= 64 {
			s.long = true
			continue
		}
		s.first[n[0]] |= 1 << uint(len(n))
	}
	if len(s.names) <= fewNames {
		for n := range s.names {
			s.list = append(s.list, []byte(n))
		}
	}
	return s
}

// isIdent reports a non-empty run of identifier bytes.
func isIdent(n string) bool {
	for i := 0; i < len(n); i++ {
		if !identByte[n[i]] {
			return false
		}
	}
	return n != ""
}

// containsIdent reports whether data holds one of the names as a whole
// identifier.
func containsIdent(data []byte, s *nameSet) bool {
	if s.list != nil || len(s.names) == 0 {
		for _, n := range s.list {
			if hasWord(data, n) {
				return true
			}
		}
		return false
	}
	found := false
	eachIdent(data, s, func(string) bool {
		found = true
		return false
	})
	return found
}

// identsIn returns the names of s that data holds as whole identifiers.
func identsIn(data []byte, s *nameSet) []string {
	var out []string
	if s.list != nil || len(s.names) == 0 {
		for _, n := range s.list {
			if hasWord(data, n) {
				out = append(out, string(n))
			}
		}
		return out
	}
	seen := map[string]bool{}
	eachIdent(data, s, func(n string) bool {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
		return true
	})
	return out
}

// hasWord reports an occurrence of the identifier w in data that is not
// part of a longer identifier.
func hasWord(data, w []byte) bool {
	off := 0
	for {
		i := bytes.Index(data[off:], w)
		if i < 0 {
			return false
		}
		at := off + i
		end := at + len(w)
		if (at == 0 || !identByte[data[at-1]]) && (end == len(data) || !identByte[data[end]]) {
			return true
		}
		off = at + 1
	}
}

// eachIdent calls f with every identifier of data that is in s, in one
// pass over the bytes however many names there are, until f returns false.
func eachIdent(data []byte, s *nameSet, f func(string) bool) {
	i := 0
	for i < len(data) {
		if !identByte[data[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(data) && identByte[data[j]] {
			j++
		}
		n := j - i
		if n < 64 && s.first[data[i]]&(1<<uint(n)) != 0 || n >= 64 && s.long {
			if s.names[string(data[i:j])] && !f(string(data[i:j])) {
				return
			}
		}
		i = j
	}
}

// hasV2Path reports a "v2/" that can start a SalesLoft path: at the start
// of a string ("v2/, "/v2/), after an interpolation or format verb
// (${base}/v2/, #{base}/v2/, %s/v2/), or after a space or colon (an
// unquoted YAML value). "/api/v2/..." (a team's own routes) and
// "https://other.host/v2/..." do not count: the audit would reject them
// anyway, and they are common.
func hasV2Path(data []byte) bool {
	off := 0
	for {
		i := bytes.Index(data[off:], v2Needle)
		if i < 0 {
			return false
		}
		at := off + i
		off = at + 3
		if v2Starts(data, at) {
			return true
		}
	}
}

// v2Starts reports whether the "v2/" at data[at:] can start a path (see
// hasV2Path).
func v2Starts(data []byte, at int) bool {
	if at == 0 {
		return true
	}
	switch data[at-1] {
	case '"', '\'', '`':
		return true
	case '/':
		if at < 2 {
			return true
		}
		switch data[at-2] {
		case '"', '\'', '`', '}', ' ', ':', '\t':
			return true
		case 's', 'v', 'd':
			if at >= 3 && data[at-3] == '%' {
				return true
			}
		}
	}
	return false
}
