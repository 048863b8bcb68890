package records_test

import (
	"testing"

	_ "github.com/onsi/ginkgo/v2" // marks the package as a Ginkgo suite for the ginkgo CLI

	"github.com/loftgate/loftgate/suites/spec"
)

func TestRecords(t *testing.T) { spec.Run(t, "records") }
