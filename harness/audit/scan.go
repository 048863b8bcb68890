package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
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

// jobQueue hands files to the workers in batches, so a tree of many
// small files does not pay a channel hand-off per file.
type jobQueue struct {
	ch  chan []job
	buf []job
}

const jobBatch = 32

func (q *jobQueue) add(j job) {
	q.buf = append(q.buf, j)
	if len(q.buf) == jobBatch {
		q.ch <- q.buf
		q.buf = make([]job, 0, jobBatch)
	}
}

func (q *jobQueue) close() {
	if len(q.buf) > 0 {
		q.ch <- q.buf
	}
	close(q.ch)
}

// maxNamePasses bounds the passes that look for cross-file names.
const maxNamePasses = 4

// job is one file for the workers.
type job struct {
	abs, rel, lang string
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
	want     func(lang string) bool
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
	// The catalog and contract load while the tree is walked.
	type loaded struct {
		m   *matcher
		err error
	}
	matcherc := make(chan loaded, 1)
	go func() {
		m, err := newMatcher()
		matcherc <- loaded{m, err}
	}()
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
	// Later passes (files phase one left out): names that the analysed
	// files hold SalesLoft values in (base URLs, client objects, wrapper
	// functions), used in a file that never mentions SalesLoft. Each pass
	// may find files defining further names (config.ts -> http.ts ->
	// people.ts), so it repeats while new names appear, at most
	// maxNamePasses times.
	seen := map[string]bool{}
	for pass := 0; pass < maxNamePasses; pass++ {
		fresh := map[string]*nameSet{}
		for fam, names := range s.crossFileNames() {
			add := map[string]bool{}
			for n := range names {
				if !seen[fam+"|"+n] {
					add[n] = true
					seen[fam+"|"+n] = true
				}
			}
			if len(add) > 0 {
				fresh[fam] = newNameSet(add)
			}
		}
		if len(fresh) == 0 {
			break
		}
		// Only files of a language family that defined new names are
		// read again.
		langs := func(lang string) bool { return fresh[family(lang)] != nil }
		check := func(j job, data []byte) bool {
			set := fresh[family(j.lang)]
			return set != nil && !s.isAccepted(j.rel) && containsIdent(data, set)
		}
		if err := s.runFor(ctx, langs, check); err != nil {
			return nil, err
		}
	}
	l := <-matcherc
	if l.err != nil {
		return nil, l.err
	}
	return s.finish(l.m), nil
}

func (s *scan) isAccepted(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted[rel]
}

// runFor walks the tree again without counting, reading only files whose
// language want accepts.
func (s *scan) runFor(ctx context.Context, want func(lang string) bool, keep func(job, []byte) bool) error {
	s.want = want
	defer func() { s.want = nil }()
	return s.run(ctx, keep, false)
}

// run walks the tree once, handing files to a bounded pool of workers;
// keep decides which files are analysed. count is true on the first pass,
// which fills the summary.
func (s *scan) run(ctx context.Context, keep func(job, []byte) bool, count bool) error {
	jobs := &jobQueue{ch: make(chan []job, s.opts.Workers*2)}
	var wg sync.WaitGroup
	for w := 0; w < s.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for batch := range jobs.ch {
				for _, j := range batch {
					buf = s.work(j, buf, keep, count)
				}
			}
		}()
	}
	s.visited = map[string]bool{}
	walkErr := s.walk(ctx, s.root, "", jobs, count)
	jobs.close()
	wg.Wait()
	if walkErr != nil {
		return walkErr
	}
	return ctx.Err()
}

// walk walks dir (whose path relative to the root is relBase) and sends
// files to jobs. Symbolic links to directories are followed once; links
// that lead back into a directory already walked are counted as loops.
func (s *scan) walk(ctx context.Context, dir, relBase string, jobs *jobQueue, count bool) error {
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
			r := strings.TrimPrefix(strings.TrimPrefix(p, dir), string(filepath.Separator))
			if relBase != "" {
				rel = relBase + "/" + filepath.ToSlash(r)
			} else {
				rel = filepath.ToSlash(r)
			}
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

func (s *scan) symlink(ctx context.Context, p, rel string, jobs *jobQueue, count bool) error {
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
	rest := rel
	for {
		i := strings.IndexByte(rest, '/')
		if i < 0 {
			return nonCallName(rest)
		}
		if nonCallDirs[strings.ToLower(rest[:i])] {
			return true
		}
		rest = rest[i+1:]
	}
}

func (s *scan) file(p, rel string, d fs.DirEntry, jobs *jobQueue, count bool) error {
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
	if lang == "" || s.want != nil && !s.want(lang) {
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
	// The size is checked after reading at most MaxFileSize+1 bytes, which
	// saves an lstat per file.
	jobs.add(job{abs: p, rel: rel, lang: lang, nonCall: nonCall || lang == langDoc})
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
	if cap(buf) < 64<<10 {
		buf = make([]byte, 0, 64<<10)
	}
	data, err := readFile(j.abs, buf, s.opts.MaxFileSize)
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
	if !keep(j, data) {
		return data[:0]
	}
	// UTF-8 and generated markers are checked only for files the
	// prefilter kept: a file that cannot hold a SalesLoft call needs no
	// further look.
	if !utf8.Valid(data) {
		note(SkipNonUTF8)
		return data[:0]
	}
	if generatedContent(data) {
		note(SkipGenerated)
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
