package audit

import (
	"bytes"
)

// prefilter decides cheaply, with SIMD-backed substring searches and no
// regular expression, whether a file may hold a SalesLoft call: it
// mentions SalesLoft (any case; community clients all do), a "v2/" path,
// or one of the configured names. Files that fail are not lexed in phase one; a
// second pass looks in them only for the names phase one found to hold
// SalesLoft values (see needles), so cross-file constants are not lost.
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
	if containsSalesloft(data) || hasV2Path(data) {
		return true
	}
	for _, n := range p.extra {
		if bytes.Contains(data, n) {
			return true
		}
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
			if abs >= 6 && bytes.EqualFold(data[abs-6:abs], []byte("salesl")) {
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
// rejected without hashing.
type nameSet struct {
	names map[string]bool
	first [256]uint64 // bit n set: some name starts with this byte and has length n (n < 64)
	long  bool        // some name is 64 bytes or longer
}

func newNameSet(names map[string]bool) *nameSet {
	s := &nameSet{names: names}
	for n := range names {
		if len(n) >= 64 {
			s.long = true
			continue
		}
		s.first[n[0]] |= 1 << uint(len(n))
	}
	return s
}

// containsIdent reports whether data holds one of the names as a whole
// identifier, in one pass over the bytes however many names there are.
func containsIdent(data []byte, s *nameSet) bool {
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
			if s.names[string(data[i:j])] {
				return true
			}
		}
		i = j
	}
	return false
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
	}
}
