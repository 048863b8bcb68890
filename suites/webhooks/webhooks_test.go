package webhooks_test

import (
	"testing"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestWebhooks(t *testing.T) { spec.Run(t, "webhooks") }
