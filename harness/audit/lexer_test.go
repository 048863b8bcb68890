package audit

import (
	"strings"
	"testing"
)

// render the first call's first argument as the audit sees it.
func firstArg(t *testing.T, lang, src string) string {
	t.Helper()
	fm := &fileModel{rel: "x", lang: lang}
	parseTokens(fm, lex([]byte(src), lang))
	if len(fm.calls) == 0 {
		t.Fatalf("%s: no call in %q", lang, src)
	}
	ix := newIndex([]*fileModel{fm}, nil)
	var c *callExpr
	for _, k := range fm.calls {
		if lastSeg(k.callee) == "get" || lastSeg(k.callee) == "Get" {
			c = k
		}
	}
	if c == nil {
		t.Fatalf("%s: no get() call in %q", lang, src)
	}
	return strings.NewReplacer("\x00", "<?>", "\x02", "<param>").Replace(render(ix.eval(c.args[0], &env{fm: fm, fn: c.fn})))
}

func TestStringForms(t *testing.T) {
	cases := []struct {
		lang, src, want string
	}{
		{langJS, "const B = 'https://api.salesloft.com/v2'; get(`${B}/people/${id}`)", "https://api.salesloft.com/v2/people/<?>"},
		{langJS, `get("a\"b" + 'c' + "/x")`, `a"bc/x`},
		{langJS, "const re = /\"not a string/; get(\"/v2/me\")", "/v2/me"},
		{langTS, "get<T>(`/v2/${r}`) // ` in a comment", "/v2/<?>"},
		{langPython, `B = "https://h"` + "\n" + `get(f"{B}/people/{pid:>5}")`, "https://h/people/<?>"},
		{langPython, `get(rb"/v2/raw\d" + '''x''')`, `/v2/raw\dx`},
		{langPython, `get("/v2/people/%s" % pid)`, "/v2/people/<?>"},
		{langPython, `get("{}/v2/{}".format(B, "me"))`, "<?>/v2/me"},
		{langRuby, "B = 'x'\nget \"#{B}/v2/people/#{id}.json\"", "x/v2/people/<?>.json"},
		{langRuby, "get(%Q(/v2/#{r}))", "/v2/<?>"},
		{langRuby, "x = <<~EOS\n  /v2/in/heredoc\nEOS\nget('/v2/me')", "/v2/me"},
		{langPHP, `<?php get("{$this->base}/people/$id" . '/x');`, "<?>/people/<?>/x"},
		{langPHP, "<?php const B = 'h'; get(self::B . 'cadences/' . $id);", "hcadences/<?>"},
		{langJava, `get(BASE + "/cadence_exports/" + id)`, "<?>/cadence_exports/<?>"},
		{langJava, `get("""` + "\n" + `/v2/text/block""")`, "\n/v2/text/block"},
		{langKotlin, `get("$base/people/${p.id}")`, "<?>/people/<?>"},
		{langCSharp, `Get($"people/{id}")`, "people/<?>"},
		{langCSharp, `Get(@"C:\path\""x")`, `C:\path\"x`},
		{langCSharp, `Get($@"{b}/v2/{{literal}}")`, "<?>/v2/{literal}"},
		{langElixir, "@base \"https://h/v2\"\nget(@base <> \"/users/#{id}\")", "https://h/v2/users/<?>"},
		{langElixir, `get(~s(/v2/sigil))`, "/v2/sigil"},
	}
	for _, tc := range cases {
		if got := firstArg(t, tc.lang, tc.src); got != tc.want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.lang, tc.src, got, tc.want)
		}
	}
}

func TestCommentsAreNotCode(t *testing.T) {
	cases := map[string]string{
		langJS:     "// fetch('https://api.salesloft.com/v2/people')\n/* get('/v2/people') */",
		langPython: "# requests.get('https://api.salesloft.com/v2/people')",
		langRuby:   "=begin\nget '/v2/people'\n=end\n# get '/v2/people'",
		langPHP:    "<?php # get('/v2/people')\n// get('/v2/people')",
		langElixir: "# get(\"/v2/people\")",
		langCSharp: "/// <see cref=\"Get('/v2/people')\"/>",
	}
	for lang, src := range cases {
		fm := &fileModel{rel: "x", lang: lang}
		parseTokens(fm, lex([]byte(src), lang))
		if len(fm.calls) != 0 {
			t.Errorf("%s: call found in a comment: %+v", lang, fm.calls[0])
		}
	}
}

// FuzzLex feeds arbitrary bytes to every lexer and parser: they must not
// panic or hang on untrusted input.
func FuzzLex(f *testing.F) {
	f.Add([]byte("get(`${a}/v2/${b}`)"), uint8(0))
	f.Add([]byte("x = <<~EOS\n#{y}\nEOS"), uint8(4))
	f.Add([]byte(`<?php "{$a->b}" . <<<EOT`), uint8(5))
	f.Add([]byte(`f"{x:{y}}" % (a, b)`), uint8(3))
	f.Add([]byte(`~s(a) @x "y" <> #{`), uint8(9))
	langs := []string{langJS, langTS, langPython, langRuby, langPHP, langJava, langKotlin, langCSharp, langElixir, langGo}
	f.Fuzz(func(t *testing.T, src []byte, l uint8) {
		lang := langs[int(l)%len(langs)]
		fm := extract("f", lang, src, false)
		ix := newIndex([]*fileModel{fm}, nil)
		for _, c := range fm.calls {
			for _, a := range c.args {
				ix.eval(a, &env{fm: fm, fn: c.fn})
			}
		}
	})
}
