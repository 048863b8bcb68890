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
	"sync/atomic"
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

// handler decides what becomes of a file that passed the cheap checks
// (readable, not too large, not binary); data is valid only during the
// call.
type handler func(j job, data []byte)

// scan holds the state of one Scan.
type scan struct {
	opts     Options
	root     string
	realRoot string
	pre      *prefilter

	mu         sync.Mutex
	summary    Summary
	models     []*fileModel          // accepted: phase one, then the cross-file passes
	candidates map[string]*candidate // files rejected by the prefilter that hold published names
	accepted   map[string]bool
	visited    map[string]bool // real paths of directories entered through symlinks
	names      *namer

	// handed counts the files handed to the workers, in walk order; the
	// walk is sorted, so a file has the same number in every walk.
	handed atomic.Int64
	// limit, when set, restricts a later walk: only files it accepts are
	// read, and the walk stops once handed reaches stopAt.
	limit  func(n int64, lang string) bool
	stopAt int64
	// reread counts the files walked again for cross-file names (tests).
	reread int64
}

func (s *scan) skip(reason string) {
	s.mu.Lock()
	s.summary.Skipped[reason]++
	s.mu.Unlock()
}

// Scan audits the tree at opts.Root. It fails only when the root cannot be
// read, the catalog cannot be loaded, or ctx is cancelled; files that
// cannot be read are counted in Summary.Skipped.
func Scan(ctx context.Context, opts Options) (*Result, error) {
	res, _, err := scanTree(ctx, opts, true)
	return res, err
}

// scanTree is Scan, also returning its state for tests; with publish false
// no cross-file name is looked for during the first walk (see newNamer).
func scanTree(ctx context.Context, opts Options, publish bool) (*Result, *scan, error) {
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	st, err := os.Stat(opts.Root)
	if err != nil || !st.IsDir() {
		return nil, nil, fmt.Errorf("audit: %s: %w", opts.Root, ErrBadRoot)
	}
	// The catalog loads while the tree is walked.
	type loaded struct {
		m   *matcher
		err error
	}
	matcherc := make(chan loaded, 1)
	go func() {
		m, err := loadMatcher()
		matcherc <- loaded{m, err}
	}()
	real, err := filepath.EvalSymlinks(opts.Root)
	if err != nil {
		real = opts.Root
	}
	real, _ = filepath.Abs(real)
	s := &scan{opts: opts, root: opts.Root, realRoot: real, pre: newPrefilter(opts.Config),
		candidates: map[string]*candidate{}, accepted: map[string]bool{}, visited: map[string]bool{}}
	s.summary.Skipped = map[string]int{}
	s.names = newNamer(opts.Config, &s.handed, s.snapshot, publish)

	// Phase one: every file through the cheap checks and the prefilter;
	// the files it rejects are checked for the cross-file names published
	// so far (see names.go).
	err = s.run(ctx, s.phaseOne, true)
	s.names.stop()
	if err != nil {
		return nil, nil, err
	}
	if err := s.crossFilePasses(ctx); err != nil {
		return nil, nil, err
	}
	s.summary.Analyzed = len(s.models)
	l := <-matcherc
	if l.err != nil {
		return nil, nil, l.err
	}
	return s.finish(l.m), s, nil
}

// snapshot returns the models of phase one and the candidates so far.
func (s *scan) snapshot() (phase1, cands []*fileModel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	phase1 = append(phase1, s.models...)
	for _, c := range s.candidates {
		cands = append(cands, c.fm)
	}
	return phase1, cands
}

// phaseOne handles a file of the first walk.
func (s *scan) phaseOne(j job, data []byte) {
	if s.pre.match(data) {
		// UTF-8 and generated markers are checked only for files the
		// prefilter kept: a file that cannot hold a SalesLoft call needs
		// no further look.
		if !utf8.Valid(data) {
			s.skip(SkipNonUTF8)
			return
		}
		if generatedContent(data) {
			s.skip(SkipGenerated)
			return
		}
		fm := extract(j.rel, j.lang, data, j.nonCall)
		s.mu.Lock()
		s.models = append(s.models, fm)
		s.accepted[j.rel] = true
		s.mu.Unlock()
		s.names.changed()
		return
	}
	set := s.names.set(family(j.lang))
	if set == nil || !containsIdent(data, set) || !utf8.Valid(data) || generatedContent(data) {
		return
	}
	c := &candidate{fm: extract(j.rel, j.lang, data, j.nonCall), names: identsIn(data, set)}
	s.mu.Lock()
	s.candidates[j.rel] = c
	s.mu.Unlock()
	s.names.changed()
}

