package main

import (
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; a
// `go install`ed binary reports its module version instead.
var version = "dev"

func toolVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "loftgate",
		Short: "Gate a SalesLoft REST API v2 migration on executable conformance specs",
		Long: `loftgate runs the SalesLoft migration checklist (OAuth 2.0 flows, token
refresh, /v2/me, error handling, rate-limit costs, paging, cadence
import/export, webhook signatures) as Ginkgo specs against recorded
fixtures (the default), the bundled simulator, or a live staging app,
and reports pass/fail per checklist item.

Exit codes:
  0  every required (MUST) checklist item passed; the command succeeded
  1  a required item failed, the run timed out, --check found drift, or
     an audit gate failed
  2  usage or configuration error (the message names the file, field or
     variable to fix)
  130, 143  run or record interrupted by SIGINT or SIGTERM (reports are
     written with verdict interrupted)

Shell completion: ` + "`loftgate completion bash|zsh|fish|powershell`" + ` prints a
script; ` + "`loftgate completion bash --help`" + ` says where to put it.`,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --version only: -v means --verbose wherever a command has it.
	root.Flags().Bool("version", false, "print the version alone (the version command says more)")
	root.SetVersionTemplate("loftgate {{.Version}}\n")
	root.AddCommand(newRunCmd(), newRecordCmd(), newSimCmd(), newServeCmd(), newProxyCmd(),
		newContractCmd(), newAuthCmd(), newAuditCmd(), newVersionCmd())
	return root
}
