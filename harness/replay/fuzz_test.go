package replay

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseFile feeds arbitrary bytes to the fixture parser and, when they
// parse, serves a request from them: neither may panic.
func FuzzParseFile(f *testing.F) {
	f.Add([]byte(goodHead + goodMe))
	f.Add([]byte(goodHead + strings.Replace(goodMe, "layout", "", 1)))
	f.Add([]byte("version: loftgate.fixtures/v1\ninteractions: [{request: {method: GET, path: /}, response: {status: 200, layout: compact, body: '[1]'}}]\nmetadata: {spec: x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, pos, err := parseFile("fuzz.yaml", data)
		if err != nil {
			return
		}
		set, err := compileSet([]*File{file}, []string{"fuzz.yaml"}, []*positions{pos})
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		NewServer(set).ServeHTTP(w, httptest.NewRequest("GET", "/v2/me?x=1", strings.NewReader(`{"a":1}`)))
	})
}
