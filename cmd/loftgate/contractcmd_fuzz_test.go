package main

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// FuzzContractValidate runs `contract validate` in-process on arbitrary operations, bodies and
// statuses read from standard input: it must never panic, and must end in success, a gate
// failure (exit 1) or a usage error (exit 2), never another error.
func FuzzContractValidate(f *testing.F) {
	f.Add("GET /v2/me", []byte(validMe), 200, false)
	f.Add("GET /v2/me", []byte(meEmailNumber), 200, false)
	f.Add("POST /v2/accounts", []byte(accountNoDom), 0, true)
	f.Add("GET /v2/people/{id}", []byte(`{"data":[`), 404, false)
	f.Add("get  /v2/me.json", []byte(`null`), 599, false)
	f.Fuzz(func(t *testing.T, operation string, body []byte, status int, request bool) {
		cmd := newContractValidateCmd()
		var out bytes.Buffer
		cmd.SetIn(bytes.NewReader(body))
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		args := []string{"--operation", operation, "--status", strconv.Itoa(status), "-"}
		if request {
			args = append(args, "--request")
		}
		cmd.SetArgs(args)
		err := cmd.Execute()
		if err == nil {
			if !strings.HasPrefix(out.String(), "ok: ") {
				t.Errorf("success without an ok line: %q", out.String())
			}
			return
		}
		var ee *exitError
		if !errors.As(err, &ee) {
			if strings.Contains(err.Error(), "flag") || strings.Contains(err.Error(), "argument") {
				return // cobra's own usage errors (an operation that looks like a flag)
			}
			t.Errorf("error %v is neither a usage error nor a gate failure", err)
		}
	})
}
