package ratelimit_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestRateLimit(t *testing.T) { spec.Run(t, "ratelimit") }
