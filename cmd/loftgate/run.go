package main

import (
	"errors"
	"fmt"
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
		bounds   boundFlags
		skipFail bool
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

Bounds: each spec's setup, body and each cleanup get --spec-timeout (3m);
the whole run gets --timeout (30m). A spec that runs out of time fails,
naming the calls still unanswered; a run that reaches --timeout fails.

Exit codes: 0 every MUST item passed; 1 a MUST item failed (or was
skipped under --fail-on-skip, or the run timed out); 2 a usage or
configuration error; 130 interrupted by SIGINT, 143 by SIGTERM.

On the first SIGINT or SIGTERM no further spec starts, the running spec
is stopped and its cleanups delete what it created, and the reports are
written with verdict interrupted; a second signal exits at once.

Everything printed (-v included) and written is scrubbed of every secret
the run knows or learns, and of values under secret-like names.

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
			if skipFail {
				cfg.FailOnSkip = true
			}
			out := cmd.OutOrStdout()
			opts := append([]run.Option{
				run.WithLabelFilter(labels), run.WithFaults(faults...), run.WithBaseline(baseline),
				run.WithReportDir(cfg.ReportDir), run.WithTool("loftgate " + toolVersion()),
				run.WithOutput(out, verbose), run.WithLog(cmd.ErrOrStderr()),
			}, bounds.options(cmd.Flags(), cfg)...)
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
			if res.Report.Verdict == report.VerdictInterrupted {
				return interrupted(res)
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
	bounds.register(cmd.Flags())
	cmd.Flags().BoolVar(&skipFail, "fail-on-skip", false, "fail the run when a MUST item is skipped, naming the items and reasons (config: fail_on_skip: true)")
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

// interrupted is the exit of a run stopped by a signal: 130 for SIGINT,
// 143 for SIGTERM.
func interrupted(res *run.Result) error {
	return &exitError{code: run.ExitCode(res.Signal), err: fmt.Errorf("interrupted by %s: the running spec was stopped and cleaned up, and the reports say interrupted", run.SignalName(res.Signal))}
}
