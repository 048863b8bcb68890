package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileStoreRoundTripModeAndAtomicity(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nested", "token.json")
	// A pre-existing, too-open file is replaced by a 0600 one.
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(`{"access_token":"older"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := FileStore{Path: path}
	want := &Token{AccessToken: "a1", RefreshToken: "r1", TokenType: "Bearer", Expiry: time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)}
	if err := fs.Save(want); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("mode = %o, want 600", mode)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the token file (no temp files left)", len(entries))
	}
	got, err := fs.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || !got.Expiry.Equal(want.Expiry) {
		t.Errorf("Load = %+v, want %+v", got, want)
	}
}

func TestFileStoreCreatesDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "token.json")
	if err := (FileStore{Path: path}).Save(&Token{AccessToken: "x"}); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o700 {
		t.Errorf("directory mode = %o, want 700", mode)
	}
}

func TestFileStoreFailedSaveLeavesNoTempFile(t *testing.T) {
	dir := t.TempDir()
	// Path is a non-empty directory, so the final rename fails.
	path := filepath.Join(dir, "token.json")
	if err := os.MkdirAll(filepath.Join(path, "child"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := (FileStore{Path: path}).Save(&Token{AccessToken: "x"}); err == nil {
		t.Fatal("Save over a directory succeeded")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		names := []string{}
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("entries = %v, want only token.json (temp file removed)", names)
	}
}

func TestFileStoreLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		content *string
		is      error
		want    []string
	}{
		{name: "missing file", is: ErrNoToken, want: []string{"no saved token", "loftgate auth login"}},
		{name: "not JSON", content: ptr("{garbage"), want: []string{"is corrupt", "loftgate auth login"}},
		{name: "no tokens", content: ptr(`{"version":1}`), want: []string{"is corrupt", "neither an access token nor a refresh token"}},
		{name: "newer format", content: ptr(`{"version":99,"access_token":"a"}`), want: []string{"format version 99"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "token.json")
			if tt.content != nil {
				if err := os.WriteFile(path, []byte(*tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			_, err := FileStore{Path: path}.Load()
			if err == nil {
				t.Fatal("Load succeeded")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.is)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the path", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestFileStoreBadInput(t *testing.T) {
	if err := (FileStore{}).Save(&Token{AccessToken: "x"}); err == nil {
		t.Error("Save with no Path succeeded")
	}
	if _, err := (FileStore{}).Load(); err == nil {
		t.Error("Load with no Path succeeded")
	}
	if err := (FileStore{Path: filepath.Join(t.TempDir(), "t.json")}).Save(nil); err == nil {
		t.Error("Save(nil) succeeded")
	}
}

func ptr(s string) *string { return &s }
