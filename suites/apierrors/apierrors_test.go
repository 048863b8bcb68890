package apierrors_test

import (
	"testing"

	// The ginkgo CLI treats a package as a Ginkgo suite (honouring -p,
	// --label-filter and the rest) only when a test file imports ginkgo.
	_ "github.com/onsi/ginkgo/v2"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestAPIErrors(t *testing.T) { spec.Run(t, "errors") }
