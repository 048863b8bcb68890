package salesloft_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
	"github.com/loftgate/loftgate/harness/salesloft"
)

// fakeAPI stands in for https://api.salesloft.com in the examples.
func fakeAPI() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-ratelimit-endpoint-cost", "1")
		w.Header().Set("x-ratelimit-remaining-minute", "599")
		body := `{"error":"Not Found"}`
		status := http.StatusOK
		switch r.URL.Path {
		case "/v2/me":
			body = `{"data":{"id":1,"name":"Sim User","email":"sim.user@example.com"}}`
		case "/v2/people":
			page, err := strconv.Atoi(r.URL.Query().Get("page"))
			if err != nil {
				page = 1
			}
			next := "null"
			if page < 3 {
				next = strconv.Itoa(page + 1)
			}
			body = fmt.Sprintf(`{"data":[{"id":%d}],"metadata":{"paging":{"per_page":1,"current_page":%d,"next_page":%s,"prev_page":null}}}`, page, page, next)
		default:
			status = http.StatusNotFound
		}
		w.WriteHeader(status)
		if _, err := io.WriteString(w, body); err != nil {
			fmt.Println(err)
		}
	}))
}

func ExampleClient_Me() {
	api := fakeAPI()
	defer api.Close()

	c, err := salesloft.New(api.URL, salesloft.WithTokenSource(auth.APIKey("ak_example")))
	if err != nil {
		fmt.Println(err)
		return
	}
	me, resp, err := c.Me(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(me.Name, me.Email)
	fmt.Println("cost", resp.Cost, "remaining", resp.Remaining)
	// Output:
	// Sim User sim.user@example.com
	// cost 1 remaining 599
}

func ExampleClient_Pages() {
	api := fakeAPI()
	defer api.Close()

	c, err := salesloft.New(api.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := c.Pages(context.Background(), "/v2/people", salesloft.ListOptions{PerPage: 1}, func(page json.RawMessage, resp *salesloft.Response) error {
		var people []salesloft.Person
		if err := json.Unmarshal(page, &people); err != nil {
			return err
		}
		fmt.Println("page", resp.Paging.CurrentPage, "person", people[0].ID)
		return nil
	})
	fmt.Println(n, "pages", err)
	// Output:
	// page 1 person 1
	// page 2 person 2
	// page 3 person 3
	// 3 pages <nil>
}

func ExampleAPIError() {
	api := fakeAPI()
	defer api.Close()

	c, err := salesloft.New(api.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, _, err = c.GetPerson(context.Background(), 999)
	fmt.Println(err)
	fmt.Println(errors.Is(err, salesloft.ErrNotFound))
	// Output:
	// salesloft: GET /v2/people/999: 404 not found: Not Found
	// true
}

func ExampleWithSleep() {
	// A harness on a simulated clock advances that clock instead of sleeping.
	var waited time.Duration
	c, err := salesloft.New("https://api.salesloft.com",
		salesloft.WithSleep(func(ctx context.Context, d time.Duration) error {
			waited += d
			return ctx.Err()
		}),
		salesloft.WithMaxAttempts(3),
		salesloft.WithBackoff(time.Second),
	)
	fmt.Println(c != nil, err, waited)
	// Output: true <nil> 0s
}
