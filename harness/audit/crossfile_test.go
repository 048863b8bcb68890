package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// writeChainTree writes a tree whose SalesLoft names are defined late in
// the walk and used early, through a chain of files that never mention
// SalesLoft (the corpus's config.ts -> http.ts -> resource.ts -> sync.ts,
// in reverse walk order), and filler that uses look-alike names.
func writeChainTree(t *testing.T, fillers int) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"z9/config.ts":   "export const SL_API = 'https://api.salesloft.com/v2';\n",
		"m5/http.ts":     "import axios from 'axios';\nimport { SL_API } from '../z9/config';\nexport const api = axios.create({ baseURL: SL_API });\n",
		"c3/resource.ts": "import { api } from '../m5/http';\nexport class Resource {\n  constructor(private client: any, private path: string) {}\n  list(params?: object) { return this.client.get(this.path, { params }); }\n}\nexport const accounts = new Resource(api, '/accounts');\n",
		"a1/sync.ts":     "import { accounts } from '../c3/resource';\nexport async function nightly() { return accounts.list(); }\n",
		"a1/people.ts":   "import { api } from '../m5/http';\nexport const people = () => api.get('/people');\n",
		"a2/people.js":   "const { api } = require('../m5/http');\nmodule.exports = () => api.delete(`/people/${id}`);\n",
		// Python: a base defined last, used first.
		"zz/settings.py": "BASE = \"https://api.salesloft.com/v2\"\n",
		"aa/cadences.py": "import requests\nfrom zz.settings import BASE\n\ndef cadences(s):\n    return requests.get(BASE + \"/cadences\")\n",
		// A Go file with the same name is another family: not a use.
		"aa/base.go": "package aa\n\nimport \"net/http\"\n\nconst BASE = \"/people\"\n\nfunc F() { http.Get(BASE) }\n",
	}
	for i := 0; i < fillers; i++ {
		dir := fmt.Sprintf("%c%d", 'a'+i%26, i%10)
		files[fmt.Sprintf("%s/f%d.ts", dir, i)] = fmt.Sprintf("export const api%d = %d; // SL_API_OLD, apiClient, accountsList\nexport function f%d(x: number) { return x + %d; }\n", i, i, i, i)
		files[fmt.Sprintf("%s/f%d.py", dir, i)] = fmt.Sprintf("BASE_URL = 'https://example.com/%d'\n\ndef f(x):\n    return x + %d\n", i, i)
	}
	for name, body := range files {
		write(t, filepath.Join(root, filepath.FromSlash(name)), []byte(body))
	}
	return root
}

// scanJSON scans and returns the result as JSON, for comparison; with
// publish false, as a walk per cross-file pass would.
func scanJSON(t *testing.T, opts Options, publish bool) (string, *scan) {
	t.Helper()
	res, s, err := scanTree(context.Background(), opts, publish)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(res, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b), s
}

// TestCrossFileNamesInOneWalk checks that finding cross-file names while
// the tree is walked gives exactly the result of a walk per pass (nothing
// published), whatever the number of workers and wherever the names are
// defined.
func TestCrossFileNamesInOneWalk(t *testing.T) {
	chain := writeChainTree(t, 400)
	bench := t.TempDir()
	if _, err := writeBenchTree(bench, 2); err != nil {
		t.Fatal(err)
	}
	roots := map[string]string{"corpus": "testdata/corpus", "chain": chain, "bench": bench}
	for name, root := range roots {
		for _, nonCalls := range []bool{false, true} {
			want, _ := scanJSON(t, Options{Root: root, IncludeNonCalls: nonCalls, Workers: 1}, false)
			for _, workers := range []int{1, 2, 8} {
				got, _ := scanJSON(t, Options{Root: root, IncludeNonCalls: nonCalls, Workers: workers}, true)
				if got != want {
					t.Errorf("%s (non-calls %v, %d workers): one walk differs from a walk per pass:\n%s", name, nonCalls, workers, firstDiff(want, got))
				}
			}
		}
	}
	// The chain is found to its end.
	got, _ := scanJSON(t, Options{Root: chain}, true)
	for _, want := range []string{`"file": "a1/sync.ts"`, `"file": "a1/people.ts"`, `"file": "a2/people.js"`, `"file": "aa/cadences.py"`} {
		if !strings.Contains(got, want) {
			t.Errorf("no usage in %s", want)
		}
	}
	if strings.Contains(got, `"file": "aa/base.go"`) {
		t.Error("a Go constant named like a Python one was taken for it")
	}
}

// TestCrossFileNamesNeedNoSecondWalk checks that a tree whose base
// constants are defined at the start of the walk is read about once: only
// the files handed out before a name was published are read again, and
// the files that use the names later in the walk are found as they are
// read.
func TestCrossFileNamesNeedNoSecondWalk(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "a", "config.ts"), []byte("export const API_ROOT = 'https://api.salesloft.com/v2';\n"))
	write(t, filepath.Join(root, "a", "settings.py"), []byte("BASE = \"https://api.salesloft.com/v2\"\n"))
	const files = 3000
	users := 0
	for i := 0; i < files; i++ {
		dir := filepath.Join(root, fmt.Sprintf("d%03d", i/20))
		switch {
		case i%50 == 0:
			users++
			write(t, filepath.Join(dir, fmt.Sprintf("people%d.ts", i)), []byte(fmt.Sprintf("import { API_ROOT } from '../a/config';\nexport const get%d = (id: number) => fetch(`${API_ROOT}/people/${id}`);\n", i)))
		case i%50 == 25:
			users++
			write(t, filepath.Join(dir, fmt.Sprintf("cad%d.py", i)), []byte("import requests\nfrom a.settings import BASE\n\ndef cadences(s):\n    return requests.get(BASE + \"/cadences\")\n"))
		case i%2 == 0:
			write(t, filepath.Join(dir, fmt.Sprintf("f%d.ts", i)), []byte(fmt.Sprintf(noise[".ts"], i)))
		default:
			write(t, filepath.Join(dir, fmt.Sprintf("f%d.py", i)), []byte(fmt.Sprintf(noise[".py"], i)))
		}
	}
	want, _ := scanJSON(t, Options{Root: root, Workers: 2}, false)
	got, s := scanJSON(t, Options{Root: root, Workers: 2}, true)
	if got != want {
		t.Errorf("one walk differs from a walk per pass:\n%s", firstDiff(want, got))
	}
	if n := strings.Count(got, `"via": "call"`); n != users {
		t.Errorf("%d usages, want %d", n, users)
	}
	if s.reread > files/4 {
		t.Errorf("%d of %d files read again", s.reread, files)
	}
	t.Logf("%d of %d files read again, %d found while walking", s.reread, files, len(s.candidates))
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, strings.Join(al[lo:min(len(al), i+3)], "\n     "), strings.Join(bl[lo:min(len(bl), i+3)], "\n     "))
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}
