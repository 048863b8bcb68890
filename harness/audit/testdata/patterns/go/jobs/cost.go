// Package jobs measures what SalesLoft charges for deep pages.
package jobs

import (
	"net/http"
	"strconv"
)

// CRM sends requests to SalesLoft.
type CRM struct {
	root string
	hc   *http.Client
}

var crm = &CRM{root: "https://api.salesloft.com", hc: http.DefaultClient}

// Do sends one request; the caller gives the method and the path.
func (c *CRM) Do(method, path string) (*http.Response, error) {
	req, err := http.NewRequest(method, c.root+path, nil)
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}

// pageCost asks for one person on page and reads what SalesLoft charged.
func pageCost(page int) int {
	resp, err := crm.Do(http.MethodGet, "/v2/people?per_page=1&page="+strconv.Itoa(page))
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	n, _ := strconv.Atoi(resp.Header.Get("x-ratelimit-endpoint-cost"))
	return n
}
