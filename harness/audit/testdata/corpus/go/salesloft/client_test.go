package salesloft

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestListPeople(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/people" {
			t.Fatalf("path %s", r.URL.Path)
		}
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v2/people/42")
	if err == nil {
		resp.Body.Close()
	}
}
