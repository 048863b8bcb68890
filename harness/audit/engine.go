package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/loftgate/loftgate/harness/audit/internal/ir"
	"github.com/loftgate/loftgate/harness/audit/internal/manifest"
	"github.com/loftgate/loftgate/harness/audit/internal/rules"
	"github.com/loftgate/loftgate/harness/audit/internal/syntax"
	"github.com/loftgate/loftgate/harness/audit/internal/walk"
)

// ParseTimeout is the per-file parse budget: a file whose parse takes
// longer is skipped and counted as over-budget.
const ParseTimeout = 2 * time.Second

// Skip reasons of the two-stage engine.
const (
	// SkipMinified counts minified bundles (very long lines), never parsed.
	SkipMinified = "minified"
	// SkipOverBudget counts files whose parse exceeded the time or node
	// budget.
	SkipOverBudget = "over-budget"
	// SkipSymlinkOutside counts links that lead out of the scanned root.
	SkipSymlinkOutside = walk.SkipSymlinkOutside
)

// parsed is one file that went through a front end.
type parsed struct {
	file    *ir.File
	nonCall bool
	// anchored is true when the file itself holds an anchor; a /v2 path
	// with no visible base counts only there.
	anchored bool
	direct   []rawUsage
	finds    []Finding
}

type engine struct {
	opts    Options
	rules   *rules.Rules
	anchors [][]byte
	mu      sync.Mutex
	summary Summary
	files   []*parsed
	// rest are files of a front-end language without an anchor: read
	// again in stage two when they name something an anchored file
	// exports.
	rest []walk.File
}

func (e *engine) skip(reason string) {
	e.mu.Lock()
	e.summary.Skipped[reason]++
	e.mu.Unlock()
}

