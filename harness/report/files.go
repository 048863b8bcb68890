package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File names written by [WriteFiles].
const (
	// FileJSON is the machine-readable report.
	FileJSON = "report.json"
	// FileMarkdown is the step summary / pull-request comment.
	FileMarkdown = "report.md"
	// FileHTML is the self-contained page.
	FileHTML = "report.html"
)

// WriteFiles writes report.json, report.md, report.html and junit.xml into
// dir, creating it if needed. All four are rendered before any is written, and
// each is written to a temporary file in dir and renamed into place, so a
// reader never sees a half-written report.
func WriteFiles(dir string, r *Report) error {
	if r == nil {
		return fmt.Errorf("report: write files: nil report")
	}
	renders := []struct {
		name  string
		write func(io.Writer, *Report) error
	}{
		{FileJSON, WriteJSON},
		{FileMarkdown, WriteMarkdown},
		{FileHTML, WriteHTML},
		{FileJUnit, WriteJUnit},
	}
	bodies := make([][]byte, len(renders))
	for i, rd := range renders {
		var buf bytes.Buffer
		if err := rd.write(&buf, r); err != nil {
			return err
		}
		bodies[i] = buf.Bytes()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: create report directory: %w", err)
	}
	for i, rd := range renders {
		if err := WriteAtomic(filepath.Join(dir, rd.name), bodies[i]); err != nil {
			return err
		}
	}
	return nil
}

// WriteAtomic writes data to path through a temporary file in the same
// directory and a rename. Reports hold no secrets, so they are world-readable.
func WriteAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			if rmErr := os.Remove(tmp); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
				err = errors.Join(err, fmt.Errorf("report: remove temporary file %s: %w", tmp, rmErr))
			}
		}
	}()
	if _, err := f.Write(data); err != nil {
		return errors.Join(fmt.Errorf("report: write %s: %w", path, err), f.Close())
	}
	if err := f.Chmod(0o644); err != nil {
		return errors.Join(fmt.Errorf("report: write %s: %w", path, err), f.Close())
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("report: write %s: %w", path, err)
	}
	return nil
}
