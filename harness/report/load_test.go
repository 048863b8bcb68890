package report

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadRoundTrip(t *testing.T) {
	want := sampleReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, want); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the report\ngot  %+v\nwant %+v", got, want)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name       string
		content    string // "" means the file does not exist
		wantSchema bool
		wantIn     []string
	}{
		{"wrong schema", `{"schema":"loftgate.report/v0","items":[]}`, true, []string{"report.json", `"loftgate.report/v0"`, Schema}},
		{"another tool's json", `{"suite":"x"}`, true, []string{"report.json", `no "schema" field`}},
		{"schema not a string", `{"schema":2}`, false, []string{"report.json", "not a JSON report"}},
		{"not json", `<html>`, false, []string{"report.json", "not a JSON report"}},
		{"right schema, bad field", `{"schema":"loftgate.report/v1","items":{}}`, false, []string{"report.json", "malformed"}},
		{"missing file", "", false, []string{"report.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "report.json")
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := Load(path)
			if err == nil {
				t.Fatalf("Load = %+v, want an error", r)
			}
			for _, s := range tt.wantIn {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if !strings.HasPrefix(err.Error(), "report: ") {
				t.Errorf("error %q is not prefixed with the package name", err)
			}
			var se *SchemaError
			if errors.As(err, &se) != tt.wantSchema || errors.Is(err, ErrSchema) != tt.wantSchema {
				t.Errorf("errors.As(SchemaError) / errors.Is(ErrSchema) = %v / %v, want %v", errors.As(err, &se), errors.Is(err, ErrSchema), tt.wantSchema)
			}
			if tt.content == "" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %q does not wrap fs.ErrNotExist", err)
			}
		})
	}
}

func TestSchemaErrorFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(path, []byte(`{"schema":"gateway.networking/v1"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var se *SchemaError
	if !errors.As(err, &se) {
		t.Fatalf("error %v is not a *SchemaError", err)
	}
	if se.Path != path || se.Found != "gateway.networking/v1" {
		t.Errorf("SchemaError = %+v", se)
	}
}

// FuzzDecode checks that no input makes decoding, or rendering what was
// decoded, panic: a baseline file is untrusted input.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleReport()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"schema":"loftgate.report/v1","items":[{"id":"A","status":"fail","specs":[{"status":"fail","exchanges":[{}]}]}],"baseline":{"new_failures":["A","B"]}}`))
	f.Add([]byte(`{"schema":"loftgate.report/v1"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decode(data, "fuzz.json")
		if err != nil {
			return
		}
		var out bytes.Buffer
		for _, write := range []func() error{
			func() error { return WriteJSON(&out, r) },
			func() error { return WriteMarkdown(&out, r) },
			func() error { return WriteHTML(&out, r) },
			func() error { return WriteTerminal(&out, r, TerminalOptions{Verbose: true, Color: true}) },
		} {
			if err := write(); err != nil {
				t.Errorf("render: %v", err)
			}
		}
		base := *r
		r.CompareBaseline(&base, "base.json")
	})
}
