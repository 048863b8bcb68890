package paging_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestPaging(t *testing.T) { spec.Run(t, "paging") }
