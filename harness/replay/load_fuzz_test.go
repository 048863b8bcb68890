package replay

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad loads a fixtures directory holding one arbitrary file, as `run` and `serve` do with
// the user's fixtures: Load must return a set or an error naming the file, never panic.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(goodHead + goodMe))
	f.Add([]byte(goodHead))
	f.Add([]byte("version: loftgate.fixtures/v2\n"))
	f.Add([]byte("interactions: [{request: {method: GET}}]\n"))
	f.Add([]byte("\x00\xff\t- ["))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), data, 0o600); err != nil {
			t.Fatal(err)
		}
		set, err := Load(dir)
		if err != nil {
			var pe *os.PathError
			if !strings.Contains(err.Error(), "spec.yaml") && !errors.As(err, &pe) {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		if set.Len() < 0 {
			t.Errorf("negative length")
		}
	})
}
