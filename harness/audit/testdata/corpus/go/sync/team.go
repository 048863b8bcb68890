package sync

import (
	"net/http"

	"example.com/acme/endpoints"
)

// FetchTeam loads the team record once a day.
func FetchTeam(client *http.Client) (*http.Response, error) {
	return client.Get(endpoints.Root + endpoints.TeamPath)
}
