package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestSlowCallAbandonedByItsClientFreesTheHandler: a POST held by the slow
// fault whose client gives up must end its handler, so the server shuts
// down at once instead of after the whole delay. net/http cancels a
// request's context on a closed connection only after the body was read.
func TestSlowCallAbandonedByItsClientFreesTheHandler(t *testing.T) {
	s, err := New(Options{Faults: []Fault{{Name: FaultSlow, Value: "60000", Operation: "POST /v2/accounts"}}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/v2/accounts", strings.NewReader(`{"name":"Slow","domain":"slow.example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the slow call answered %d before its client gave up", resp.StatusCode)
	}
	stop, done := context.WithTimeout(context.Background(), 5*time.Second)
	defer done()
	start := time.Now()
	if err := srv.Config.Shutdown(stop); err != nil {
		t.Fatalf("shutdown waited %s for the abandoned handler: %v", time.Since(start), err)
	}
}