// Scan audits the tree at opts.Root. It fails only when the root cannot be
// read, the catalog cannot be loaded, or ctx is cancelled; files that
// cannot be read are counted in Summary.Skipped.
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
	r, err := rules.Load()
	if err != nil {
		return nil, err
	}
	m, err := loadMatcher()
	if err != nil {
		return nil, err
	}
	e := &engine{opts: opts, rules: r}
	e.summary.Skipped = map[string]int{}
	e.anchors = anchorsOf(r, opts.Config)
	files, err := walk.List(ctx, opts.Root, walk.Options{
		Dir: func(rel, name string) string {
			if opts.Config.ignored(rel) {
				return SkipIgnored
			}
			if c := dirClass(name); c == SkipVendored || c == SkipGenerated {
				return c
			}
			return ""
		},
		Keep: func(rel string) bool {
			if opts.Config.ignored(rel) {
				e.skip(SkipIgnored)
				return false
			}
			if binaryExts[strings.ToLower(path.Ext(rel))] {
				e.skip(SkipBinary)
				return false
			}
			return true
		},
		Skip: e.skip,
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("audit: walk %s: %w", opts.Root, err)
	}
	walk.Each(ctx, files, opts.Workers, opts.MaxFileSize, e.stageOne, e.skip)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.stageTwo(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return e.finish(m), nil
}

// anchorsOf returns the byte patterns of stage one.
func anchorsOf(r *rules.Rules, cfg *Config) [][]byte {
	var out [][]byte
	for _, a := range r.Anchors {
		out = append(out, []byte(a), []byte(strings.ToUpper(a)))
		if len(a) > 0 {
			out = append(out, []byte(strings.ToUpper(a[:1])+a[1:]))
		}
	}
	// Mixed case spellings of the anchor word.
	out = append(out, []byte("SalesLoft"), []byte("salesLoft"))
	if cfg != nil {
		for _, s := range append(append([]string{}, cfg.BaseURLs...), append(cfg.Hosts, cfg.Wrappers...)...) {
			out = append(out, []byte(s))
		}
	}
	return out
}

func (e *engine) anchored(data []byte) bool {
	for _, a := range e.anchors {
		if bytes.Contains(data, a) {
			return true
		}
	}
	return false
}

// minified reports a bundle: long lines with little structure.
func minified(data []byte) bool {
	if len(data) < 4096 {
		return false
	}
	head := data
	if len(head) > 1<<16 {
		head = head[:1<<16]
	}
	lines := bytes.Count(head, []byte{'\n'}) + 1
	return len(head)/lines > 400
}

// stageOne reads one file: files with an anchor are parsed, the rest are
// remembered by name only.
func (e *engine) stageOne(f walk.File, data []byte) {
	e.mu.Lock()
	e.summary.Files++
	e.summary.Bytes += int64(len(data))
	e.mu.Unlock()
	name := path.Base(f.Rel)
	lang := languageOf(name)
	if lang == "" {
		return
	}
	if lang == langDoc {
		if e.opts.IncludeNonCalls && e.anchored(data) && utf8.Valid(data) {
			e.mu.Lock()
			e.summary.NonCallFiles++
			e.files = append(e.files, &parsed{nonCall: true, file: &ir.File{Path: f.Rel, Lang: langDoc, Top: ir.NewFunc(nil, "", 1)}, direct: textURLs(data)})
			e.mu.Unlock()
		}
		return
	}
	if bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0 {
		e.skip(SkipBinary)
		return
	}
	if !e.anchored(data) {
		if lang != langManifest && !generatedName(name) {
			e.mu.Lock()
			e.rest = append(e.rest, f)
			e.mu.Unlock()
		}
		return
	}
	e.analyse(f, lang, data, true)
}

// analyse parses one file and keeps its model.
func (e *engine) analyse(f walk.File, lang string, data []byte, anchored bool) {
	name := path.Base(f.Rel)
	switch {
	case generatedName(name) || generatedContent(data):
		e.skip(SkipGenerated)
		return
	case !utf8.Valid(data):
		e.skip(SkipNonUTF8)
		return
	case minified(data):
		e.skip(SkipMinified)
		return
	}
	nonCall := nonCallName(name) || nonCallPath(f.Rel) || lang == langGo && goTestCode(data, e.rules)
	if nonCall {
		e.mu.Lock()
		e.summary.NonCallFiles++
		e.mu.Unlock()
		if !e.opts.IncludeNonCalls {
			return
		}
	}
	p := &parsed{nonCall: nonCall, anchored: anchored}
	if lang == langManifest {
		reqs, spec := manifest.Read(data)
		if spec {
			if !nonCall {
				e.mu.Lock()
				e.summary.NonCallFiles++
				e.mu.Unlock()
			}
			return
		}
		for _, r := range reqs {
			p.direct = append(p.direct, rawUsage{method: r.Method, url: r.URL, line: r.Line, via: "manifest"})
		}
		p.file = &ir.File{Path: f.Rel, Lang: langManifest, Top: ir.NewFunc(nil, "", 1)}
	} else {
		spec := frontendFor(name)
		if spec == nil {
			return
		}
		file, err := syntax.Parse(spec, strings.ToLower(path.Ext(name)), f.Rel, data, ParseTimeout)
		if err != nil {
			if errors.Is(err, syntax.ErrBudget) {
				e.skip(SkipOverBudget)
				return
			}
			e.skip(SkipUnreadable)
			return
		}
		p.file = file
	}
	if nonCall {
		// Mocks and fixtures name SalesLoft URLs without calling them.
		p.direct = append(p.direct, textURLs(data)...)
	}
	p.finds = textRules(f.Rel, data, lang != langManifest)
	e.mu.Lock()
	e.summary.Analyzed++
	e.files = append(e.files, p)
	e.mu.Unlock()
}

// nonCallPath reports a file under a test, mock, fixture or docs folder.
func nonCallPath(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, d := range parts[:len(parts)-1] {
		if dirClass(d) == "non-call" {
			return true
		}
	}
	return false
}

// exported returns the names anchored files define that other files may
// use: classes, functions, module-level constants.
func (e *engine) exported() [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	add := func(n string) {
		if len(n) < 3 || seen[n] || commonName[strings.ToLower(n)] {
			return
		}
		seen[n] = true
		out = append(out, []byte(n))
	}
	for _, p := range e.files {
		if p.nonCall || p.file == nil {
			continue
		}
		for _, c := range p.file.Classes {
			add(c.Name)
		}
		for _, f := range p.file.Funcs {
			add(f.Name)
		}
		for _, a := range p.file.Top.Assigns {
			if a.Target.K == ir.Ref {
				add(a.Target.S)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i]) < string(out[j]) })
	if len(out) > 256 {
		out = out[:256]
	}
	return out
}

