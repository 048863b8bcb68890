package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"strings"

	"github.com/loftgate/loftgate/harness/yamlpos"

	"github.com/joho/godotenv"
	"gopkg.in/yaml.v3"
)

// Variables maps each environment variable loftgate reads to the field it
// sets. The names are the ones the SalesLoft guides use.
var Variables = []Variable{
	{Name: "SALESLOFT_CLIENT_ID", Field: "client_id", set: func(c *Config, v string) { c.ClientID = v }},
	{Name: "SALESLOFT_CLIENT_SECRET", Field: "client_secret", set: func(c *Config, v string) { c.ClientSecret = Secret(v) }},
	{Name: "SALESLOFT_REDIRECT_URI", Field: "redirect_uri", set: func(c *Config, v string) { c.RedirectURI = v }},
	{Name: "SALESLOFT_API_KEY", Field: "api_key", set: func(c *Config, v string) { c.APIKey = Secret(v) }},
	{Name: "SALESLOFT_REFRESH_TOKEN", Field: "refresh_token", set: func(c *Config, v string) { c.RefreshToken = Secret(v) }},
	{Name: "SALESLOFT_ACCOUNTS_URL", Field: "accounts_url", set: func(c *Config, v string) { c.AccountsURL = v }},
	{Name: "SALESLOFT_API_URL", Field: "api_url", set: func(c *Config, v string) { c.APIURL = v }},
	{Name: "SALESLOFT_CALLBACK_TOKEN", Field: "callback_token", set: func(c *Config, v string) { c.CallbackToken = Secret(v) }},
	{Name: "LOFTGATE_TARGET", Field: "target", set: func(c *Config, v string) { c.Target = Target(v) }},
}

// Variable is one environment variable and the Config field it sets.
type Variable struct {
	// Name is the variable's name.
	Name string
	// Field is the loftgate.yaml key it overrides.
	Field string
	set   func(*Config, string)
}

// Sources says where Load reads from. The zero value reads ./loftgate.yaml
// if it exists, the process environment and ./.env if it exists.
type Sources struct {
	// File is the YAML file; empty means DefaultFile, read only if present.
	File string
	// FileRequired makes a missing File an error (set when the user named
	// it with --config).
	FileRequired bool
	// DotEnv is the .env file; empty means ./.env, read only if present.
	DotEnv string
	// LookupEnv reads a variable; nil means os.LookupEnv.
	LookupEnv func(string) (string, bool)
}

// Load builds a Config from defaults, the YAML file, the environment and
// .env, in that order. Flags are applied by the caller afterwards; call
// Validate when they are.
func Load(src Sources) (*Config, error) {
	cfg := Default()
	file := src.File
	if file == "" {
		file = DefaultFile
	}
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
		if err := decodeYAML(cfg, data, file); err != nil {
			return nil, err
		}
	case errors.Is(err, fs.ErrNotExist) && !src.FileRequired:
	default:
		return nil, &Error{Source: file, Msg: fmt.Sprintf("cannot read the config file: %v; pass an existing file with --config", unwrapPath(err))}
	}

	lookup := src.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	dotenv, err := readDotEnv(src.DotEnv)
	if err != nil {
		return nil, err
	}
	for _, v := range Variables {
		if val, ok := lookup(v.Name); ok && val != "" {
			v.set(cfg, val)
		} else if val, ok := dotenv[v.Name]; ok && val != "" {
			v.set(cfg, val)
		}
	}
	return cfg, nil
}

func decodeYAML(cfg *Config, data []byte, file string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return yamlError(file, err)
	}
	if err := checkKeys(&doc, file); err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil {
		return yamlError(file, err)
	}
	return nil
}

// goTypes names, for a user, the Go types yaml.v3 mentions in its errors.
var goTypes = map[string]string{
	"config.Config": "the loftgate.yaml keys", "config.Target": "a target (replay, sim or live)",
	"config.Secret": "a string", "config.Sim": "the sim keys (faults, webhook_envelope)",
	"config.Field": "a field (path and type)", "string": "a string", "bool": "true or false",
	"float64": "a number", "time.Duration": "a duration such as 30m, 90s or 1h30m", "[]string": "a list of strings", "[]config.Field": "a list of fields (path and type)",
	"map[string][]config.Field": "a map from operation to fields",
}

// yamlTags names, for a user, the YAML tags yaml.v3 mentions in its errors.
var yamlTags = map[string]string{
	"!!seq": "a list", "!!map": "a mapping", "!!str": "the string", "!!int": "the number",
	"!!float": "the number", "!!bool": "the boolean", "!!null": "nothing",
}

// goType matches the Go type at the end of a yaml.v3 type error.
var goType = regexp.MustCompile(`into (\S+)$`)

// yamlError turns a yaml.v3 error into an Error naming the file and line,
// with a hint for the common mistakes.
func yamlError(file string, err error) error {
	line, msg := yamlpos.Error(err)
	for tag, what := range yamlTags {
		msg = strings.Replace(msg, "cannot unmarshal "+tag, "found "+what, 1)
	}
	if m := goType.FindStringSubmatch(msg); m != nil {
		name, ok := goTypes[m[1]]
		if !ok {
			name = "another kind of value"
		}
		msg = strings.TrimSuffix(msg, m[0]) + "where " + name + " belongs"
	}
	if strings.Contains(msg, "not found in type") {
		// checkKeys reports unknown keys first; this is a backstop that must not name Go types.
		msg = "unknown key; see the Configuration section of the README for the valid keys"
	}
	return &Error{Source: file, Line: line, Msg: msg}
}

func readDotEnv(path string) (map[string]string, error) {
	required := path != ""
	if path == "" {
		path = ".env"
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !required {
			return nil, nil
		}
		return nil, &Error{Source: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPath(err))}
	}
	defer f.Close()
	vals, err := godotenv.Parse(f)
	if err != nil {
		return nil, &Error{Source: path, Msg: "not a valid .env file; use NAME=value lines, one a line (the parser's message is withheld: it may quote a secret)"}
	}
	return vals, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
