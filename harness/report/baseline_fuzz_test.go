package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzBaseline loads an arbitrary file as `run --baseline` does and compares a real report with
// it: Load returns a report or an error, never panics, and the comparison never panics and marks
// every current item with a change.
func FuzzBaseline(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleReport()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema":"loftgate.report/v1","items":[{"id":"A","status":"fail"},{"id":"A","status":"pass"},{"status":null}]}`))
	f.Add([]byte(`{"schema":"loftgate.report/v1","items":null,"baseline":{"path":"x"}}`))
	f.Add([]byte(`{"schema":"loftgate.report/v2"}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "baseline.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		base, err := Load(p)
		if err != nil {
			return
		}
		r := sampleReport()
		r.CompareBaseline(base, p)
		if r.Baseline == nil {
			t.Fatal("no baseline summary after a comparison")
		}
		for _, it := range r.Items {
			if it.Change == "" {
				t.Errorf("item %s has no change after a comparison", it.ID)
			}
		}
	})
}
