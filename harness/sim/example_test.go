package sim_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/loftgate/loftgate/harness/sim"
)

// ExampleNew starts a simulator on a loopback listener and calls GET /v2/me with the
// default API key.
func ExampleNew() {
	s, err := sim.New(sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()

	req, err := http.NewRequest("GET", srv.URL+"/v2/me", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	req.Header.Set("Authorization", "Bearer "+sim.DefaultAPIKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.StatusCode, res.Header.Get("X-Ratelimit-Remaining-Minute"), res.Header.Get("Date"))

	s.Advance(time.Hour)
	fmt.Println(s.Now().Format(time.RFC3339))
	// Output:
	// 200 599 Thu, 01 Jan 2026 00:00:00 GMT
	// 2026-01-01T01:00:00Z
}

// ExampleParseFault reads the --fault flag syntax.
func ExampleParseFault() {
	f, err := sim.ParseFault("cost_change=5@GET /v2/people#3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s value=%s op=%q count=%d\n", f.Name, f.Value, f.Operation, f.Count)
	_, err = sim.ParseFault("meltdown")
	fmt.Println(err != nil)
	// Output:
	// cost_change value=5 op="GET /v2/people" count=3
	// true
}
