// Package walk lists the files of a tree for the audit: it never follows a
// link out of the root, leaves vendored and generated directories out, and
// reads each file once, in bounded memory, through a small pool of
// workers.
package walk

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// File is one regular file of the tree.
type File struct {
	// Abs is the path to open; Rel is slash-separated, relative to the root.
	Abs, Rel string
	Size     int64
}

// Options configure a walk.
type Options struct {
	// Dir classifies a directory name: "" to enter it, else the skip
	// reason.
	Dir func(rel, name string) string
	// Keep reports whether a file is worth reading (by name).
	Keep func(rel string) bool
	// Skip counts a skipped file or directory.
	Skip func(reason string)
}

// Skip reasons the walker reports itself.
const (
	SkipSymlinkOutside = "symlink-outside"
	SkipSymlinkDir     = "symlink-duplicate"
	SkipSymlinkLoop    = "symlink-loop"
	SkipUnreadable     = "unreadable"
)

// List returns the files of root to read, sorted by path.
func List(ctx context.Context, root string, o Options) ([]File, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil, err
	}
	realRoot, _ = filepath.Abs(realRoot)
	var out []File
	var mu sync.Mutex
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		if err != nil {
			if p != root {
				o.Skip(SkipUnreadable)
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p == root {
				return nil
			}
			if r := o.Dir(rel, d.Name()); r != "" {
				o.Skip(r)
				return filepath.SkipDir
			}
			return nil
		}
		mode := d.Type()
		if mode&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				if _, lerr := os.Stat(p); lerr != nil && strings.Contains(lerr.Error(), "too many") {
					o.Skip(SkipSymlinkLoop)
				} else {
					o.Skip(SkipUnreadable)
				}
				return nil
			}
			abs, _ := filepath.Abs(target)
			if abs != realRoot && !strings.HasPrefix(abs, realRoot+string(filepath.Separator)) {
				o.Skip(SkipSymlinkOutside)
				return nil
			}
			st, err := os.Stat(abs)
			if err != nil {
				o.Skip(SkipUnreadable)
				return nil
			}
			if st.IsDir() {
				// The directory is inside the root: the walk reaches it anyway
				// (a link to an ancestor would loop).
				linkAbs, _ := filepath.Abs(filepath.Dir(p))
				if real, err := filepath.EvalSymlinks(linkAbs); err == nil {
					linkAbs = real
				}
				if linkAbs == abs || strings.HasPrefix(linkAbs, abs+string(filepath.Separator)) {
					o.Skip(SkipSymlinkLoop)
				} else {
					o.Skip(SkipSymlinkDir)
				}
				return nil
			}
			if !o.Keep(rel) {
				return nil
			}
			mu.Lock()
			out = append(out, File{Abs: abs, Rel: rel, Size: st.Size()})
			mu.Unlock()
			return nil
		}
		if !mode.IsRegular() {
			o.Skip(SkipUnreadable)
			return nil
		}
		if !o.Keep(rel) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			o.Skip(SkipUnreadable)
			return nil
		}
		out = append(out, File{Abs: p, Rel: rel, Size: info.Size()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out, err
}

// Each reads the files with workers goroutines and calls fn with each
// file's contents; data is valid only during the call.
func Each(ctx context.Context, files []File, workers int, maxSize int64, fn func(f File, data []byte), skip func(string)) {
	if workers < 1 {
		workers = 1
	}
	ch := make(chan File, 64)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range ch {
				if f.Size > maxSize {
					skip("too-large")
					continue
				}
				data, err := os.ReadFile(f.Abs)
				if err != nil {
					skip(SkipUnreadable)
					continue
				}
				fn(f, data)
			}
		}()
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		ch <- f
	}
	close(ch)
	wg.Wait()
}
