package enroll

import (
	"net/http"
	"strings"
)

type enroller struct {
	endpoint string
	verb     string
	hc       *http.Client
}

func newEnroller() *enroller {
	return &enroller{endpoint: "https://api.salesloft.com/v2/cadence_memberships", verb: http.MethodPost, hc: http.DefaultClient}
}

// Enroll adds a person to a cadence.
func (e *enroller) Enroll(body string) error {
	req, err := http.NewRequest(e.verb, e.endpoint, strings.NewReader(body))
	if err != nil {
		return err
	}
	_, err = e.hc.Do(req)
	return err
}
