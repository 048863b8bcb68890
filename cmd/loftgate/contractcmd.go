package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
)

func newContractCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contract",
		Short: "Inspect the SalesLoft contract and check payloads against it",
	}
	cmd.AddCommand(newContractValidateCmd(), newContractListCmd())
	return cmd
}

func newContractValidateCmd() *cobra.Command {
	var (
		operation string
		event     string
		status    int
		request   bool
	)
	cmd := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a request or response body against the contract",
		Long: `Check a JSON body (a payload pasted from a bug report or captured in
production; - reads standard input) against the contract's schema for one
operation, and print every violation with its JSON path.

Without --request the body is a response with status --status (default 200);
the rate headers are not checked because a pasted body has none. With --event
the body is a webhook delivery of that event type (e.g. person_created).`,
		Example: `  loftgate contract validate --operation 'GET /v2/me' --status 200 me.json
  loftgate contract validate --operation 'POST /v2/accounts' --request account.json
  pbpaste | loftgate contract validate --operation 'GET /v2/people/{id}' -
  loftgate contract validate --event task_created delivery.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if event != "" {
				return validateDelivery(cmd, event, args[0])
			}
			method, path, ok := strings.Cut(strings.TrimSpace(operation), " ")
			if !ok {
				return usageErr(fmt.Errorf("--operation %q: write it as 'METHOD /path', e.g. 'GET /v2/me'", operation))
			}
			body, err := readInput(cmd.InOrStdin(), args[0])
			if err != nil {
				return usageErr(err)
			}
			if !json.Valid(body) {
				return usageErr(fmt.Errorf("%s: not valid JSON", args[0]))
			}
			c, err := contract.Load()
			if err != nil {
				return err
			}
			method = strings.ToUpper(method)
			op, _, found := c.Match(method, path)
			if !found {
				return usageErr(fmt.Errorf("--operation %q is not in the contract; `loftgate contract list` shows the operations", operation))
			}
			ex := exchangeFor(op, method, path, body, status, request)
			var vs []contract.Violation
			if request {
				vs = c.ValidateRequest(cmd.Context(), ex)
			} else {
				vs = c.ValidateResponse(cmd.Context(), ex)
			}
			out := cmd.OutOrStdout()
			var kept []contract.Violation
			for _, v := range vs {
				if v.Rule == "response-header" {
					continue // a pasted body has no headers
				}
				kept = append(kept, v)
			}
			if len(kept) == 0 {
				fmt.Fprintf(out, "ok: %s conforms to %s\n", args[0], op.Key)
				return nil
			}
			for _, v := range kept {
				fmt.Fprintf(out, "%s\t%s\t%s\n", v.Pointer, v.Rule, v.Message)
			}
			return failed(fmt.Errorf("%d violations of %s", len(kept), op.Key))
		},
	}
	cmd.Flags().StringVar(&operation, "operation", "", "the operation, as 'METHOD /path' (required)")
	cmd.Flags().IntVar(&status, "status", 200, "the response status the body came with")
	cmd.Flags().BoolVar(&request, "request", false, "the body is a request body, not a response")
	cmd.Flags().StringVar(&event, "event", "", "the body is a webhook delivery of this event type, e.g. person_created")
	cmd.MarkFlagsOneRequired("operation", "event")
	cmd.MarkFlagsMutuallyExclusive("operation", "event")
	return cmd
}

// validateDelivery checks a captured webhook delivery body against the event's schema.
func validateDelivery(cmd *cobra.Command, event, name string) error {
	body, err := readInput(cmd.InOrStdin(), name)
	if err != nil {
		return usageErr(err)
	}
	if !json.Valid(body) {
		return usageErr(fmt.Errorf("%s: not valid JSON", name))
	}
	c, err := contract.Load()
	if err != nil {
		return err
	}
	vs := c.ValidateDelivery(cmd.Context(), contract.Delivery{Event: event, Body: body})
	out := cmd.OutOrStdout()
	if len(vs) == 0 {
		fmt.Fprintf(out, "ok: %s conforms to webhook %s\n", name, event)
		return nil
	}
	for _, v := range vs {
		if v.Rule == contract.RuleUnknownEvent {
			return usageErr(fmt.Errorf("--event %q: %s", event, v.Message))
		}
		fmt.Fprintf(out, "%s\t%s\t%s\n", v.Pointer, v.Rule, v.Message)
	}
	return failed(fmt.Errorf("%d violations of webhook %s", len(vs), event))
}

// exchangeFor builds the exchange a pasted body stands for: the path's
// parameters filled with 1 and the rate headers present, so only the body
// is judged.
func exchangeFor(op contract.Operation, method, path string, body []byte, status int, request bool) contract.Exchange {
	concrete := strings.NewReplacer("{id}", "1").Replace(path)
	u := &url.URL{Path: concrete}
	reqH := http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer x"}}
	respH := http.Header{"Content-Type": {"application/json"}, "X-Ratelimit-Endpoint-Cost": {"1"}, "X-Ratelimit-Remaining-Minute": {"599"}}
	ex := contract.Exchange{Method: method, URL: u, RequestHeader: reqH, Status: status, ResponseHeader: respH}
	if request {
		ex.RequestBody = body
	} else {
		ex.ResponseBody = body
	}
	_ = op
	return ex
}

func readInput(stdin io.Reader, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: %v", name, pe.Err)
		}
		return nil, err
	}
	return b, nil
}

func newContractListCmd() *cobra.Command {
	var fixtures string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the contract's operations with their cost, scope and coverage",
		Long: `List every operation of the contract with its rate cost (x-cost), the
OAuth scope it needs, and whether the recorded fixtures exercise it (the
evidence that a conformance spec covers it).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := contract.Load()
			if err != nil {
				return err
			}
			covered := map[string]bool{}
			if set, err := replay.Load(fixtures); err == nil {
				for _, f := range set.Files() {
					for _, in := range f.Interactions {
						if op, _, ok := c.Match(in.Request.Method, in.Request.Path); ok {
							covered[op.Key] = true
						}
					}
				}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "OPERATION\tCOST\tSCOPE\tCOVERED")
			for _, op := range c.Operations() {
				scope := op.Scope
				if scope == "" {
					scope = "-"
				}
				cov := "no"
				if covered[op.Key] {
					cov = "yes"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", op.Key, op.Cost, scope, cov)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&fixtures, "fixtures", "fixtures", "fixtures directory used as coverage evidence")
	return cmd
}
