package cadence_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestCadence(t *testing.T) { spec.Run(t, "cadence") }
