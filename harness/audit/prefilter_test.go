package audit

import (
	"bytes"
	"math/rand"
	"testing"
)

// prefilterRef is the prefilter's definition, without the AVX2 search.
func prefilterRef(data []byte) bool {
	return containsSalesloft(data) || hasV2Path(data)
}

// TestSalesloftOrV2 checks the one-pass search (AVX2 where the CPU has it)
// against the definition: every pattern and near miss at every offset
// around the 32-byte blocks and the tail, and random text made of the
// patterns' letters.
func TestSalesloftOrV2(t *testing.T) {
	t.Logf("AVX2: %v", hasAVX2)
	pieces := []string{
		"salesloft", "SalesLoft", "SALESLOFT", "salesLOFT", "SalesLOft", "Salesloft", "alesloft", "soft", "loft",
		"LOFT", "oft", "OFT", "v2/", `"v2/`, `'/v2/`, "`/v2/", `"/v2/`, " /v2/", ":/v2/", "}/v2/", "\t/v2/", "%s/v2/",
		"%v/v2/", "%d/v2/", "%x/v2/", "/api/v2/", "host/v2/", "v2", "V2/", "v3/", "/v2", "x/v2/",
	}
	for _, p := range pieces {
		for size := 0; size < 110; size++ {
			for at := 0; at+len(p) <= size; at++ {
				data := bytes.Repeat([]byte{'x'}, size)
				copy(data[at:], p)
				if got, want := salesloftOrV2(data), prefilterRef(data); got != want {
					t.Fatalf("%q at %d of %d bytes: got %v, want %v", p, at, size, got, want)
				}
				if at == 0 { // also at the very start with no padding before
					d := append([]byte(p), data[len(p):]...)
					if got, want := salesloftOrV2(d), prefilterRef(d); got != want {
						t.Fatalf("%q: got %v, want %v", d, got, want)
					}
				}
			}
		}
	}
	r := rand.New(rand.NewSource(1))
	const alphabet = "salesloftSALESLOFTv2/\"'`}: \t%sdx\n"
	for i := 0; i < 20000; i++ {
		data := make([]byte, r.Intn(200))
		for j := range data {
			data[j] = alphabet[r.Intn(len(alphabet))]
		}
		if r.Intn(3) == 0 && len(data) > 12 {
			p := pieces[r.Intn(len(pieces))]
			copy(data[r.Intn(len(data)-len(p)):], p)
		}
		if got, want := salesloftOrV2(data), prefilterRef(data); got != want {
			t.Fatalf("%q: got %v, want %v", data, got, want)
		}
	}
}

func FuzzSalesloftOrV2(f *testing.F) {
	for _, s := range []string{"", "salesloft", "x SalesLOFT", `fetch("/v2/people")`, "a/api/v2/x", "%s/v2/me"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := salesloftOrV2(data), prefilterRef(data); got != want {
			t.Fatalf("%q: got %v, want %v", data, got, want)
		}
	})
}

// TestContainsIdent checks both ways of looking for names: name by name
// (a few names) and identifier by identifier (many).
func TestContainsIdent(t *testing.T) {
	few := newNameSet(map[string]bool{"API_ROOT": true, "base": true, "a.b": true})
	many := map[string]bool{"API_ROOT": true, "base": true}
	for i := 0; i < 2*fewNames; i++ {
		many[string(rune('p'+i))+"zz"] = true
	}
	manySet := newNameSet(many)
	if few.list == nil || manySet.list != nil {
		t.Fatalf("few.list = %v, many.list = %v", few.list, manySet.list)
	}
	tests := []struct {
		text string
		want []string
	}{
		{"fetch(`${API_ROOT}/people`)", []string{"API_ROOT"}},
		{"x = API_ROOT_2 + MY_API_ROOT + $API_ROOT", nil},
		{"API_ROOT", []string{"API_ROOT"}},
		{"base+API_ROOT base", []string{"API_ROOT", "base"}},
		{"database basement a.b", nil},
		{"é base", []string{"base"}},
		{"ébase", nil},
		{"", nil},
	}
	for _, tt := range tests {
		for name, set := range map[string]*nameSet{"few": few, "many": manySet} {
			got := identsIn([]byte(tt.text), set)
			if !sameNames(got, tt.want) {
				t.Errorf("%s: identsIn(%q) = %v, want %v", name, tt.text, got, tt.want)
			}
			if c := containsIdent([]byte(tt.text), set); c != (len(tt.want) > 0) {
				t.Errorf("%s: containsIdent(%q) = %v", name, tt.text, c)
			}
		}
	}
}

func sameNames(a, b []string) bool {
	m := map[string]bool{}
	for _, n := range a {
		m[n] = true
	}
	if len(m) != len(b) {
		return false
	}
	for _, n := range b {
		if !m[n] {
			return false
		}
	}
	return true
}

// BenchmarkPrefilter measures the prefilter on ordinary source text.
func BenchmarkPrefilter(b *testing.B) {
	var text []byte
	for i := 0; len(text) < 1<<20; i++ {
		for _, ext := range []string{".go", ".ts", ".py", ".rb", ".java"} {
			text = append(text, []byte(noise[ext])...)
		}
	}
	pre := newPrefilter(nil)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if pre.match(text) {
			b.Fatal("noise matched")
		}
	}
}
