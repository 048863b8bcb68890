package me_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestMe(t *testing.T) { spec.Run(t, "me") }
