package audit

import (
	"bytes"
)

// prefilter decides cheaply, with SIMD-backed substring searches and no
// regular expression, whether a file may hold a SalesLoft call: it
// mentions SalesLoft (any case), a "v2/" path, a community client, or one
// of the configured names. Files that fail are not lexed in phase one; a
// second pass looks in them only for the names phase one found to hold
// SalesLoft values (see needles), so cross-file constants are not lost.
type prefilter struct {
	extra [][]byte
}

var (
	loftForms = [][]byte{[]byte("loft"), []byte("Loft"), []byte("LOFT")}
	v2Needle  = []byte("v2/")
	dfNeedle  = []byte("datafire")
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
	if bytes.Contains(data, v2Needle) || containsSalesloft(data) || bytes.Contains(data, dfNeedle) {
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
// "loft" in three common cases and checks the five letters before it.
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
			if abs >= 5 && bytes.EqualFold(data[abs-5:abs], []byte("sales")) {
				return true
			}
			off = abs + 4
			d = data[off:]
		}
	}
	return false
}

// containsWord reports a whole-identifier occurrence of name in data.
func containsWord(data, name []byte) bool {
	off := 0
	for off < len(data) {
		i := bytes.Index(data[off:], name)
		if i < 0 {
			return false
		}
		s := off + i
		e := s + len(name)
		if (s == 0 || !isIdentChar(data[s-1])) && (e >= len(data) || !isIdentChar(data[e])) {
			return true
		}
		off = s + 1
	}
	return false
}
