package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"
)

// binaryExts are skipped as binary without being read.
var binaryExts = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true, ".pdf": true, ".zip": true,
	".gz": true, ".tgz": true, ".jar": true, ".class": true, ".so": true, ".dll": true, ".exe": true,
	".o": true, ".a": true, ".woff": true, ".woff2": true, ".ttf": true, ".mp4": true, ".mp3": true,
	".wasm": true, ".bin": true, ".pyc": true, ".beam": true, ".webp": true, ".svgz": true,
}

// job is one file for the workers.
type job struct {
	abs, rel, lang string
	size           int64
	nonCall        bool
}

// scanner holds the state of one Scan.
type scan struct {
	opts     Options
	root     string
	realRoot string
	pre      *prefilter

	mu       sync.Mutex
	summary  Summary
	models   []*fileModel
	accepted map[string]bool
	visited  map[string]bool // real paths of directories entered through symlinks
}

func (s *scan) skip(reason string) {
	s.mu.Lock()
	s.summary.Skipped[reason]++
	s.mu.Unlock()
}

// Scan audits the tree at opts.Root. It fails only when the root cannot be
// read, the catalog or contract cannot be loaded, or ctx is cancelled;
// files that cannot be read are counted in Summary.Skipped.
func Scan(ctx context.Context, opts Options) (*Result, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	st, err := os.Stat(opts.Root)
	if err != nil || !st.IsDir() {
		return nil, fmt.Errorf("audit: %s: %w", opts.Root, ErrBadRoot)
	}
	m, err := newMatcher()
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(opts.Root)
	if err != nil {
		real = opts.Root
	}
	real, _ = filepath.Abs(real)
	s := &scan{opts: opts, root: opts.Root, realRoot: real, pre: newPrefilter(opts.Config),
		accepted: map[string]bool{}, visited: map[string]bool{}}
	s.summary.Skipped = map[string]int{}

	// Phase one: every file through the cheap checks and the prefilter.
	if err := s.run(ctx, func(j job, data []byte) bool { return s.pre.match(data) }, true); err != nil {
		return nil, err
	}
	// Phase two (files phase one left out): names that phase one found to
	// hold SalesLoft values, used in another file without any keyword.
	if names := s.crossFileNames(); len(names) > 0 {
		check := func(j job, data []byte) bool {
			if s.isAccepted(j.rel) {
				return false
			}
			for _, n := range names {
				if containsWord(data, n) {
					return true
				}
			}
			return false
		}
		if err := s.run(ctx, check, false); err != nil {
			return nil, err
		}
	}
	return s.finish(m), nil
}

func (s *scan) isAccepted(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted[rel]
}

// run walks the tree once, handing files to a bounded pool of workers;
// keep decides which files are analysed. count is true on the first pass,
// which fills the summary.
func (s *scan) run(ctx context.Context, keep func(job, []byte) bool, count bool) error {
	jobs := make(chan job, s.opts.Workers*4)
	var wg sync.WaitGroup
	for w := 0; w < s.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for j := range jobs {
				buf = s.work(j, buf, keep, count)
			}
		}()
	}
	s.visited = map[string]bool{}
	walkErr := s.walk(ctx, s.root, "", jobs, count)
	close(jobs)
	wg.Wait()
	if walkErr != nil {
		return walkErr
	}
	return ctx.Err()
}

// walk walks dir (whose path relative to the root is relBase) and sends
// files to jobs. Symbolic links to directories are followed once; links
// that lead back into a directory already walked are counted as loops.
func (s *scan) walk(ctx context.Context, dir, relBase string, jobs chan<- job, count bool) error {
	note := func(reason string) {
		if count {
			s.skip(reason)
		}
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		rel := relBase
		if p != dir {
			r, rerr := filepath.Rel(dir, p)
			if rerr != nil {
				return nil
			}
			rel = path.Join(relBase, filepath.ToSlash(r))
		}
		if err != nil {
			if p == dir && relBase == "" {
				return fmt.Errorf("audit: walk %s: %w", s.root, err)
			}
			note(SkipUnreadable)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel != "" && s.opts.Config.ignored(rel) {
			note(SkipIgnored)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == dir {
				return nil
			}
			switch dirClass(d.Name()) {
			case SkipVendored:
				note(SkipVendored)
				return fs.SkipDir
			case SkipGenerated:
				note(SkipGenerated)
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return s.symlink(ctx, p, rel, jobs, count)
		}
		if !d.Type().IsRegular() {
			note(SkipUnreadable)
			return nil
		}
		return s.file(p, rel, d, jobs, count)
	})
}

func (s *scan) symlink(ctx context.Context, p, rel string, jobs chan<- job, count bool) error {
	note := func(reason string) {
		if count {
			s.skip(reason)
		}
	}
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			note(SkipSymlinkLoop)
		} else {
			note(SkipUnreadable)
		}
		return nil
	}
	if !st.IsDir() {
		if st.Mode().IsRegular() {
			return s.file(p, rel, nil, jobs, count)
		}
		note(SkipUnreadable)
		return nil
	}
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		note(SkipSymlinkLoop)
		return nil
	}
	target, _ = filepath.Abs(target)
	parentReal, err := filepath.EvalSymlinks(filepath.Dir(p))
	if err != nil {
		note(SkipUnreadable)
		return nil
	}
	parentReal, _ = filepath.Abs(parentReal)
	inside := func(child, parent string) bool {
		return child == parent || strings.HasPrefix(child, parent+string(filepath.Separator))
	}
	s.mu.Lock()
	seen := s.visited[target]
	s.mu.Unlock()
	if seen || inside(parentReal, target) {
		note(SkipSymlinkLoop) // leads back to an ancestor or a directory already walked
		return nil
	}
	if inside(target, s.realRoot) {
		note(SkipSymlinkDup) // the walk reaches the target anyway
		return nil
	}
	s.mu.Lock()
	s.visited[target] = true
	s.mu.Unlock()
	return s.walk(ctx, target, rel, jobs, count)
}

