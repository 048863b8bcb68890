// Package cadence holds the specs for cadence export and import
// (API-FACTS §4): what an export holds, that its content imports into a new
// cadence, that export → import → export keeps the content, and that an
// invalid import is refused with field errors.
//
// SalesLoft has no endpoint that deletes a cadence, so the cadences these
// specs import stay on a live team; their names start with "loftgate " so
// they are easy to find and archive by hand.
package cadence

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/salesloft"
	"github.com/loftgate/loftgate/suites/spec"
)

var _ = spec.Describe("cadence", func() {
	It("exports cadence_content with settings, sharing_settings and typed steps", spec.Items("CAD-EXPORT"), func(ctx context.Context) {
		c := spec.UserClient(ctx)
		src := sourceCadence(ctx, c)

		failOn(checkContent(src.content), "export of cadence %d", src.id)
	})

	It("imports exported content as a new cadence named from settings.name", spec.Items("CAD-IMPORT"), func(ctx context.Context) {
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		src := sourceCadence(ctx, c)
		failOn(checkContent(src.content), "export of cadence %d (the content to import)", src.id)

		name := importName("CAD-IMPORT")
		id := importCadence(ctx, c, src.content, name)

		var got struct {
			Data map[string]any `json:"data"`
		}
		_, err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/v2/cadences/%d", id), nil, nil, &got)
		Expect(err).NotTo(HaveOccurred(), "GET /v2/cadences/%d of the imported cadence", id)
		Expect(got.Data).To(HaveKeyWithValue("name", name), "data.name of imported cadence %d", id)
		Expect(got.Data).To(HaveKeyWithValue("id", BeNumerically("==", id)), "data.id of imported cadence %d", id)
	})

	It("exports an imported cadence with the content it was imported from", spec.Items("CAD-ROUNDTRIP"), func(ctx context.Context) {
		spec.RequireWrites()
		c := spec.UserClient(ctx)
		src := sourceCadence(ctx, c)
		failOn(checkContent(src.content), "export of cadence %d", src.id)

		id := importCadence(ctx, c, src.content, importName("CAD-ROUNDTRIP"))
		again, err := exportCadence(ctx, c, id)
		Expect(err).NotTo(HaveOccurred(), "export of imported cadence %d", id)

		failOn(diff(normalize(src.content), normalize(again)),
			"export of cadence %d (-) and export of its import, cadence %d (+), differ beyond ids, names and reference ids", src.id, id)
	})

	It("refuses an import without settings.name and with a bad cadence_function with 422 field errors", spec.Items("CAD-IMPORT-INVALID"), func(ctx context.Context) {
		// A server that wrongly accepts the import would create a cadence
		// nobody can delete, so this spec asks for write permission too.
		spec.RequireWrites()
		// The import breaks the contract on purpose, to see SalesLoft's 422.
		spec.AllowViolations(contract.DirectionRequest, contract.RuleRequestBody)
		c := spec.UserClient(ctx)

		body := invalidImport()
		var created struct {
			Data struct {
				Cadence struct {
					ID int `json:"id"`
				} `json:"cadence"`
			} `json:"data"`
		}
		resp, err := c.Do(ctx, http.MethodPost, "/v2/cadence_imports", nil, body, &created)
		Expect(err).To(HaveOccurred(), "an import without settings.name and with cadence_function %q was accepted (cadence %d)", badFunction, created.Data.Cadence.ID)
		var verr *salesloft.ValidationError
		Expect(errors.As(err, &verr)).To(BeTrue(), "want a 422 validation error, got %v", err)
		Expect(resp).NotTo(BeNil())
		Expect(resp.Status).To(Equal(http.StatusUnprocessableEntity))
		for _, field := range []string{"name", "cadence_function"} {
			msgs, ok := fieldErrors(verr.Fields, field)
			Expect(ok).To(BeTrue(), "the 422 names no error for settings.%s; it names %v", field, fieldNames(verr.Fields))
			Expect(msgs).NotTo(BeEmpty(), "the 422 error for settings.%s has no message", field)
		}
	})
})

// failOn fails the spec listing problems, one per line, under a heading.
func failOn(problems []string, format string, args ...any) {
	if len(problems) > 0 {
		Fail(fmt.Sprintf(format, args...)+":\n  "+strings.Join(problems, "\n  "), 1)
	}
}

// importName is the deterministic name of the cadence a spec imports, so
// the request replays from fixtures and is recognisable on a live team.
func importName(item string) string { return "loftgate import " + item }

