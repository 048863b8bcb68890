package yamlpos

import (
	"errors"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestError(t *testing.T) {
	var v struct{ N int }
	syntax := yaml.Unmarshal([]byte("a: 1\nb: [\n"), &v)
	typed := yaml.Unmarshal([]byte("a: 1\n\nn: text\n"), &v)
	for _, tt := range []struct {
		err      error
		line     int
		contains string
	}{
		{syntax, 2, "did not find expected"},
		{typed, 3, "cannot unmarshal"},
		{errors.New("no position here"), 0, "no position here"},
	} {
		if tt.err == nil {
			t.Fatal("want an error from yaml.v3")
		}
		line, msg := Error(tt.err)
		if line != tt.line {
			t.Errorf("%v: line %d, want %d", tt.err, line, tt.line)
		}
		if msg == "" || len(msg) > len(tt.err.Error()) || !strings.Contains(msg, tt.contains) || strings.Contains(msg, "yaml:") || strings.Contains(msg, "line ") {
			t.Errorf("%v: message %q", tt.err, msg)
		}
	}
}
