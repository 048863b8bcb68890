package zz_faultcheck

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/target"
	"github.com/loftgate/loftgate/suites/spec"

	_ "github.com/loftgate/loftgate/suites/cadence"
	_ "github.com/loftgate/loftgate/suites/migration"
	_ "github.com/loftgate/loftgate/suites/webhooks"
)

func TestFaults(t *testing.T) {
	cfg := config.Default()
	cfg.Target = config.TargetSim
	cfg.Audit = os.Getenv("LG_AUDIT")
	if os.Getenv("LG_EXTRA_FIELDS") != "" {
		cfg.Fields["GET /v2/people/{id}"] = []config.Field{{Path: "data.id", Type: "integer"}, {Path: "data.email_address", Type: "string"}, {Path: "data.owner.id", Type: "integer?"}}
		cfg.Fields["GET /v2/cadence_exports/{id}.json"] = []config.Field{{Path: "data.cadence_content.step_groups[].steps[].type", Type: "string"}, {Path: "data.cadence_content.step_groups[].reference_id", Type: "integer"}}
		cfg.Fields["POST /v2/people"] = []config.Field{{Path: "data.id", Type: "integer"}}
		cfg.Fields["GET /v2/webhook_subscriptions/{id}"] = []config.Field{{Path: "data.id", Type: "integer"}}
		cfg.Parity = append(cfg.Parity, "GET /v2/people/{id}", "GET /v2/cadences")
	}
	var faults []string
	if f := os.Getenv("LG_FAULTS"); f != "" {
		faults = strings.Split(f, ";")
	}
	opts := target.Options{Faults: faults}
	var tg *target.Target
	var rec *replay.Recorder
	dir := os.Getenv("LG_FIXTURES")
	switch os.Getenv("LG_MODE") {
	case "record":
		rec = replay.NewRecorder(replay.RecorderOptions{Target: "sim", Spec: func() string { return tg.Spec() }, Now: func() time.Time { return tg.Now() }})
		opts.Recorder = rec
	case "replay":
		cfg.Target = config.TargetReplay
		cfg.Fixtures = dir
	}
	var err error
	tg, err = target.Start(context.Background(), cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	spec.Use(tg)
	spec.Run(t, "faultcheck")
	if rec != nil {
		files, err := rec.Files(tg.Secrets)
		if err != nil {
			t.Fatal(err)
		}
		if err := replay.Write(dir, files); err != nil {
			t.Fatal(err)
		}
	}
}