// source is the cadence whose export the specs use.
type source struct {
	id      int
	content map[string]any
}

// maxSources bounds how many cadences sourceCadence exports looking for
// one with steps.
const maxSources = 5

// sourceCadence lists the team's cadences oldest first and returns the
// first whose export has step groups (on the simulator: a seeded cadence).
// An export without cadence_content is returned as it is, for the spec to
// fail on. It skips when no listed cadence has steps to check.
func sourceCadence(ctx context.Context, c *salesloft.Client) source {
	var list struct {
		Data []struct {
			ID int `json:"id"`
		} `json:"data"`
	}
	q := url.Values{"sort_by": {"created_at"}, "sort_direction": {"ASC"}, "per_page": {fmt.Sprint(maxSources)}}
	_, err := c.Do(ctx, http.MethodGet, "/v2/cadences", q, nil, &list)
	Expect(err).NotTo(HaveOccurred(), "GET /v2/cadences")
	if len(list.Data) == 0 {
		Skip("the team has no cadence to export; create one with steps to check cadence export and import")
	}
	for _, cd := range list.Data {
		content, err := exportCadence(ctx, c, cd.ID)
		Expect(err).NotTo(HaveOccurred(), "GET /v2/cadence_exports/%d", cd.ID)
		if groups, ok := content["step_groups"].([]any); !ok || len(groups) > 0 {
			return source{id: cd.ID, content: content}
		}
	}
	Skip(fmt.Sprintf("none of the team's %d oldest cadences has steps; create one with steps to check cadence export and import", len(list.Data)))
	return source{}
}

// exportCadence returns data.cadence_content of GET /v2/cadence_exports/{id};
// nil when the export has none.
func exportCadence(ctx context.Context, c *salesloft.Client, id int) (map[string]any, error) {
	var out struct {
		Data map[string]any `json:"data"`
	}
	if _, err := c.Do(ctx, http.MethodGet, fmt.Sprintf("/v2/cadence_exports/%d", id), nil, nil, &out); err != nil {
		return nil, err
	}
	content, _ := out.Data["cadence_content"].(map[string]any)
	return content, nil
}

// importCadence posts content to /v2/cadence_imports under a new name and
// returns data.cadence.id.
func importCadence(ctx context.Context, c *salesloft.Client, content map[string]any, name string) int {
	settings := map[string]any{}
	if s, ok := content["settings"].(map[string]any); ok {
		for k, v := range s {
			settings[k] = v
		}
	}
	settings["name"] = name
	body := map[string]any{
		"settings":         settings,
		"sharing_settings": content["sharing_settings"],
		"cadence_content":  map[string]any{"step_groups": content["step_groups"]},
	}
	var out struct {
		Data struct {
			Cadence *struct {
				ID int `json:"id"`
			} `json:"cadence"`
		} `json:"data"`
	}
	_, err := c.Do(ctx, http.MethodPost, "/v2/cadence_imports", nil, body, &out)
	Expect(err).NotTo(HaveOccurred(), "POST /v2/cadence_imports of the exported content named %q", name)
	Expect(out.Data.Cadence).NotTo(BeNil(), "the import answer has no data.cadence")
	Expect(out.Data.Cadence.ID).To(BeNumerically(">", 0), "data.cadence.id of the import")
	if spec.Target().Kind == config.TargetLive {
		spec.Note("cadence %d (%q) was imported; SalesLoft has no API to delete cadences, so archive it by hand", out.Data.Cadence.ID, name)
	}
	return out.Data.Cadence.ID
}

// badFunction is the cadence_function the invalid import sends; SalesLoft
// knows outbound, inbound, event and other (API-FACTS §4.2).
const badFunction = "loftgate-bogus"

// invalidImport is an import whose settings lack name and carry an unknown
// cadence_function; everything else is well formed.
func invalidImport() map[string]any {
	return map[string]any{
		"settings": map[string]any{
			"target_daily_people": 10,
			"remove_replied":      true,
			"remove_bounced":      true,
			"external_identifier": nil,
			"cadence_function":    badFunction,
		},
		"sharing_settings": map[string]any{"team_cadence": false, "shared": false},
		"cadence_content": map[string]any{"step_groups": []any{map[string]any{
			"day": 1, "due_immediately": false, "automated": false,
			"steps": []any{map[string]any{
				"enabled": true, "name": "loftgate invalid import", "type": "Other",
				"type_settings": map[string]any{"instructions": "never imported"},
			}},
		}}},
	}
}
