package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// writeAtomic writes data to path through writeFileAtomic.
func writeAtomic(path string, data []byte) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeFileAtomic writes what fill produces to a temporary file beside path
// and renames it into place, so a reader never sees half a file and a
// failed write leaves the old one. The file is 0644: reports are for
// sharing (os.CreateTemp makes 0600 files).
func writeFileAtomic(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			if rerr := os.Remove(f.Name()); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
				err = errors.Join(err, rerr)
			}
		}
	}()
	bw := bufio.NewWriter(f)
	if err := fill(bw); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := bw.Flush(); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := f.Chmod(0o644); err != nil {
		return errors.Join(err, f.Close())
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
