package main

import (
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/loftgate/loftgate/harness/config"
)

// configFlags are the flags every command that builds a Config shares. Only
// the flags the user set override the file and the environment.
type configFlags struct {
	file        string
	dotenv      string
	target      string
	fixtures    string
	reportDir   string
	accountsURL string
	apiURL      string
	allowWrites bool
	audit       string
}

// register adds the flags; withRun adds those that only mean something to
// a command that runs the specs (target, fixtures, reports, writes, audit).
func (f *configFlags) register(fs *pflag.FlagSet, withRun bool) {
	fs.StringVar(&f.file, "config", config.DefaultFile, "configuration file (YAML); read if present unless named explicitly")
	fs.StringVar(&f.dotenv, "env-file", "", "a .env file to read (default ./.env if present)")
	fs.StringVar(&f.accountsURL, "accounts-url", "", "OAuth host for a live target (default https://accounts.salesloft.com)")
	fs.StringVar(&f.apiURL, "api-url", "", "API host for a live target (default https://api.salesloft.com)")
	if !withRun {
		return
	}
	fs.StringVar(&f.target, "target", "", "where the specs run: replay (recorded fixtures, default), sim (bundled simulator) or live")
	fs.StringVar(&f.fixtures, "fixtures", "", "fixtures directory (default fixtures/)")
	fs.StringVar(&f.reportDir, "report-dir", "", "directory for report.json, junit.xml, report.md and report.html (default reports/)")
	fs.BoolVar(&f.allowWrites, "allow-writes", false, "let specs create (and then delete) records on a live target")
	fs.StringVar(&f.audit, "audit", "", "also audit the codebase at PATH for SalesLoft calls (checklist item MIG-ENDPOINT-AUDIT)")
}

// load builds the Config: defaults, file, environment, .env, then the
// flags that were set. Any error is a usage error (exit 2).
func (f *configFlags) load(cmd *cobra.Command) (*config.Config, error) {
	cfg, err := config.Load(config.Sources{
		File:         f.file,
		FileRequired: cmd.Flags().Changed("config"),
		DotEnv:       f.dotenv,
	})
	if err != nil {
		return nil, usageErr(err)
	}
	set := func(name string, apply func()) {
		if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
			apply()
		}
	}
	set("target", func() { cfg.Target = config.Target(f.target) })
	set("fixtures", func() { cfg.Fixtures = f.fixtures })
	set("report-dir", func() { cfg.ReportDir = f.reportDir })
	set("accounts-url", func() { cfg.AccountsURL = f.accountsURL })
	set("api-url", func() { cfg.APIURL = f.apiURL })
	set("allow-writes", func() { cfg.AllowWrites = f.allowWrites })
	set("audit", func() { cfg.Audit = f.audit })
	if err := cfg.Validate(); err != nil {
		return nil, usageErr(err)
	}
	return cfg, nil
}