// crossFilePasses accepts the files that use, without mentioning
// SalesLoft, names the accepted files hold SalesLoft values in (base URLs,
// client objects, wrapper functions). Each pass may accept files defining
// further names (config.ts -> http.ts -> people.ts), so it repeats while
// new names appear, at most maxNamePasses times.
func (s *scan) crossFilePasses(ctx context.Context) error {
	seen := map[string]bool{}
	for pass := 0; pass < maxNamePasses; pass++ {
		fresh := map[string]map[string]bool{}
		sets := map[string]*nameSet{}
		for fam, names := range crossFileNames(sortedModels(s.models), s.opts.Config) {
			add := map[string]bool{}
			for n := range names {
				if !seen[fam+"|"+n] {
					add[n] = true
					seen[fam+"|"+n] = true
				}
			}
			if len(add) > 0 {
				fresh[fam] = add
				sets[fam] = newNameSet(add)
			}
		}
		if len(fresh) == 0 {
			return nil
		}
		// Candidates were checked against every name published before
		// they were handed out.
		var accept []*fileModel
		for rel, c := range s.candidates {
			if names := fresh[family(c.fm.lang)]; names != nil && !s.accepted[rel] && c.holds(names) {
				accept = append(accept, c.fm)
			}
		}
		for _, fm := range accept {
			s.models = append(s.models, fm)
			s.accepted[fm.rel] = true
		}
		// Files handed out before a name was published are read again.
		before := s.names.publishedBefore(fresh)
		var stopAt int64
		for _, n := range before {
			stopAt = max(stopAt, n)
		}
		if stopAt == 0 {
			continue
		}
		s.limit = func(n int64, lang string) bool {
			if n < before[family(lang)] {
				s.reread++
				return true
			}
			return false
		}
		s.stopAt = stopAt
		err := s.run(ctx, func(j job, data []byte) {
			set := sets[family(j.lang)]
			if set == nil || s.isAccepted(j.rel) || !containsIdent(data, set) || !utf8.Valid(data) || generatedContent(data) {
				return
			}
			s.mu.Lock()
			c := s.candidates[j.rel]
			s.mu.Unlock()
			var fm *fileModel
			if c != nil {
				fm = c.fm
			} else {
				fm = extract(j.rel, j.lang, data, j.nonCall)
			}
			s.mu.Lock()
			s.models = append(s.models, fm)
			s.accepted[j.rel] = true
			s.mu.Unlock()
		}, false)
		s.limit, s.stopAt = nil, 0
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *scan) isAccepted(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted[rel]
}

// run walks the tree once, handing files to a bounded pool of workers,
// which give each file that passes the cheap checks to handle. count is
// true on the first walk, which fills the summary.
func (s *scan) run(ctx context.Context, handle handler, count bool) error {
	jobs := &jobQueue{ch: make(chan []job, s.opts.Workers*2)}
	var wg sync.WaitGroup
	for w := 0; w < s.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for batch := range jobs.ch {
				for _, j := range batch {
					buf = s.work(j, buf, handle, count)
				}
			}
		}()
	}
	s.visited = map[string]bool{}
	s.handed.Store(0)
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
		if s.stopAt > 0 && s.handed.Load() >= s.stopAt {
			return fs.SkipAll
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
	// The size is checked after reading at most MaxFileSize+1 bytes, which
	// saves an lstat per file.
	n := s.handed.Add(1) - 1
	if s.limit != nil && !s.limit(n, lang) {
		return nil
	}
	jobs.add(job{abs: p, rel: rel, lang: lang, nonCall: nonCall || lang == langDoc})
	return nil
}

// work reads one file, applies the cheap checks and hands it to handle.
// buf is reused between files.
func (s *scan) work(j job, buf []byte, handle handler, count bool) []byte {
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
	handle(j, data)
	s.names.maybe()
	return data[:0]
}
