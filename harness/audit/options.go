package audit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"gopkg.in/yaml.v3"
)

// DefaultMaxFileSize is the size above which a file is skipped as too-large.
const DefaultMaxFileSize = 4 << 20

// Options configure a scan.
type Options struct {
	// Root is the directory to scan.
	Root string
	// Config holds the team's additions (from --config); nil means none.
	Config *Config
	// IncludeNonCalls also analyses tests, mocks, fixtures, docs and spec
	// files and lists what they mention in Result.NonCalls.
	IncludeNonCalls bool
	// MaxFileSize skips larger files as too-large; 0 means
	// DefaultMaxFileSize.
	MaxFileSize int64
	// Workers is the number of files read and analysed at once; 0 means one
	// per CPU.
	Workers int
}

// Config is the team's --config file: what the defaults miss.
type Config struct {
	// BaseURLs are names of variables or constants that hold a SalesLoft
	// base URL (e.g. SL_ROOT, crmApiBase), even when their value is not
	// visible in the code (read from the environment, say).
	BaseURLs []string `yaml:"base_urls"`
	// Hosts are extra host names that reach SalesLoft (a proxy or gateway),
	// treated like api.salesloft.com.
	Hosts []string `yaml:"hosts"`
	// Wrappers are names of the team's own functions or methods whose first
	// string argument is a SalesLoft path (relative to /v2 or absolute).
	Wrappers []string `yaml:"wrappers"`
	// Ignore are slash-separated glob patterns (path.Match, plus "dir/**")
	// of files and directories, relative to the root, not to scan.
	Ignore []string `yaml:"ignore"`
}

// ConfigError reports a --config file that cannot be used.
type ConfigError struct {
	// Path is the config file.
	Path string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *ConfigError) Error() string {
	return fmt.Sprintf("audit: config %s: %v", e.Path, e.Err)
}

// Unwrap returns the cause.
func (e *ConfigError) Unwrap() error { return e.Err }

// ErrBadRoot is returned (wrapped) when the root to scan is missing or not a
// directory.
var ErrBadRoot = errors.New("root is not a readable directory")

// LoadConfig reads and checks a --config YAML file. Unknown keys are an
// error, so a typo does not silently do nothing.
func LoadConfig(file string) (*Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ConfigError{Path: file, Err: err}
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, &ConfigError{Path: file, Err: fmt.Errorf("%w (keys: base_urls, hosts, wrappers, ignore)", err)}
	}
	if err := c.validate(); err != nil {
		return nil, &ConfigError{Path: file, Err: err}
	}
	return &c, nil
}

func (c *Config) validate() error {
	for _, g := range c.Ignore {
		if _, err := path.Match(strings.TrimSuffix(g, "/**"), "x"); err != nil {
			return fmt.Errorf("ignore pattern %q: %w", g, err)
		}
	}
	for _, group := range [][]string{c.BaseURLs, c.Wrappers, c.Hosts} {
		for _, n := range group {
			if strings.TrimSpace(n) == "" {
				return errors.New("empty name in base_urls, hosts or wrappers")
			}
		}
	}
	return nil
}

// ignored reports whether rel (slash-separated, relative to the root)
// matches one of the ignore globs.
func (c *Config) ignored(rel string) bool {
	if c == nil {
		return false
	}
	for _, g := range c.Ignore {
		if strings.HasSuffix(g, "/**") {
			pre := strings.TrimSuffix(g, "/**")
			if rel == pre || strings.HasPrefix(rel, pre+"/") {
				return true
			}
			if ok, _ := path.Match(pre, rel); ok {
				return true
			}
			continue
		}
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if ok, _ := path.Match(g, path.Base(rel)); ok && !strings.Contains(g, "/") {
			return true
		}
	}
	return false
}
