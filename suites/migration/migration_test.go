package migration_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestMigration(t *testing.T) { spec.Run(t, "migration") }
