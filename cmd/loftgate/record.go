package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/report"
	"github.com/loftgate/loftgate/harness/run"
	"github.com/loftgate/loftgate/harness/secret"
)

func newRecordCmd() *cobra.Command {
	var (
		cf     configFlags
		labels string
		faults []string
		check  bool
		bounds boundFlags
	)
	cmd := &cobra.Command{
		Use:   "record",
		Short: "Run the specs against the simulator or a live app and write scrubbed fixtures",
		Long: `Run the checklist specs against --target sim (default) or live and write
what was exchanged as fixtures (one YAML file per spec). Every secret is
replaced by a stable placeholder before anything touches disk, and a leak
scan fails the command if a known secret still appears in any file.

When fixtures already exist, the semantic drift per operation (fields
added, removed or retyped; statuses; rate costs; new or vanished
interactions) is printed before they are overwritten. With --check nothing
is written and the command exits 1 if there is any drift.

Bounds: as for run, each spec's setup, body and each cleanup get
--spec-timeout (3m) and the whole recording gets --timeout (30m).

Exit codes: 0 the fixtures were written and every MUST item passed (with
--check: no drift); 1 a MUST item failed or the recording reached
--timeout (the fixtures are written all the same), writing or the leak
scan failed, or --check found drift; 2 a usage or configuration error;
130 interrupted by SIGINT, 143 by SIGTERM (no fixture is written).`,
		Example: `  loftgate record                       # from the simulator into fixtures/
  loftgate record --target live --allow-writes
  loftgate record --check               # CI: fail if SalesLoft drifted from the fixtures`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := cf.load(cmd)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("target") && os.Getenv("LOFTGATE_TARGET") == "" {
				cfg.Target = config.TargetSim
			}
			// Existing fixtures are read first: a malformed file is a usage
			// error before anything runs, not after a whole live recording.
			old, err := replay.Load(cfg.Fixtures)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				old = nil
			case err != nil:
				return usageErr(err)
			}
			opts := []run.Option{run.WithRecording(), run.WithLabelFilter(labels), run.WithFaults(faults...),
				run.WithTool("loftgate " + toolVersion()), run.WithOutput(cmd.OutOrStdout(), false), run.WithLog(cmd.ErrOrStderr())}
			opts = append(opts, bounds.options(cmd.Flags(), cfg)...)
			if !check {
				opts = append(opts, run.WithReportDir(cfg.ReportDir))
			}
			res, err := run.Run(cmd.Context(), cfg, opts...)
			if err != nil {
				return runErr(err)
			}
			if res.Report != nil && res.Report.Verdict == report.VerdictInterrupted {
				// A recording cut short would drop the specs that did not run.
				return interrupted(res)
			}
			files := res.Files
			out := cmd.OutOrStdout()
			changes, err := drift(cfg, old, files, labels != "", res.Contract)
			if err != nil {
				return failed(err)
			}
			if len(changes) > 0 {
				fmt.Fprintf(out, "drift against %s:\n", cfg.Fixtures)
				if err := replay.FormatDiff(out, changes); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(out, "no drift against %s\n", cfg.Fixtures)
			}
			if check {
				if len(changes) > 0 {
					return failed(fmt.Errorf("%d changes against the recorded fixtures", len(changes)))
				}
				return nil
			}
			var wopts []replay.WriteOption
			if labels != "" {
				wopts = append(wopts, replay.KeepStale()) // a partial recording keeps the other specs' files
			}
			if err := replay.Write(cfg.Fixtures, files, wopts...); err != nil {
				return failed(err)
			}
			if err := secret.LeakScan([]string{cfg.Fixtures}, res.Secrets); err != nil {
				return failed(err)
			}
			fmt.Fprintf(out, "wrote %d fixture files to %s\n", len(files), cfg.Fixtures)
			if err := report.WriteTerminal(out, res.Report, report.TerminalOptions{ReportDir: cfg.ReportDir}); err != nil {
				return err
			}
			if res.Verdict != report.VerdictPass {
				return failed(errors.New("a required checklist item failed while recording; the fixtures hold what happened"))
			}
			return nil
		},
	}
	cf.register(cmd.Flags(), true)
	cmd.Flags().Lookup("target").Usage = recordTargetUsage
	cmd.Flags().StringVar(&labels, "label-filter", "", "record only specs whose labels match this Ginkgo label expression")
	cmd.Flags().StringArrayVar(&faults, "fault", nil, "simulator fault for the whole recording (repeatable)")
	cmd.Flags().BoolVar(&check, "check", false, "only report drift against the existing fixtures; exit 1 if there is any")
	bounds.register(cmd.Flags())
	return cmd
}

// recordTargetUsage is the --target help of record, whose default is sim.
const recordTargetUsage = "where the specs run: sim (bundled simulator, default) or live; replay is refused (it would record the fixtures onto themselves)"

// drift compares what was just recorded with the fixtures on disk.
// With partial set (a --label-filter recording), only the recorded specs'
// old files are compared, so the specs left out do not read as vanished.
func drift(cfg *config.Config, old *replay.Set, files []*replay.File, partial bool, c *contract.Contract) ([]replay.Change, error) {
	if old == nil {
		return nil, nil
	}
	if partial {
		recorded := map[string]bool{}
		for _, f := range files {
			recorded[f.Metadata.Spec] = true
		}
		var kept []*replay.File
		for _, f := range old.Files() {
			if recorded[f.Metadata.Spec] {
				kept = append(kept, f)
			}
		}
		var err error
		if old, err = replay.NewSet(kept); err != nil {
			return nil, err
		}
	}
	consumed := map[string][]string{}
	for op, fields := range cfg.Fields {
		for _, f := range fields {
			consumed[op] = append(consumed[op], f.Path)
		}
	}
	match := func(method, path string) (string, bool) {
		op, _, ok := c.Match(method, path)
		return op.Key, ok
	}
	recorded, err := replay.NewSet(files)
	if err != nil {
		return nil, err
	}
	return replay.Diff(old, recorded, consumed, match), nil
}
