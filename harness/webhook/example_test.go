package webhook_test

import (
	"errors"
	"fmt"

	"github.com/loftgate/loftgate/harness/webhook"
)

func ExampleSign() {
	fmt.Println(webhook.Sign([]byte(`{"id":1}`), "loftgate-test-key"))
	// Output: 84a64ddfd90533f54bc0e63d9c1064865220b063
}

func ExampleVerify() {
	raw := []byte(`{"id":1}`)
	sig := "84a64ddfd90533f54bc0e63d9c1064865220b063" // from the x-salesloft-signature header
	fmt.Println(webhook.Verify(raw, sig, "loftgate-test-key"))

	// Re-serialised JSON is a different byte string, so it fails: verify the raw body.
	err := webhook.Verify([]byte(`{"id": 1}`), sig, "loftgate-test-key")
	fmt.Println(errors.Is(err, webhook.ErrSignatureMismatch))
	// Output:
	// <nil>
	// true
}
