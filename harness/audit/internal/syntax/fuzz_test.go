package syntax_test

import (
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/audit/internal/frontend/csharp"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/elixir"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/golang"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/java"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/javascript"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/kotlin"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/php"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/python"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/ruby"
	"github.com/loftgate/loftgate/harness/audit/internal/frontend/typescript"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
)

var specs = []*syntax.Spec{javascript.Spec, typescript.Spec, python.Spec, ruby.Spec, php.Spec, golang.Spec,
	java.Spec, kotlin.Spec, csharp.Spec, elixir.Spec}

// FuzzFrontends feeds arbitrary bytes to every front end: none may panic
// or run past its budget.
func FuzzFrontends(f *testing.F) {
	for _, s := range []string{
		"const a = `${b}/v2/people`; axios.get(a)",
		"def f(x=None):\n  return requests.get(f'{B}/v2/x/{x}')",
		"class A < B; def x; @y ? \"a/#{z}\" : 'b'; end; end",
		"<?php define('B', 'x'); postData(B . '/p', $d);",
		"package p\nfunc f() { http.NewRequest(\"GET\", c.u, nil) }",
		"def f(t, p \\\\ 1) when p > 0, do: Tesla.get(c(t), \"/x/#{p}\")\n@o %{h: [{A.B, 1}]}",
		"open class C(val s: String) : B(\"x\") { val k by lazy { H { d { url(s) } } } }",
		"@app.get('/v2/x')\n@auth\ndef f(): return 1",
		"class C { @Get('/v2/x') @Auth() m(@Body() b) { return b } }\nconst t = { '/v2/x': (a) => a.get('/v2/y') }; t[k](i)",
		"fun A.m() { routing { route(\"/v2\") { get { call.respond(1) } } } }",
		"((((((((((((((((((((", "\"\\", "`${`${`${",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, s := range specs {
			start := time.Now()
			_, _ = syntax.Parse(s, s.Exts[0], "f"+s.Exts[0], []byte(src), time.Second)
			if d := time.Since(start); d > 3*time.Second {
				t.Fatalf("%s: %d bytes took %v", s.Name, len(src), d)
			}
		}
	})
}
