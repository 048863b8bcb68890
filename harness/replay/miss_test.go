package replay

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/secret"
)

// TestMissAnswerIsAClientErrorThatNamesTheRequest: a miss is a 409 (no
// retry policy retries it; SalesLoft never sends it) with a JSON body whose
// "error" names the request and the nearest recording. It used to be 599,
// which clients that retry 5xx retried.
func TestMissAnswerIsAClientErrorThatNamesTheRequest(t *testing.T) {
	srv := NewServer(matchSet(t))
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", "/v2/people?page=3&per_page=25", nil))
	if w.Code != http.StatusConflict || w.Code >= 500 || w.Header().Get(ReplayHeader) != "miss" {
		t.Fatalf("miss answered %d (%s: %q)", w.Code, ReplayHeader, w.Header().Get(ReplayHeader))
	}
	var body missBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("miss body is not JSON: %v\n%s", err, w.Body.String())
	}
	d := body.Miss
	if !strings.HasPrefix(body.Error, "replay: GET /v2/people?page=3&per_page=25: no recorded answer") || d.Reason != "unrecorded" ||
		d.Request != "GET /v2/people?page=3&per_page=25" || d.Nearest != "GET /v2/people?page=2&per_page=25" || d.File != "oauth/s.yaml" || d.Interaction != 4 {
		t.Errorf("miss body = %+v", body)
	}
}

// TestMissLogMasksSecretLikeQueryValues: the miss message (what `serve`
// logs) and the event never print the values of secret-like parameters,
// matched by rule, nor credential-looking values; it used to print the raw
// query.
func TestMissLogMasksSecretLikeQueryValues(t *testing.T) {
	var seen []Event
	srv := NewServer(matchSet(t), WithObserver(func(e Event) { seen = append(seen, e) }))
	secrets := []string{"live-access-abc", "live-session-def", "live-apikey-ghi", "live-key-jkl", "live-pw-mno", "ak_0123456789abcdef", "live-code-pqr"}
	target := "/v2/people?page=3&access_token=live-access-abc&session_token=live-session-def&apiKey=live-apikey-ghi&private_key=live-key-jkl&password=live-pw-mno&q=ak_0123456789abcdef&code=live-code-pqr"
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
	if len(seen) != 1 || seen[0].Miss == nil {
		t.Fatalf("events = %+v", seen)
	}
	printed := seen[0].Miss.Error() + "\n" + seen[0].Query + "\n" + w.Body.String()
	for _, s := range secrets {
		if strings.Contains(printed, s) {
			t.Errorf("the miss prints %s:\n%s", s, printed)
		}
	}
	if !strings.Contains(printed, "access_token=<hidden>") || !strings.Contains(printed, "page=3") {
		t.Errorf("the miss should mask secret values and keep others:\n%s", printed)
	}
}

// TestSecretName checks the rule replay hides by (secret.SecretName)
// against names real clients use.
func TestSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"token": true, "access_token": true, "refreshToken": true, "session_token": true, "client_secret": true,
		"password": true, "apiKey": true, "api_key": true, "x-api-key": true, "private_key": true, "code": true,
		"callback_token": true, "page": false, "per_page": false, "email_address": false, "sort_by": false, "ids": false,
	} {
		if got := secret.SecretName(fieldName(name)); got != want {
			t.Errorf("secret.SecretName(%q) = %v, want %v", name, got, want)
		}
	}
}

// deepBody is a 20 KB JSON body nested 9,990 deep.
func deepBody() string {
	const depth = 9990
	return `{"a":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

// TestDeepRequestMissIsBounded: explaining a miss for a request nested
// 9,990 deep takes bounded memory. The unbounded diff built a path string
// per level (quadratic: about 9 s and 340 MB against the committed fixtures).
func TestDeepRequestMissIsBounded(t *testing.T) {
	set, err := NewSet([]*File{file("people/create",
		ix("POST", "/v2/people", "", "application/json", `{"a":[[1]]}`, 200, `{}`),
		ix("POST", "/v2/people", "", "application/json", `{"a":[[2]],"b":1}`, 200, `{}`),
	)})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(set)
	body := deepBody()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/v2/people", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	srv.ServeHTTP(w, r)
	runtime.ReadMemStats(&after)
	if w.Code != MissStatus || !strings.Contains(w.Body.String(), "nested deeper than 32 levels") {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 24<<20 {
		t.Errorf("one miss on a %d-byte body nested 9,990 deep allocated %d MB; want under 24 MB", len(body), alloc>>20)
	}
}

// TestManyLeavesDiffIsBounded: a flat body with 20,000 members is
// compared up to maxDiffLeaves values, and says so.
func TestManyLeavesDiffIsBounded(t *testing.T) {
	set, err := NewSet([]*File{file("people/create", ix("POST", "/v2/people", "", "application/json", `{"a":1}`, 200, `{}`))})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(`{"a":2`)
	for i := range 20000 {
		b.WriteString(`,"k`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`":`)
		b.WriteString("1")
	}
	b.WriteString("}")
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/v2/people", strings.NewReader(b.String()))
	r.Header.Set("Content-Type", "application/json")
	NewServer(set).ServeHTTP(w, r)
	if w.Code != MissStatus || !strings.Contains(w.Body.String(), `body differs: a \"2\" != \"1\", k0 \"1\" not recorded`) || !strings.Contains(w.Body.String(), "and 1996 more") {
		t.Errorf("got %d %s", w.Code, w.Body.String())
	}
}
