package apierrors_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestAPIErrors(t *testing.T) { spec.Run(t, "errors") }
