package main

// The checklist suites; each registers its specs with harness/run when
// imported.
import (
	_ "github.com/loftgate/loftgate/suites/apierrors"
	_ "github.com/loftgate/loftgate/suites/cadence"
	_ "github.com/loftgate/loftgate/suites/me"
	_ "github.com/loftgate/loftgate/suites/migration"
	_ "github.com/loftgate/loftgate/suites/oauth"
	_ "github.com/loftgate/loftgate/suites/paging"
	_ "github.com/loftgate/loftgate/suites/ratelimit"
	_ "github.com/loftgate/loftgate/suites/records"
	_ "github.com/loftgate/loftgate/suites/webhooks"
)
