package webhooks_test

import (
	"testing"

	// The ginkgo CLI treats a package as a Ginkgo suite (and passes -p,
	// --label-filter and its other flags on) only when a _test.go file
	// imports Ginkgo; without this it runs plain go test.
	_ "github.com/onsi/ginkgo/v2"

	"github.com/loftgate/loftgate/suites/spec"
)

func TestWebhooks(t *testing.T) { spec.Run(t, "webhooks") }
