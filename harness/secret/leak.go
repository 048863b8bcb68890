package secret

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrLeak is matched (errors.Is) by every *LeakError.
var ErrLeak = errors.New("secret: leak scan: secret found")

// LeakError says which files hold a secret known to the run. It never holds
// or prints the secret itself.
type LeakError struct {
	// Files are the paths of the files holding a secret, sorted.
	Files []string
}

// Error names the files, never the secret.
func (e *LeakError) Error() string {
	return fmt.Sprintf("secret: leak scan: a secret known to this run appears in %s; nothing was published", strings.Join(e.Files, ", "))
}

// Is reports whether target is ErrLeak.
func (e *LeakError) Is(target error) bool { return target == ErrLeak }

// LeakScan reads every file under paths (files or directories, walked
// recursively; paths that do not exist are skipped) and returns a
// *LeakError naming each file in which any secret known to sec appears, raw,
// URL-encoded, JSON-escaped or in HTTP Basic form. It returns nil when
// nothing leaked, and another error when a file cannot be read.
func LeakScan(paths []string, sec *Set) error {
	if sec == nil {
		return nil
	}
	needles := sec.needles()
	if len(needles) == 0 {
		return nil
	}
	bn := make([][]byte, len(needles))
	for i, n := range needles {
		bn[i] = []byte(n)
	}
	var leaked []string
	scan := func(p string) error {
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading %s: %w", p, err)
		}
		for _, n := range bn {
			if bytes.Contains(data, n) {
				leaked = append(leaked, p)
				return nil
			}
		}
		return nil
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("secret: leak scan: %w", err)
		}
		if !info.IsDir() {
			if err := scan(root); err != nil {
				return fmt.Errorf("secret: leak scan: %w", err)
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() {
				return scan(p)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("secret: leak scan: %w", err)
		}
	}
	if len(leaked) == 0 {
		return nil
	}
	sort.Strings(leaked)
	return &LeakError{Files: leaked}
}
