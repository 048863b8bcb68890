// Package webhooks receives SalesLoft webhook deliveries.
package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
)

// Verify checks the x-salesloft-signature header of a delivery against the
// callback token (written with the wrong hash: SalesLoft signs with SHA-1).
func Verify(r *http.Request, token string) bool {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(r.Header.Get("x-salesloft-signature")))
}
