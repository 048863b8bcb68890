package audit

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestSubtreeMatchesRoot audits testdata/patterns and then each directory
// under it on its own: the usages and dynamic-call findings of a
// directory's files must be the same either way. Code elsewhere in the tree
// (another package's struct fields of the same name, another language's
// calls of the same name) must not change what a file is found to call.
// None of the pattern directories depends on code outside itself, so any
// difference is a resolution that leaks across unrelated code.
func TestSubtreeMatchesRoot(t *testing.T) {
	const root = "testdata/patterns"
	whole := subtreeView(t, root, "")
	var dirs []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != root {
			rel, _ := filepath.Rel(root, p)
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		sub := subtreeView(t, filepath.Join(root, filepath.FromSlash(dir)), dir+"/")
		var want []string
		for k := range whole {
			if strings.HasPrefix(k, dir+"/") {
				want = append(want, k)
			}
		}
		var got []string
		for k := range sub {
			got = append(got, k)
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			for _, k := range got {
				if !whole[k] {
					t.Errorf("%s audited alone: %s (not found auditing %s)", dir, k, root)
				}
			}
			for _, k := range want {
				if !sub[k] {
					t.Errorf("%s audited alone: missing %s (found auditing %s)", dir, k, root)
				}
			}
		}
	}
}

// subtreeView returns the usages and dynamic-call findings of an audit of
// dir, their files named relative to testdata/patterns (prefix + file).
func subtreeView(t *testing.T, dir, prefix string) map[string]bool {
	t.Helper()
	res, err := Scan(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, u := range res.Usages {
		out[fmt.Sprintf("%s%s:%d %s %s", prefix, u.File, u.Line, u.Method, u.Path)] = true
	}
	for _, f := range res.Findings {
		if f.Rule == RuleDynamicCall {
			out[fmt.Sprintf("%s %s%s:%d", f.Rule, prefix, f.File, f.Line)] = true
		}
	}
	return out
}
