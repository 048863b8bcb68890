package replay_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/loftgate/loftgate/harness/replay"
)

// ExampleNewServer replays a recorded GET /v2/me; a request nothing was
// recorded for gets a miss naming the nearest recorded request.
func ExampleNewServer() {
	set, err := replay.NewSet([]*replay.File{{
		Version:  replay.Version,
		Metadata: replay.Metadata{Spec: "me/get me", Target: replay.TargetSim},
		Interactions: []replay.Interaction{{
			Request:  replay.Request{Method: "GET", Path: "/v2/me"},
			Response: replay.Response{Status: 200, Header: map[string]string{"content-type": "application/json"}, Body: `{"data":{"id":1}}`},
		}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := replay.NewServer(set)

	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/v2/me.json", nil))
	fmt.Println(w.Code, w.Body.String())

	w = httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/v2/me?page=2", nil))
	fmt.Println(w.Code, srv.Misses()[0].Error())
	// Output:
	// 200 {"data":{"id":1}}
	// 409 replay: GET /v2/me?page=2: no recorded answer; nearest: GET /v2/me (query differs: page "2" not recorded) at me/get-me.yaml interaction 1
}
