package zz_faultcheck

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/config"
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
	var faults []string
	if f := os.Getenv("LG_FAULTS"); f != "" {
		faults = strings.Split(f, ";")
	}
	tg, err := target.Start(context.Background(), cfg, target.Options{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	spec.Use(tg)
	spec.Run(t, "faultcheck")
}
