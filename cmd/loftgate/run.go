package main

import (
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/run"
)

func newRunCmd() *cobra.Command {
	var (
		cf       configFlags
		labels   string
		faults   []string
		baseline string
		verbose  bool
		quiet    bool
	)
	cmd := &cobra.Command{
		Use:   "run",
		Short: "Run the checklist specs and write the reports",
		Long: `Run every migration-checklist spec against the target and report
pass/fail per checklist item on the terminal and in --report-dir
(report.json, junit.xml, report.md, report.html).

With no flags the specs run against the recorded fixtures in fixtures/
through a loopback replay server: no network, no secrets.

The header prints first, then a line per checklist item the moment its
last spec finishes (also into a pipe or a CI log), then the failures and
the verdict. On a terminal a status line shows the spec running. With
--quiet only the failures and the verdict line are printed; errors still
go to stderr.`,
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
			if quiet && verbose {
				return usageErr(errors.New("--quiet and --verbose contradict each other; give one"))
			}
			out := cmd.OutOrStdout()
			opts := []run.Option{
				run.WithLabelFilter(labels), run.WithFaults(faults...), run.WithBaseline(baseline),
				run.WithReportDir(cfg.ReportDir), run.WithTool("loftgate " + toolVersion()),
				run.WithOutput(out, verbose), run.WithLog(cmd.ErrOrStderr()),
			}
			var progress *report.Progress
			if !quiet && !verbose {
				// Verbose mode prints Ginkgo's own progress instead.
				progress = report.NewProgress(out, report.ProgressOptions{Color: isTerminal(out), Live: isTerminal(out)})
				opts = append(opts, run.WithProgress(progress))
			}
			res, err := run.Run(cmd.Context(), cfg, opts...)
			var shown *report.Shown
			if progress != nil {
				shown = progress.End()
			}
			if err != nil {
				return runErr(err)
			}
			topts := report.TerminalOptions{ReportDir: cfg.ReportDir, Color: isTerminal(out), Verbose: verbose, Quiet: quiet, Shown: shown}
			if err := report.WriteTerminal(out, res.Report, topts); err != nil {
				return err
			}
			if res.Verdict != report.VerdictPass {
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
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the failures and the verdict line (errors still go to stderr)")
	return cmd
}

// isTerminal reports whether w is a terminal that takes colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

// runErr maps a run's error to an exit code: 2 for bad input, 1 otherwise.
func runErr(err error) error {
	var ue *run.UsageError
	if errors.As(err, &ue) {
		return usageErr(ue.Err)
	}
	return failed(err)
}
