package webhook

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzHandler sends arbitrary deliveries (body, signature header, token) through Handler: it
// never panics, passes a delivery on exactly when its signature is right, hands next the body
// byte for byte, and never writes the callback token in an answer.
func FuzzHandler(f *testing.F) {
	f.Add([]byte(`{"data":{"id":1}}`), "", "tok-1234567890", true)
	f.Add([]byte(`{"data":{"id":1}}`), "zz", "tok-1234567890", false)
	f.Add([]byte{}, "  ABCDEF  ", "k", false)
	f.Add([]byte("\x00\xff"), "00", "tok", true)
	f.Fuzz(func(t *testing.T, body []byte, sig, token string, sign bool) {
		if token == "" {
			return // a misconfigured handler: tested elsewhere
		}
		if sign {
			sig = Sign(body, token)
		}
		var got []byte
		passed := false
		h := Handler(token, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			passed = true
			b, err := io.ReadAll(r.Body)
			if err != nil {
				t.Errorf("next could not read the body: %v", err)
			}
			got = b
		}))
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		req.Header.Set(SignatureHeader, sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		valid := Verify(body, sig, token) == nil
		if passed != valid {
			t.Errorf("passed on = %v, signature valid = %v (status %d)", passed, valid, w.Code)
		}
		if sign && len(body) <= MaxBodyBytes && !passed {
			t.Errorf("a correctly signed delivery was refused: %d %s", w.Code, w.Body)
		}
		if passed && !bytes.Equal(got, body) {
			t.Error("next saw a different body")
		}
		if w.Code >= 500 {
			t.Errorf("status %d", w.Code)
		}
		if len(token) >= 6 && bytes.Contains(w.Body.Bytes(), []byte(token)) && !bytes.Contains(body, []byte(token)) && !bytes.Contains([]byte(sig), []byte(token)) {
			t.Errorf("answer %q holds the token", w.Body)
		}
	})
}
