package oauth_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestOAuth(t *testing.T) { spec.Run(t, "oauth") }
