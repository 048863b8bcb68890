package replay

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxSlug bounds the length of a fixture file's base name.
const maxSlug = 80

// FilePath returns where a spec's fixture file lives under the fixtures
// directory: <area>/<slug>.yaml, area being the slug of the spec name's
// first "/"-separated segment ("misc" when it has none). Long names are cut
// and given a short hash so that distinct specs never share a file.
func FilePath(spec string) string {
	area, rest, ok := strings.Cut(spec, "/")
	if !ok || slugify(area) == "" {
		area, rest = "misc", spec
	}
	slug := slugify(rest)
	if slug == "" {
		slug = "spec"
	}
	if len(slug) > maxSlug {
		sum := sha256.Sum256([]byte(spec))
		slug = strings.TrimRight(slug[:min(len(slug), maxSlug-9)], "-") + "-" + hex.EncodeToString(sum[:4])
	}
	return filepath.Join(slugify(area), slug+".yaml")
}

// slugify lower-cases s and turns every run of other characters than
// letters and digits into one "-".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// Marshal renders one fixture file as YAML: two-space indentation, bodies
// as block scalars.
func Marshal(f *File) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("replay: encoding fixture of spec %q: %w", f.Metadata.Spec, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("replay: encoding fixture of spec %q: %w", f.Metadata.Spec, err)
	}
	return b.Bytes(), nil
}

// output is one marshalled file and where it goes.
type output struct {
	path string
	data []byte
}

// WriteOption configures Write.
type WriteOption func(*writeConfig)

// writeConfig is what WriteOptions set.
type writeConfig struct{ keepStale bool }

// KeepStale keeps fixture files of specs that are not among the files
// written (a partial recording, e.g. of one suite).
func KeepStale() WriteOption { return func(c *writeConfig) { c.keepStale = true } }

// Write writes files under dir at FilePath(spec) each. Every file is
// marshalled first, then written to a temporary file in its own directory;
// if any of that fails, the temporary files are removed and no old file was
// touched. Only then are the temporary files renamed over the old ones, so a
// reader never sees half a file. Only when every write succeeded are the
// fixture files under dir of specs no longer present removed (unless
// KeepStale).
func Write(dir string, files []*File, opts ...WriteOption) error {
	var cfg writeConfig
	for _, o := range opts {
		o(&cfg)
	}
	outs := make([]output, 0, len(files))
	seen := map[string]string{}
	for _, f := range files {
		rel := FilePath(f.Metadata.Spec)
		if other, dup := seen[rel]; dup {
			return fmt.Errorf("replay: specs %q and %q map to the same fixture file %s; rename one of them", other, f.Metadata.Spec, rel)
		}
		seen[rel] = f.Metadata.Spec
		if f.Version == "" {
			c := *f
			c.Version = Version
			f = &c
		}
		data, err := Marshal(f)
		if err != nil {
			return err
		}
		outs = append(outs, output{filepath.Join(dir, rel), data})
	}
	// Write every temporary file first: a failure here leaves every old
	// file as it was. Then rename them into place.
	temps := make([]string, 0, len(outs))
	cleanup := func(err error) error {
		for _, tmp := range temps {
			if rerr := os.Remove(tmp); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				err = errors.Join(err, rerr)
			}
		}
		return err
	}
	for _, o := range outs {
		tmp, err := writeTemp(o.path, o.data)
		if err != nil {
			return cleanup(err)
		}
		temps = append(temps, tmp)
	}
	targets := make([]string, len(outs))
	for i, o := range outs {
		targets[i] = o.path
	}
	written, err := commit(targets, temps)
	if err != nil {
		return err
	}
	if cfg.keepStale {
		return nil
	}
	return removeStale(dir, written)
}

// commit renames every temporary file over its target. Old targets are
// kept as hard links until all renames succeeded; when one fails, the
// targets renamed so far are put back and the rest of the temporary files
// removed, so a failed Write changes no fixture.
func commit(targets, temps []string) (map[string]bool, error) {
	backups := make([]string, len(targets))
	undo := func(done int, err error) error {
		for j := done - 1; j >= 0; j-- {
			if backups[j] != "" {
				err = errors.Join(err, os.Rename(backups[j], targets[j]))
			} else {
				err = errors.Join(err, os.Remove(targets[j]))
			}
		}
		for j := done; j < len(temps); j++ {
			if rerr := os.Remove(temps[j]); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
				err = errors.Join(err, rerr)
			}
			if backups[j] != "" {
				err = errors.Join(err, os.Remove(backups[j]))
			}
		}
		return err
	}
	for i, target := range targets {
		if info, err := os.Lstat(target); err == nil && info.Mode().IsRegular() {
			b := temps[i] + ".old"
			if err := os.Link(target, b); err == nil {
				backups[i] = b
			}
		}
		if err := os.Rename(temps[i], target); err != nil {
			return nil, undo(i, fmt.Errorf("replay: writing fixture %s: %w", target, err))
		}
	}
	written := map[string]bool{}
	var err error
	for i, target := range targets {
		written[filepath.Clean(target)] = true
		if backups[i] != "" {
			if rerr := os.Remove(backups[i]); rerr != nil {
				err = errors.Join(err, fmt.Errorf("replay: removing backup of %s: %w", target, rerr))
			}
		}
	}
	return written, err
}

// writeTemp writes data to a new temporary file beside path and returns its name.
func writeTemp(path string, data []byte) (string, error) {
	d := filepath.Dir(path)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return "", fmt.Errorf("replay: creating fixture directory: %w", err)
	}
	tmp, err := os.CreateTemp(d, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("replay: writing fixture %s: %w", path, err)
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, 0o644)
	}
	if werr != nil {
		if rerr := os.Remove(name); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			werr = errors.Join(werr, rerr)
		}
		return "", fmt.Errorf("replay: writing fixture %s: %w", path, werr)
	}
	return name, nil
}

// removeStale removes fixture files under dir not in keep. Only files whose
// first line declares a loftgate fixture version are touched.
func removeStale(dir string, keep map[string]bool) error {
	var stale []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !isFixtureName(p) || keep[filepath.Clean(p)] {
			return nil
		}
		ok, err := isFixtureFile(p)
		if err != nil {
			return err
		}
		if ok {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("replay: looking for stale fixtures: %w", err)
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil {
			return fmt.Errorf("replay: removing stale fixture: %w", err)
		}
	}
	return nil
}

// isFixtureFile reports whether the first line of a file declares a
// loftgate fixture version.
func isFixtureFile(p string) (ok bool, err error) {
	f, err := os.Open(p)
	if err != nil {
		return false, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		return strings.HasPrefix(sc.Text(), "version: loftgate.fixtures/"), nil
	}
	return false, sc.Err()
}
