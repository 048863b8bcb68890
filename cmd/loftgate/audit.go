package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/audit"
)

// auditWriters maps --format to a renderer.
var auditWriters = map[string]func(io.Writer, *audit.Result) error{
	"text":     audit.WriteText,
	"json":     audit.WriteJSON,
	"markdown": audit.WriteMarkdown,
	"sarif":    audit.WriteSARIF,
}

// newAuditCmd builds `loftgate audit`: scan a codebase for the SalesLoft
// operations it calls and gate on the findings.
func newAuditCmd() *cobra.Command {
	var (
		format, failOn, configFile, output string
		includeNonCalls                    bool
		maxFileSize                        int64
		workers                            int
	)
	cmd := &cobra.Command{
		Use:   "audit [PATH]",
		Short: "Find every SalesLoft API call in a codebase and gate on what the upgrade means for it",
		Long: `audit scans a source tree (default: the current directory) for the SalesLoft
REST API v2 operations it calls — Go, JavaScript/TypeScript, Python, Ruby, PHP,
Java/Kotlin, C#, Elixir and YAML/JSON connector manifests — following base URLs
and paths across files, client wrappers and community SDKs. Each call is matched
to the endpoint catalog and the contract: unknown endpoints (a 404 waiting to
happen), operations no conformance spec covers, legacy .json paths, API-key
authentication, deep paging, and webhook checks that use SHA-256 or a timestamp
header. It also lists the OAuth scopes the new app must request.

Tests, mocks, fixtures, docs and spec files are left out; --include-non-calls
lists what they mention separately.

Exit codes:
  0  the gate passed
  1  the gate failed (a finding at or above --fail-on)
  2  usage or configuration error (bad flag, unreadable path or --config file)`,
		Example: `  loftgate audit .
  loftgate audit ./services/crm --format markdown --output audit.md
  loftgate audit . --format sarif --output audit.sarif --fail-on never   # upload to code scanning
  loftgate audit . --format json --fail-on warning
  loftgate audit . --config .loftgate-audit.yaml --include-non-calls

--config file (all keys optional):
  base_urls: [SL_ROOT, crmApiBase]   # variables that hold a SalesLoft base URL
  hosts: [salesloft-proxy.internal]  # hosts that forward to api.salesloft.com
  wrappers: [crm_call, slRequest]    # functions whose first string argument is a SalesLoft path
  ignore: ["legacy/**", "*.gen.ts"]  # globs, relative to PATH`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			if len(args) == 1 {
				root = args[0]
			}
			write, ok := auditWriters[format]
			if !ok {
				return usageErr(fmt.Errorf("--format %q: use text, json, markdown or sarif", format))
			}
			switch failOn {
			case "error", "warning", "never":
			default:
				return usageErr(fmt.Errorf("--fail-on %q: use error, warning or never", failOn))
			}
			opts := audit.Options{Root: root, IncludeNonCalls: includeNonCalls, MaxFileSize: maxFileSize, Workers: workers}
			if configFile != "" {
				cfg, err := audit.LoadConfig(configFile)
				if err != nil {
					return usageErr(err)
				}
				opts.Config = cfg
			}
			res, err := audit.Scan(auditContext(cmd), opts)
			if err != nil {
				if errors.Is(err, audit.ErrBadRoot) {
					return usageErr(err)
				}
				return err
			}
			if err := writeAuditReport(cmd.OutOrStdout(), output, write, res); err != nil {
				return usageErr(err)
			}
			if res.Gate(failOn) {
				errs := 0
				for _, f := range res.Findings {
					if f.Severity == audit.SeverityError {
						errs++
					}
				}
				noun := "errors"
				if errs == 1 {
					noun = "error"
				}
				return failed(fmt.Errorf("audit: gate failed at --fail-on %s: %d %s (%d findings); see the report", failOn, errs, noun, len(res.Findings)))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&format, "format", "text", "report format: text, json, markdown or sarif")
	f.StringVar(&failOn, "fail-on", "error", "lowest finding severity that fails the gate: error, warning or never")
	f.StringVar(&configFile, "config", "", "YAML file with extra base URL variables, hosts, wrapper names and ignore globs")
	f.StringVar(&output, "output", "", "write the report to this file instead of standard output")
	f.BoolVar(&includeNonCalls, "include-non-calls", false, "also list SalesLoft paths found in tests, mocks, fixtures, docs and spec files")
	f.Int64Var(&maxFileSize, "max-file-size", audit.DefaultMaxFileSize, "skip files larger than this many bytes")
	f.IntVar(&workers, "workers", 0, "files analysed at once (0: one per CPU)")
	return cmd
}

// writeAuditReport renders the report to stdout, or atomically to a file.
func writeAuditReport(stdout io.Writer, output string, write func(io.Writer, *audit.Result) error, res *audit.Result) error {
	if output == "" {
		return write(stdout, res)
	}
	if err := writeFileAtomic(output, func(w io.Writer) error { return write(w, res) }); err != nil {
		return fmt.Errorf("--output %s: %w", output, err)
	}
	return nil
}

// auditContext is the context a scan runs under (cobra's, or background).
func auditContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}
