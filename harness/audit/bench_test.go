package audit

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var (
	benchTreeDir  = flag.String("benchtree", "", "TestWriteBenchTree: write a generated source tree here")
	benchTreeSize = flag.Int("benchsize", 200, "TestWriteBenchTree: size of the tree in MB")
)

// noise is ordinary application code in several languages, with URLs of
// other APIs, /api/v2 routes and comments: what most of a real tree is.
var noise = map[string]string{
	".go": `package svc%[1]d

import (
	"fmt"
	"net/http"
)

// Handler%[1]d serves the dashboard widget %[1]d.
func Handler%[1]d(w http.ResponseWriter, r *http.Request) {
	resp, err := http.Get("https://api.github.com/repos/acme/widgets/issues?page=%[1]d")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	fmt.Fprintf(w, "widget %%d: %%s", %[1]d, resp.Status)
}
`,
	".ts": `import { Router } from 'express';
export const router%[1]d = Router();
// list items for board %[1]d
router%[1]d.get('/api/v2/boards/%[1]d/items', async (req, res) => {
  const items = await fetch('https://example.com/api/items?board=%[1]d').then((r) => r.json());
  res.json({ items, total: items.length, page: Number(req.query.page ?? 1) });
});
export function score%[1]d(a: number, b: number): number { return a * %[1]d + b / 3; }
`,
	".py": `import json
import logging

log = logging.getLogger(__name__)


class Report%[1]d:
    """Aggregates metrics for tenant %[1]d."""

    def __init__(self, rows):
        self.rows = rows

    def total(self):
        return sum(r.get("value", 0) for r in self.rows) + %[1]d

    def to_json(self):
        log.info("report %%s", %[1]d)
        return json.dumps({"total": self.total(), "rows": len(self.rows)})
`,
	".rb": `class Invoice%[1]d
  attr_reader :lines

  def initialize(lines)
    @lines = lines
  end

  def total
    lines.sum { |l| l[:amount] } + %[1]d
  end

  def label
    "Invoice ##{%[1]d} (#{lines.size} lines)"
  end
end
`,
	".java": `package com.acme.billing;

public class Ledger%[1]d {
    private final long id = %[1]dL;
    public String describe(String who) {
        return String.format("ledger %%d for %%s", id, who);
    }
    public long add(long a, long b) { return a + b + %[1]d; }
}
`,
}

// slCode are SalesLoft call sites sprinkled through the tree, including a
// base constant with a generic name used from files that never say
// "salesloft" (the case the prefilter's second pass exists for).
var slCode = map[string]string{
	"config.ts":   "export const API_ROOT = 'https://api.salesloft.com/v2';\n",
	"people%d.ts": "import { API_ROOT } from './config';\nexport const get%[1]d = (id: number) => fetch(`${API_ROOT}/people/${id}`);\n",
	"sl%d.py":     "import requests\nBASE = \"https://api.salesloft.com/v2\"\n\ndef cadences_%[1]d(s):\n    return s.get(BASE + \"/cadences\", params={\"page\": 1})\n",
	"sl_%d.go":    "package sl\n\nimport \"net/http\"\n\nfunc Me%[1]d() (*http.Response, error) { return http.Get(\"https://api.salesloft.com/v2/me\") }\n",
}

// writeBenchTree writes about totalMB of mixed source under dir.
func writeBenchTree(dir string, totalMB int) (files int, err error) {
	r := rand.New(rand.NewSource(42))
	exts := []string{".go", ".ts", ".py", ".rb", ".java"}
	var written int64
	limit := int64(totalMB) << 20
	for i := 0; written < limit; i++ {
		// About 15 files per directory, as in a real repository.
		sub := filepath.Join(dir, fmt.Sprintf("pkg%03d", i%100), fmt.Sprintf("mod%02d", (i/100)%20))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return files, err
		}
		var name, body string
		if i%200 == 0 {
			keys := []string{"people%d.ts", "sl%d.py", "sl_%d.go"}
			k := keys[(i/200)%len(keys)]
			name = fmt.Sprintf(k, i)
			body = fmt.Sprintf(slCode[k], i)
			if i == 0 {
				if err := os.WriteFile(filepath.Join(sub, "config.ts"), []byte(slCode["config.ts"]), 0o644); err != nil {
					return files, err
				}
			}
		} else {
			ext := exts[r.Intn(len(exts))]
			name = fmt.Sprintf("file%d%s", i, ext)
			// 2-40 copies of a template: files from ~1 KB to ~40 KB.
			var b strings.Builder
			for n := 2 + r.Intn(38); n > 0; n-- {
				b.WriteString(fmt.Sprintf(noise[ext], i*100+n))
			}
			body = b.String()
		}
		if err := os.WriteFile(filepath.Join(sub, name), []byte(body), 0o644); err != nil {
			return files, err
		}
		files++
		written += int64(len(body))
	}
	return files, nil
}

// TestWriteBenchTree writes the benchmark tree for scripts/bench-audit.sh:
//
//	go test ./harness/audit -run TestWriteBenchTree -args -benchtree=DIR -benchsize=200
func TestWriteBenchTree(t *testing.T) {
	if *benchTreeDir == "" {
		t.Skip("pass -benchtree=DIR to write the benchmark tree")
	}
	n, err := writeBenchTree(*benchTreeDir, *benchTreeSize)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d files (%d MB) to %s", n, *benchTreeSize, *benchTreeDir)
}

// BenchmarkScan scans a generated 20 MB tree of mixed source.
func BenchmarkScan(b *testing.B) {
	dir := b.TempDir()
	if _, err := writeBenchTree(dir, 20); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(20 << 20)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := Scan(context.Background(), Options{Root: dir})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Usages) == 0 {
			b.Fatal("no usages found in the generated tree")
		}
	}
}

// TestBenchTreeUsages checks the generated tree's SalesLoft calls are all
// found, including those that reach the base only through API_ROOT.
func TestBenchTreeUsages(t *testing.T) {
	dir := t.TempDir()
	files, err := writeBenchTree(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), Options{Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for i := 0; i < files; i += 200 {
		want++
	}
	if len(res.Usages) != want {
		t.Errorf("%d usages, want %d (one per SalesLoft file)", len(res.Usages), want)
	}
	for _, u := range res.Usages {
		if !u.Known {
			t.Errorf("unknown: %+v", u)
		}
	}
}
