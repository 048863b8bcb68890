// Package migration holds the specs that check an integration's own use of
// the API against the target: the response fields it declares it reads
// (loftgate.yaml fields), the endpoints its code calls (loftgate.yaml
// audit), and that moving from the legacy API key to OAuth changes who
// authenticates, not what the API returns.
package migration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/loftgate/loftgate/harness/audit"
	"github.com/loftgate/loftgate/suites/spec"
)

// meOperation is always part of AUTH-PARITY, besides the configured reads.
const meOperation = "GET /v2/me"

var _ = spec.Describe("migration", func() {
	It("returns every declared field with its declared type", spec.Items("MIG-FIELDS-CONSUMED"), func(ctx context.Context) {
		fields := spec.Target().Config().Fields
		if len(fields) == 0 {
			Skip("no fields declared; list the response fields your integration reads under `fields:` in loftgate.yaml")
		}
		c := spec.UserClient(ctx)

		var problems []string
		checked := 0
		for _, key := range sortedKeys(fields) {
			op, err := parseOperation(key)
			if err != nil {
				problems = append(problems, fmt.Sprintf("fields: %v", err))
				continue
			}
			if op.method != http.MethodGet {
				spec.Note("MIG-FIELDS-CONSUMED: %s not checked: only GET operations are called, so nothing is written", key)
				continue
			}
			concrete, err := resolve(ctx, c, op.path)
			var none errNoRecord
			if errors.As(err, &none) {
				spec.Note("MIG-FIELDS-CONSUMED: %s not checked: %v", key, err)
				continue
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", key, err))
				continue
			}
			body, err := get(ctx, c, concrete)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", key, err))
				continue
			}
			if env, ok := body.(map[string]any); ok {
				if list, ok := env["data"].([]any); ok && len(list) == 0 {
					// An empty list proves nothing about its elements' fields.
					spec.Note("MIG-FIELDS-CONSUMED: %s not checked: it answered an empty list", key)
					continue
				}
			}
			checked++
			for _, p := range checkFields(body, fields[key]) {
				problems = append(problems, fmt.Sprintf("%s: %s", key, p))
			}
		}
		if len(problems) > 0 {
			Fail(fmt.Sprintf("%d declared field problem(s):\n  %s", len(problems), strings.Join(problems, "\n  ")))
		}
		if checked == 0 {
			Skip("no declared operation could be checked (see the notes)")
		}
	})

	It("finds no call to an unknown endpoint or to an operation no spec covers in the audited codebase", spec.Items("MIG-ENDPOINT-AUDIT"), spec.NoTraffic, func(ctx context.Context) {
		root := spec.Target().Config().Audit
		if root == "" {
			Skip("run with --audit PATH to audit a codebase")
		}
		res, err := audit.Scan(ctx, audit.Options{Root: root})
		Expect(err).NotTo(HaveOccurred(), "audit %s", root)
		spec.Note("MIG-ENDPOINT-AUDIT: %s: %d SalesLoft call(s) in %d file(s)", root, len(res.Usages), res.Summary.Analyzed)
		if problems := res.EndpointProblems(); len(problems) > 0 {
			lines := make([]string, len(problems))
			for i, f := range problems {
				lines[i] = fmt.Sprintf("%s:%d: %s (%s): %s", f.File, f.Line, f.Rule, f.Severity, f.Message)
			}
			Fail(fmt.Sprintf("%s calls %d endpoint(s) that are unknown or that no spec covers:\n  %s", root, len(problems), strings.Join(lines, "\n  ")))
		}
	})

	It("returns the same identity and the same records to the API key and to OAuth", spec.Items("AUTH-PARITY"), func(ctx context.Context) {
		t := spec.Target()
		keySource, err := t.APIKey()
		Expect(spec.Skippable(err)).To(Succeed())
		keyClient, err := t.Client(keySource)
		Expect(err).NotTo(HaveOccurred())
		c := spec.UserClient(ctx)

		var problems []string
		seen := map[string]bool{}
		for _, key := range append([]string{meOperation}, t.Config().Parity...) {
			if seen[key] {
				continue
			}
			seen[key] = true
			op, err := parseOperation(key)
			if err != nil {
				problems = append(problems, fmt.Sprintf("parity: %v", err))
				continue
			}
			if op.method != http.MethodGet {
				problems = append(problems, fmt.Sprintf("parity: %s is not a read operation; list only GET operations under `parity:`", key))
				continue
			}
			concrete, err := resolve(ctx, c, op.path)
			var none errNoRecord
			if errors.As(err, &none) {
				spec.Note("AUTH-PARITY: %s not compared: %v", key, err)
				continue
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", key, err))
				continue
			}
			byKey, err := get(ctx, keyClient, concrete)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s with the %s: %v", key, labelKey, err))
				continue
			}
			byOAuth, err := get(ctx, c, concrete)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s with %s: %v", key, labelOAuth, err))
				continue
			}
			diffs := compareRecords(byKey, byOAuth)
			if key == meOperation {
				diffs = compareIdentity(byKey, byOAuth)
			}
			for _, d := range diffs {
				problems = append(problems, fmt.Sprintf("%s: %s", key, d))
			}
		}
		if len(problems) > 0 {
			Fail(fmt.Sprintf("the API key and OAuth see different data (%d difference(s)):\n  %s", len(problems), strings.Join(problems, "\n  ")))
		}
	})
})

// sortedKeys returns m's keys in order, so specs call operations in the
// same order every run (and replay from fixtures).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
