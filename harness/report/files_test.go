package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "reports")
	r := sampleReport()
	if err := WriteFiles(dir, r); err != nil {
		t.Fatalf("WriteFiles: %v", err)
	}
	for name, write := range map[string]func(*bytes.Buffer) error{
		FileJSON:     func(b *bytes.Buffer) error { return WriteJSON(b, r) },
		FileMarkdown: func(b *bytes.Buffer) error { return WriteMarkdown(b, r) },
		FileHTML:     func(b *bytes.Buffer) error { return WriteHTML(b, r) },
		FileJUnit:    func(b *bytes.Buffer) error { return WriteJUnit(b, r) },
	} {
		var want bytes.Buffer
		if err := write(&want); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s differs from what its writer renders", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only the four reports (no temporary files)", names)
	}
	// A second run replaces the files.
	r.Verdict = VerdictPass
	if err := WriteFiles(dir, r); err != nil {
		t.Fatalf("second WriteFiles: %v", err)
	}
	loaded, err := Load(filepath.Join(dir, FileJSON))
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Verdict != VerdictPass {
		t.Error("second WriteFiles did not replace report.json")
	}
}

func TestWriteFilesFailsOnBadDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := WriteFiles(filepath.Join(file, "sub"), sampleReport())
	if err == nil {
		t.Fatal("WriteFiles under a regular file succeeded")
	}
}
