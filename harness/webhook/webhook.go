// Package webhook signs and verifies SalesLoft webhook deliveries.
//
// SalesLoft POSTs the bare resource JSON to the subscription's callback_url with two
// headers: x-salesloft-event (the event type) and x-salesloft-signature, the hex HMAC-SHA1
// digest of the raw request body keyed with the subscription's callback_token
// (API-FACTS §8). There is no timestamp header and no replay protection. Claims of
// HMAC-SHA256 over "timestamp.body" come from withdrawn third-party material.
package webhook

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

const (
	// SignatureHeader carries the hex HMAC-SHA1 of the raw body, keyed with callback_token.
	SignatureHeader = "x-salesloft-signature"
	// EventHeader carries the event type, e.g. person_updated; the body has no event wrapper.
	EventHeader = "x-salesloft-event"
)

// MaxBodyBytes is the largest delivery body Handler reads; larger requests get 413.
const MaxBodyBytes = 10 << 20

// Verification errors, matched with errors.Is. None of them contains the callback token
// or the expected signature.
var (
	// ErrMissingSignature means the signature header is absent or empty.
	ErrMissingSignature = errors.New("webhook: missing " + SignatureHeader + " header")
	// ErrMalformedSignature means the signature is not 40 hex digits.
	ErrMalformedSignature = errors.New("webhook: malformed signature: SalesLoft sends 40 hex digits (HMAC-SHA1)")
	// ErrWrongAlgorithm means the signature has 64 hex digits, the length of a SHA-256
	// digest: the sender used HMAC-SHA256.
	ErrWrongAlgorithm = errors.New("webhook: signature has 64 hex digits (SHA-256), but SalesLoft signs with HMAC-SHA1 of the raw body (40 hex digits)")
	// ErrSignatureMismatch means the signature is well formed but does not match the body.
	ErrSignatureMismatch = errors.New("webhook: signature mismatch: compute HMAC-SHA1 over the raw request body bytes (not re-serialised JSON) with the subscription's callback_token as the key")
	// ErrNoCallbackToken means the verifier was given an empty callback token.
	ErrNoCallbackToken = errors.New("webhook: no callback token to verify with; pass the subscription's callback_token")
)

// Sign returns the x-salesloft-signature value for body: the lowercase hex HMAC-SHA1 of
// the raw bytes, keyed with callbackToken.
func Sign(body []byte, callbackToken string) string {
	return hex.EncodeToString(mac(body, callbackToken))
}

func mac(body []byte, key string) []byte {
	m := hmac.New(sha1.New, []byte(key))
	m.Write(body) // hash.Hash.Write never returns an error
	return m.Sum(nil)
}

// Verify checks signature against body and callbackToken in constant time. Hex digits
// may be upper or lower case and surrounding spaces are ignored. It returns nil or one
// of the package's errors (possibly wrapped with detail).
func Verify(body []byte, signature, callbackToken string) error {
	if callbackToken == "" {
		return ErrNoCallbackToken
	}
	sig := strings.TrimSpace(signature)
	if sig == "" {
		return ErrMissingSignature
	}
	got, err := hex.DecodeString(sig)
	if err != nil {
		return fmt.Errorf("%w (not hexadecimal)", ErrMalformedSignature)
	}
	switch len(got) {
	case sha1.Size:
	case 32:
		return ErrWrongAlgorithm
	default:
		return fmt.Errorf("%w (got %d hex digits)", ErrMalformedSignature, len(sig))
	}
	if !hmac.Equal(got, mac(body, callbackToken)) {
		return ErrSignatureMismatch
	}
	return nil
}

// Handler verifies each delivery before passing it to next: it reads the whole body,
// checks the signature header with callbackToken, and answers 401 (with the reason, never
// the token) on failure. On success next sees the request with its body restored, byte
// for byte.
func Handler(callbackToken string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if callbackToken == "" || next == nil {
			http.Error(w, "webhook: handler misconfigured: no callback token or no next handler", http.StatusInternalServerError)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, fmt.Sprintf("webhook: body larger than %d bytes", MaxBodyBytes), http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "webhook: reading body: "+err.Error(), http.StatusBadRequest)
			return
		}
		if err := Verify(body, r.Header.Get(SignatureHeader), callbackToken); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
		next.ServeHTTP(w, r)
	})
}
