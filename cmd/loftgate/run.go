package main

import (
	"errors"
	"os"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/target"
)

func newRunCmd() *cobra.Command {
	var (
		cf       configFlags
		labels   string
		faults   []string
		baseline string
		verbose  bool
	)
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the checklist specs and write the reports",
		Long: `Run every migration-checklist spec against the target and report
pass/fail per checklist item on the terminal and in --report-dir
(report.json, junit.xml, report.md, report.html).

With no flags the specs run against the recorded fixtures in fixtures/
through a loopback replay server: no network, no secrets.`,
		Example: `  loftgate run
  loftgate run --target sim --report-dir out
  loftgate run --target live --allow-writes
  loftgate run --label-filter 'AUTH-REFRESH-ROTATION || AUTH-REFRESH-EARLY'
  loftgate run --baseline old/report.json
  loftgate run --target sim --fault 'cost_change=3@GET /v2/people'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := cf.load(cmd)
			if err != nil {
				return err
			}
			var base *report.Report
			if baseline != "" {
				if base, err = report.Load(baseline); err != nil {
					return usageErr(err)
				}
			}
			run := &suiteRun{cfg: cfg, labelFilter: labels, faults: faults, verbose: verbose, out: cmd.OutOrStdout()}
			if cfg.Target != config.TargetReplay {
				// The recorder's scrubber discovers every secret in the traffic
				// (tokens, codes, callback tokens, people's emails and phones), so
				// the reports are scrubbed of them too; nothing is written.
				rec := replay.NewRecorder(replay.RecorderOptions{Target: string(cfg.Target)})
				run.recorder = rec
				run.finished = func(t *target.Target, _ types.Report) error { _, err := rec.Files(t.Secrets); return err }
			}
			res, err := run.execute(cmd.Context())
			if err != nil {
				return err
			}
			if base != nil {
				res.report.CompareBaseline(base, baseline)
			}
			out := cmd.OutOrStdout()
			if err := writeReports(cfg.ReportDir, res); err != nil {
				return failed(err)
			}
			if err := report.WriteTerminal(out, res.report, report.TerminalOptions{ReportDir: cfg.ReportDir, Color: isTerminal(os.Stdout), Verbose: verbose}); err != nil {
				return err
			}
			if res.report.Verdict != "pass" {
				return failed(errors.New("a required checklist item failed"))
			}
			return nil
		},
	}
	cf.register(cmd.Flags(), true)
	cmd.Flags().StringVar(&labels, "label-filter", "", "run only specs whose checklist labels match this Ginkgo label expression")
	cmd.Flags().StringArrayVar(&faults, "fault", nil, "switch a simulator fault on for the whole run (sim target; repeatable): name[=value][@METHOD /path][#count]")
	cmd.Flags().StringVar(&baseline, "baseline", "", "a previous report.json; mark each item new failure, fixed or unchanged")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "show Ginkgo's output and list every spec")
	return cmd
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}
