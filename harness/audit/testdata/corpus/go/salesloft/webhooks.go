package salesloft

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// VerifySignature checks the x-salesloft-signature header.
func VerifySignature(r *http.Request, body []byte, callbackToken string) bool {
	mac := hmac.New(sha256.New, []byte(callbackToken))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(r.Header.Get("X-Salesloft-Signature")))
}