func isNonCallPath(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, d := range segs[:len(segs)-1] {
		if dirClass(d) == "non-call" {
			return true
		}
	}
	return nonCallName(segs[len(segs)-1])
}

func (s *scan) file(p, rel string, d fs.DirEntry, jobs chan<- job, count bool) error {
	note := func(reason string) {
		if count {
			s.skip(reason)
		}
	}
	name := path.Base(rel)
	ext := strings.ToLower(path.Ext(name))
	if binaryExts[ext] {
		note(SkipBinary)
		return nil
	}
	if generatedName(name) {
		note(SkipGenerated)
		return nil
	}
	lang := languageOf(name)
	if lang == "" {
		return nil
	}
	nonCall := isNonCallPath(rel)
	if nonCall && !s.opts.IncludeNonCalls {
		if count {
			s.mu.Lock()
			s.summary.NonCallFiles++
			s.mu.Unlock()
		}
		return nil
	}
	if lang == langDoc && !s.opts.IncludeNonCalls {
		if count {
			s.mu.Lock()
			s.summary.NonCallFiles++
			s.mu.Unlock()
		}
		return nil
	}
	var size int64
	if d != nil {
		info, err := d.Info()
		if err != nil {
			note(SkipUnreadable)
			return nil
		}
		size = info.Size()
	} else if st, err := os.Stat(p); err == nil {
		size = st.Size()
	}
	if size > s.opts.MaxFileSize {
		note(SkipTooLarge)
		return nil
	}
	jobs <- job{abs: p, rel: rel, lang: lang, size: size, nonCall: nonCall || lang == langDoc}
	return nil
}

// work reads one file, applies the cheap checks and, when keep says so,
// extracts its model. buf is reused between files.
func (s *scan) work(j job, buf []byte, keep func(job, []byte) bool, count bool) []byte {
	note := func(reason string) {
		if count {
			s.skip(reason)
		}
	}
	data, err := readInto(j.abs, buf, j.size, s.opts.MaxFileSize)
	if err != nil {
		note(SkipUnreadable)
		return data[:0]
	}
	n := len(data)
	if count {
		s.mu.Lock()
		s.summary.Files++
		s.summary.Bytes += int64(n)
		s.mu.Unlock()
	}
	if int64(n) > s.opts.MaxFileSize {
		note(SkipTooLarge)
		return data[:0]
	}
	head := data
	if len(head) > 8000 {
		head = head[:8000]
	}
	if bytes.IndexByte(head, 0) >= 0 {
		note(SkipBinary)
		return data[:0]
	}
	if !utf8.Valid(data) {
		note(SkipNonUTF8)
		return data[:0]
	}
	if generatedContent(data) {
		note(SkipGenerated)
		return data[:0]
	}
	if !keep(j, data) {
		return data[:0]
	}
	fm := extract(j.rel, j.lang, data, j.nonCall)
	s.mu.Lock()
	s.summary.Analyzed++
	s.models = append(s.models, fm)
	s.accepted[j.rel] = true
	s.mu.Unlock()
	return data[:0]
}

// readInto reads a file into buf (grown as needed), reading at most
// max+1 bytes so a file that grew past the limit is still caught.
func readInto(name string, buf []byte, size, max int64) (data []byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return buf[:0], err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	need := int(size) + 1
	if cap(buf) < need {
		buf = make([]byte, 0, need+need/4)
	}
	data = buf[:0]
	for int64(len(data)) <= max {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		m, rerr := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+m]
		if rerr == io.EOF {
			return data, nil
		}
		if rerr != nil {
			return data[:0], rerr
		}
	}
	return data, nil
}
