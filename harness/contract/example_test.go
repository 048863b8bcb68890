package contract_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/loftgate/loftgate/harness/contract"
)

// A response of GET /v2/me that lacks the user's email and both rate headers.
func ExampleContract_Validate() {
	c, err := contract.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	u, err := url.Parse("https://api.salesloft.com/v2/me.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	vs := c.Validate(context.Background(), contract.Exchange{
		Method:         http.MethodGet,
		URL:            u,
		Status:         http.StatusOK,
		ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		ResponseBody:   []byte(`{"data":{"id":1,"guid":"g-1","name":"Sim User","team":{"id":1}}}`),
	})
	for _, v := range vs {
		fmt.Println(v)
	}
	// Output:
	// contract: GET /v2/me: response header:x-ratelimit-endpoint-cost: required header is missing (rule response-header)
	// contract: GET /v2/me: response header:x-ratelimit-remaining-minute: required header is missing (rule response-header)
	// contract: GET /v2/me: response $.data.email: required property is missing (rule response-body)
}

func ExampleContract_Match() {
	c, err := contract.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	op, params, ok := c.Match("GET", "/v2/people/7.json?include_paging_counts=true")
	fmt.Println(op.Key, params["id"], ok, op.Scope, op.Cost)
	// Output: GET /v2/people/{id} 7 true people:read 1
}

func ExampleNormalizePath() {
	fmt.Println(contract.NormalizePath("https://api.salesloft.com/v2/cadence_exports/${cadenceId}.json"))
	// Output: /v2/cadence_exports/{id}
}
