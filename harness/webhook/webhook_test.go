package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const key = "loftgate-test-key"

// The shared known-answer vector (both the simulator and this package pin it),
// computed once with: printf '{"id":1}' | openssl dgst -sha1 -hmac loftgate-test-key
const knownAnswer = "84a64ddfd90533f54bc0e63d9c1064865220b063"

func TestSignKnownAnswer(t *testing.T) {
	if got := Sign([]byte(`{"id":1}`), key); got != knownAnswer {
		t.Fatalf("Sign = %s, want %s", got, knownAnswer)
	}
}

func TestVerify(t *testing.T) {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(`{"id":1}`))
	sha256Sig := hex.EncodeToString(m.Sum(nil)) // what a wrong (SHA-256) implementation sends
	tests := []struct {
		name  string
		body  string
		sig   string
		token string
		want  error
	}{
		{name: "valid", body: `{"id":1}`, sig: knownAnswer, token: key},
		{name: "uppercase hex accepted", body: `{"id":1}`, sig: strings.ToUpper(knownAnswer), token: key},
		{name: "surrounding spaces ignored", body: `{"id":1}`, sig: " " + knownAnswer + "\n", token: key},
		{name: "tampered body", body: `{"id":2}`, sig: knownAnswer, token: key, want: ErrSignatureMismatch},
		{name: "wrong callback token", body: `{"id":1}`, sig: knownAnswer, token: "another-key", want: ErrSignatureMismatch},
		{name: "re-serialised JSON with spaces", body: `{"id": 1}`, sig: knownAnswer, token: key, want: ErrSignatureMismatch},
		{name: "re-serialised JSON with a trailing newline", body: "{\"id\":1}\n", sig: knownAnswer, token: key, want: ErrSignatureMismatch},
		{name: "key order changed", body: `{"b":2,"a":1}`, sig: Sign([]byte(`{"a":1,"b":2}`), key), token: key, want: ErrSignatureMismatch},
		{name: "SHA-256 signature", body: `{"id":1}`, sig: sha256Sig, token: key, want: ErrWrongAlgorithm},
		{name: "missing", body: `{"id":1}`, sig: "", token: key, want: ErrMissingSignature},
		{name: "blank", body: `{"id":1}`, sig: "   ", token: key, want: ErrMissingSignature},
		{name: "not hex", body: `{"id":1}`, sig: strings.Repeat("z", 40), token: key, want: ErrMalformedSignature},
		{name: "truncated", body: `{"id":1}`, sig: knownAnswer[:38], token: key, want: ErrMalformedSignature},
		{name: "sha1= prefix is not SalesLoft's format", body: `{"id":1}`, sig: "sha1=" + knownAnswer, token: key, want: ErrMalformedSignature},
		{name: "no callback token", body: `{"id":1}`, sig: knownAnswer, token: "", want: ErrNoCallbackToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify([]byte(tt.body), tt.sig, tt.token)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && tt.token != "" && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error leaks the callback token: %v", err)
			}
			if err != nil && strings.Contains(err.Error(), Sign([]byte(tt.body), tt.token)) {
				t.Errorf("error leaks the expected signature: %v", err)
			}
		})
	}
}

func TestErrorMessagesSayWhatToDo(t *testing.T) {
	for err, want := range map[error][]string{
		ErrWrongAlgorithm:    {"HMAC-SHA1", "raw body"},
		ErrSignatureMismatch: {"raw request body bytes", "not re-serialised JSON", "callback_token"},
	} {
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q does not contain %q", err, w)
			}
		}
	}
}

func TestHandler(t *testing.T) {
	const body = `{"id":7,"subject":"Call"}`
	tests := []struct {
		name       string
		sig        string
		token      string
		wantStatus int
		wantNext   bool
	}{
		{name: "valid delivery reaches next with the body restored", sig: Sign([]byte(body), key), token: key, wantStatus: http.StatusNoContent, wantNext: true},
		{name: "bad signature is refused", sig: Sign([]byte(body), "other"), token: key, wantStatus: http.StatusUnauthorized},
		{name: "missing signature is refused", sig: "", token: key, wantStatus: http.StatusUnauthorized},
		{name: "no token configured", sig: Sign([]byte(body), key), token: "", wantStatus: http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotBody string
			called := false
			next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				called = true
				b, err := io.ReadAll(r.Body)
				if err != nil {
					t.Error(err)
				}
				gotBody = string(b)
				w.WriteHeader(http.StatusNoContent)
			})
			req := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader(body))
			req.Header.Set(EventHeader, "task_updated")
			if tt.sig != "" {
				req.Header.Set(SignatureHeader, tt.sig)
			}
			rec := httptest.NewRecorder()
			Handler(tt.token, next).ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Errorf("status = %d, want %d (%s)", rec.Code, tt.wantStatus, rec.Body)
			}
			if called != tt.wantNext {
				t.Errorf("next called = %v, want %v", called, tt.wantNext)
			}
			if tt.wantNext && gotBody != body {
				t.Errorf("next read %q, want %q", gotBody, body)
			}
			if strings.Contains(rec.Body.String(), key) {
				t.Error("response leaks the callback token")
			}
		})
	}
}

func TestHandlerBodyTooLarge(t *testing.T) {
	big := strings.Repeat("x", MaxBodyBytes+1)
	req := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader(big))
	rec := httptest.NewRecorder()
	Handler(key, http.NotFoundHandler()).ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", rec.Code)
	}
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte(`{"id":1}`), knownAnswer, key)
	f.Add([]byte(""), "", "")
	f.Add([]byte("x"), strings.Repeat("ab", 32), "k")
	f.Add([]byte{0xff, 0x00}, "ZZ", "\x00")
	f.Fuzz(func(t *testing.T, body []byte, sig, token string) {
		err := Verify(body, sig, token)
		if err == nil && token != "" && !strings.EqualFold(strings.TrimSpace(sig), Sign(body, token)) {
			t.Fatalf("Verify accepted %q for body %q", sig, body)
		}
		if token != "" && Verify(body, Sign(body, token), token) != nil {
			t.Fatal("Verify rejected Sign's own output")
		}
	})
}