// missingBases returns "class Name" for the superclasses of anchored
// classes that no analysed file defines: the base class of a SalesLoft
// client often holds its shared request code (a passthrough, the verbs)
// in a file that never names SalesLoft.
func (e *engine) missingBases() [][]byte {
	defined := map[string]bool{}
	for _, p := range e.files {
		if p.file != nil {
			for _, c := range p.file.Classes {
				defined[c.Name] = true
			}
		}
	}
	seen := map[string]bool{}
	var out [][]byte
	for _, p := range e.files {
		if p.nonCall || p.file == nil {
			continue
		}
		for _, c := range p.file.Classes {
			for _, s := range c.Supers {
				if len(s) < 3 || defined[s] || seen[s] || commonName[strings.ToLower(s)] {
					continue
				}
				seen[s] = true
				out = append(out, []byte("class "+s))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i]) < string(out[j]) })
	if len(out) > 64 {
		out = out[:64]
	}
	return out
}

// definesAny reports whether data holds one of the "class Name" phrases
// as whole words.
func definesAny(data []byte, defs [][]byte) bool {
	for _, d := range defs {
		for off := 0; off < len(data); {
			i := bytes.Index(data[off:], d)
			if i < 0 {
				break
			}
			end := off + i + len(d)
			start := off + i
			if (end == len(data) || !identByte(data[end])) && (start == 0 || !identByte(data[start-1])) {
				return true
			}
			off = end
		}
	}
	return false
}

func identByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// commonName are names too common to mark a file as using SalesLoft code.
var commonName = map[string]bool{"client": true, "index": true, "config": true, "request": true, "response": true,
	"constructor": true, "default": true, "module": true, "exports": true, "handler": true, "main": true, "init": true,
	"options": true, "params": true, "result": true, "error": true, "value": true, "string": true, "object": true}

// stageTwo parses the files that name something an anchored file exports,
// until no new file joins.
func (e *engine) stageTwo(ctx context.Context) {
	for round := 0; round < 3 && len(e.rest) > 0; round++ {
		names := e.exported()
		bases := e.missingBases()
		if len(names) == 0 && len(bases) == 0 {
			return
		}
		langs := map[string]bool{}
		for _, p := range e.files {
			langs[family(p.file.Lang)] = true
		}
		var todo []walk.File
		for _, f := range e.rest {
			if langs[family(languageOf(path.Base(f.Rel)))] {
				todo = append(todo, f)
			}
		}
		var mu sync.Mutex
		var next []walk.File
		joined := 0
		walk.Each(ctx, todo, e.opts.Workers, e.opts.MaxFileSize, func(f walk.File, data []byte) {
			if definesAny(data, bases) {
				e.analyse(f, languageOf(path.Base(f.Rel)), data, false)
				mu.Lock()
				joined++
				mu.Unlock()
				return
			}
			for _, n := range names {
				if bytes.Contains(data, n) {
					e.analyse(f, languageOf(path.Base(f.Rel)), data, false)
					mu.Lock()
					joined++
					mu.Unlock()
					return
				}
			}
			mu.Lock()
			next = append(next, f)
			mu.Unlock()
		}, e.skip)
		e.rest = next
		if joined == 0 {
			return
		}
	}
}

// family groups languages that import each other.
func family(lang string) string {
	switch lang {
	case langJS, langTS:
		return "js"
	case langJava, langKotlin:
		return "jvm"
	}
	return lang
}
