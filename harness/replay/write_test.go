package replay

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFilePath(t *testing.T) {
	long := "oauth/" + strings.Repeat("very long spec name ", 10)
	tests := []struct{ spec, want string }{
		{"oauth/refresh rotation", filepath.Join("oauth", "refresh-rotation.yaml")},
		{"OAuth/AUTH-REFRESH-ROTATION: rotates!", filepath.Join("oauth", "auth-refresh-rotation-rotates.yaml")},
		{"no area here", filepath.Join("misc", "no-area-here.yaml")},
		{"/leading slash", filepath.Join("misc", "leading-slash.yaml")},
		{"me/", filepath.Join("me", "spec.yaml")},
	}
	for _, tt := range tests {
		if got := FilePath(tt.spec); got != tt.want {
			t.Errorf("FilePath(%q) = %q, want %q", tt.spec, got, tt.want)
		}
	}
	got := FilePath(long)
	if base := filepath.Base(got); len(base) > maxSlug+len(".yaml") || got == FilePath(long+"x") {
		t.Errorf("long names: %q (distinct names must give distinct files)", got)
	}
}

func oneFile(spec, body string) *File {
	return file(spec, ix("GET", "/v2/me", "", "", "", 200, body))
}

func TestWriteIsAtomic(t *testing.T) {
	tests := []struct {
		name  string
		block func(t *testing.T, dir string) // makes writing "people/show" fail
	}{
		{"temporary file cannot be created", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "people"), []byte("a file where a directory goes"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename fails", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "people", "show.yaml", "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := Write(dir, []*File{oneFile("me/get me", `{"old":1}`), oneFile("oauth/stale", `{"stale":1}`)}); err != nil {
				t.Fatal(err)
			}
			before := readTree(t, dir)
			tt.block(t, dir)
			err := Write(dir, []*File{oneFile("me/get me", `{"new":1}`), oneFile("people/show", `{"new":2}`)})
			if err == nil {
				t.Fatal("Write succeeded; want an error")
			}
			if !strings.HasPrefix(err.Error(), "replay: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			after := readTree(t, dir)
			for name, data := range before {
				if string(after[name]) != string(data) {
					t.Errorf("%s changed by a failed Write:\n%s", name, after[name])
				}
			}
			for name := range after {
				if strings.Contains(name, ".tmp-") {
					t.Errorf("temporary file left: %s", name)
				}
			}
		})
	}
}

func TestWriteRemovesStaleFixturesOnlyOnSuccess(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, []*File{oneFile("me/get me", `{}`), oneFile("oauth/gone", `{}`)}); err != nil {
		t.Fatal(err)
	}
	writeFixture(t, dir, "notes/other.yaml", "title: not a fixture\n")
	if err := Write(dir, []*File{oneFile("me/get me", `{}`)}, KeepStale()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "oauth", "gone.yaml")); err != nil {
		t.Errorf("KeepStale removed a fixture: %v", err)
	}
	if err := Write(dir, []*File{oneFile("me/get me", `{}`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "oauth", "gone.yaml")); !os.IsNotExist(err) {
		t.Errorf("stale fixture kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "notes", "other.yaml")); err != nil {
		t.Errorf("a YAML file that is not a fixture was removed: %v", err)
	}
}

func TestWriteRefusesTwoSpecsInOneFile(t *testing.T) {
	dir := t.TempDir()
	err := Write(dir, []*File{oneFile("me/Get me", `{}`), oneFile("me/get-me", `{}`)})
	if err == nil || !strings.Contains(err.Error(), "same fixture file") {
		t.Fatalf("err = %v", err)
	}
	if tree := readTree(t, dir); len(tree) != 0 {
		t.Errorf("files written: %v", tree)
	}
}

func TestLayoutRestoresExactBytes(t *testing.T) {
	for _, body := range []string{`{"a":1,"b":[1,2,{"c":"<x>"}]}`, "{\"a\":\"\\u003c\"}\n", `[]`, `{"a": 1}`, "not json", `"str"`} {
		stored, mode := layout(body)
		got, err := servedBody(&Response{Body: stored, Layout: mode})
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		if string(got) != body {
			t.Errorf("%q stored as %q (%s) serves %q", body, stored, mode, got)
		}
	}
}
