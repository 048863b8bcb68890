package replay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/loftgate/loftgate/harness/yamlpos"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ErrInvalidFixture is matched (errors.Is) by every *LoadError.
var ErrInvalidFixture = errors.New("replay: invalid fixture")

// LoadError is a fixture file that cannot be used, with the line at fault
// and what to do about it.
type LoadError struct {
	// File is the path of the fixture file as found under the loaded directory.
	File string
	// Line is the 1-based line at fault, or 0 when the whole file is at fault.
	Line int
	// Msg says what is wrong and what to do.
	Msg string
}

// Error returns "replay: FILE:LINE: MSG".
func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("replay: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("replay: %s: %s", e.File, e.Msg)
}

// Is reports whether target is ErrInvalidFixture.
func (e *LoadError) Is(target error) bool { return target == ErrInvalidFixture }

// reRecord is the advice attached to errors a re-recording fixes.
const reRecord = "re-record with `loftgate record`"

// Load reads every *.yaml and *.yml file under dir (recursively, in lexical
// order) as a fixture file. Every file that cannot be used is reported as a
// *LoadError naming the file and line; several are joined with errors.Join.
func Load(dir string) (*Set, error) {
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("replay: fixtures directory %s does not exist; record fixtures with `loftgate record` or pass --fixtures: %w", dir, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("replay: fixtures directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("replay: %s is not a directory; pass the fixtures directory", dir)
	}
	var paths []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isFixtureName(p) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replay: reading fixtures: %w", err)
	}
	sort.Strings(paths)
	var (
		files []*File
		pos   []*positions
		names []string
		errs  []error
	)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("replay: reading fixture: %w", err))
			continue
		}
		f, ps, err := parseFile(p, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files, pos, names = append(files, f), append(pos, ps), append(names, p)
	}
	if err := joinErrs(errs); err != nil {
		return nil, err
	}
	return compileSet(files, names, pos)
}

// isFixtureName reports whether a file name is a fixture file (not a
// temporary file left by an interrupted Write).
func isFixtureName(p string) bool {
	base := filepath.Base(p)
	if strings.HasPrefix(base, ".") {
		return false
	}
	return strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml")
}

// joinErrs returns nil, the only error, or all of them joined.
func joinErrs(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// positions are the lines of the parts of a file that validation reports.
type positions struct {
	version, spec int
	interactions  []ipos
}

// ipos are the lines of one interaction.
type ipos struct {
	item, request, response, method, path, status, layout, reqBody, respBody int
	reqBlock, respBlock                                                      bool
}

// yamlError turns a yaml.v3 error into a *LoadError.
func yamlError(file string, err error) *LoadError {
	line, msg := yamlpos.Error(err)
	return &LoadError{File: file, Line: line, Msg: "bad YAML: " + msg + "; fix the file or " + reRecord}
}

// parseFile decodes one fixture file strictly and checks its version and
// required fields, reporting lines.
func parseFile(name string, data []byte) (*File, *positions, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, nil, &LoadError{File: name, Line: 1, Msg: "empty file; delete it or " + reRecord}
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, nil, &LoadError{File: name, Line: doc.Line, Msg: "not a fixture file (want a mapping with version, metadata and interactions); " + reRecord}
	}
	ps := &positions{version: doc.Line}
	v := mapValue(doc, "version")
	switch {
	case v == nil:
		return nil, nil, &LoadError{File: name, Line: doc.Line, Msg: fmt.Sprintf("missing version (want %q); %s", Version, reRecord)}
	case v.Value != Version:
		return nil, nil, &LoadError{File: name, Line: v.Line, Msg: fmt.Sprintf("unknown version %q (this loftgate reads %q); %s", v.Value, Version, reRecord)}
	}
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, nil, yamlError(name, err)
	}
	if md := mapValue(doc, "metadata"); md != nil {
		ps.spec = mapKeyLine(doc, "metadata")
		if s := mapValue(md, "spec"); s != nil {
			ps.spec = s.Line
		}
	} else {
		ps.spec = doc.Line
	}
	if seq := mapValue(doc, "interactions"); seq != nil && seq.Kind == yaml.SequenceNode {
		for _, item := range seq.Content {
			ps.interactions = append(ps.interactions, interactionPos(item))
		}
	}
	return &f, ps, nil
}

// interactionPos records the lines of one interaction node.
func interactionPos(item *yaml.Node) ipos {
	p := ipos{item: item.Line, request: item.Line, response: item.Line}
	p.method, p.path, p.status, p.layout, p.reqBody, p.respBody = item.Line, item.Line, item.Line, item.Line, item.Line, item.Line
	if rq := mapValue(item, "request"); rq != nil {
		p.request, p.method, p.path, p.reqBody = rq.Line, rq.Line, rq.Line, rq.Line
		if n := mapValue(rq, "method"); n != nil {
			p.method = n.Line
		}
		if n := mapValue(rq, "path"); n != nil {
			p.path = n.Line
		}
		if n := mapValue(rq, "body"); n != nil {
			p.reqBody, p.reqBlock = n.Line, n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
		}
	}
	if rs := mapValue(item, "response"); rs != nil {
		p.response, p.status, p.layout, p.respBody = rs.Line, rs.Line, rs.Line, rs.Line
		if n := mapValue(rs, "status"); n != nil {
			p.status = n.Line
		}
		if n := mapValue(rs, "layout"); n != nil {
			p.layout = n.Line
		}
		if n := mapValue(rs, "body"); n != nil {
			p.respBody, p.respBlock = n.Line, n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
		}
	}
	return p
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// mapKeyLine returns the line of key in a mapping node, or the node's line.
func mapKeyLine(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return m.Line
}

// jsonErrorLine returns the line of a JSON syntax error inside a YAML
// scalar starting at line (block scalars start on the next line).
func jsonErrorLine(line int, block bool, body string, err error) int {
	if block {
		line++
	}
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset > 0 && int(se.Offset) <= len(body) {
		line += strings.Count(body[:se.Offset-1], "\n")
	}
	return line
}
