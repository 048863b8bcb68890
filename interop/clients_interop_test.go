package interop

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

// TestClients runs every operation of each published client against
// `loftgate sim`, then through `loftgate proxy --record` in front of a fresh
// simulator, then against `loftgate serve` replaying that recording:
//   - on sim, every operation the contract models succeeds;
//   - through proxy, the answers are the simulator's and the traffic of the
//     modelled operations has zero contract violations;
//   - on serve, every answer is the one recorded through the proxy.
//
// Operations the simulator answers 404 are listed (t.Log) as its gaps, not
// failed: the clients cover more of SalesLoft than loftgate simulates. An
// operation the simulator answers but the contract lacks fails, since the
// proxy would report that correct traffic as unknown, and so does any other
// error answer or violation on an operation the simulator serves.
func TestClients(t *testing.T) {
	needInterop(t)
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, client := range clients {
		t.Run(client, func(t *testing.T) {
			dir := t.TempDir()

			sim := start(t, loftgateBin, "sim", "--addr", "127.0.0.1:0")
			direct := runClient(t, client, sim.URL)
			if err := sim.Stop(); err != nil {
				t.Errorf("interop: sim: %v", err)
			}
			for _, f := range checkClientBugs(client, direct) {
				t.Errorf("client bug: %s", f)
			}
			answered, gaps, bugPaths := 0, map[string]string{}, map[string]bool{}
			for _, cl := range direct {
				op := operation(c, cl)
				key := fmt.Sprintf("%s %s", cl.Method, contract.NormalizePath(cl.Path))
				if bug, ok := knownBug(cl); ok {
					// Expected: the client calls the wrong place (checked above).
					t.Logf("client bug (expected): %s calls %s, answered %d: %s", cl.Step, key, cl.Status, bug.reason)
					if cl.Status == http.StatusNotFound {
						bugPaths[key] = true
					}
					continue
				}
				switch {
				case cl.Status == http.StatusNotFound:
					// The simulator has no such route (or record): a gap of
					// the simulator, listed below, not correct traffic.
					gaps[key] = map[bool]string{true: "in the contract", false: "in neither"}[op != ""]
					continue
				case op == "":
					// The simulator serves it, so a client may rely on it:
					// the proxy would report correct traffic as unknown.
					t.Errorf("%s: not in the contract, but the simulator answers it %d (%s): the proxy reports this correct traffic as an unknown operation", key, cl.Status, cl.Step)
				case cl.Status >= 400:
					t.Errorf("%s: the simulator refused %s with %s", op, cl.Step, clip(answer(cl)))
				}
				answered++
			}
			logGaps(t, client, len(direct), answered, gaps)

			upstream := start(t, loftgateBin, "sim", "--addr", "127.0.0.1:0")
			fixtures, reports := filepath.Join(dir, "fixtures"), filepath.Join(dir, "reports")
			proxy := start(t, loftgateBin, "proxy", "--upstream", upstream.URL, "--addr", "127.0.0.1:0",
				"--record", fixtures, "--report-dir", reports)
			proxied := runClient(t, client, proxy.URL)
			// proxy exits 1 when it saw any violation, including the unknown
			// operations listed above; the report is judged below.
			_ = proxy.Stop()
			if err := upstream.Stop(); err != nil {
				t.Errorf("interop: upstream sim: %v", err)
			}
			for _, d := range sameAnswers(direct, proxied) {
				t.Errorf("proxy changed an answer: %s", d)
			}
			for _, v := range proxyViolations(t, reports, proxy) {
				key := fmt.Sprintf("%s %s", v.Method, contract.NormalizePath(v.Path))
				if _, gap := gaps[key]; gap || bugPaths[key] {
					continue // a simulator gap or client bug listed above: not correct traffic
				}
				t.Errorf("%s: the proxy reports a violation on correct traffic: rule %s: %s", key, v.Rule, v.Error())
			}

			serve := start(t, loftgateBin, "serve", "--fixtures", fixtures, "--addr", "127.0.0.1:0")
			served := runClient(t, client, serve.URL)
			for _, d := range sameAnswers(proxied, served) {
				t.Errorf("%s: serve answered differently from the proxy recording", d)
			}
		})
	}
}

// proxyViolations reads the violations of proxy.json.
func proxyViolations(t *testing.T, reports string, p *proc) []contract.Violation {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(reports, "proxy.json"))
	if err != nil {
		t.Fatalf("interop: proxy wrote no report (%v):\n%s", err, p.Output())
	}
	var rep struct {
		Schema     string               `json:"schema"`
		Exchanges  int                  `json:"exchanges"`
		Violations []contract.Violation `json:"violations"`
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatalf("interop: proxy.json: %v", err)
	}
	if rep.Exchanges == 0 {
		t.Errorf("interop: the proxy saw no exchanges")
	}
	return rep.Violations
}

// logGaps lists the operations a client called that the simulator answered 404.
func logGaps(t *testing.T, client string, calls, served int, gaps map[string]string) {
	t.Helper()
	keys := make([]string, 0, len(gaps))
	for k, where := range gaps {
		keys = append(keys, fmt.Sprintf("%s (%s)", k, where))
	}
	sort.Strings(keys)
	t.Logf("%s: %d calls, %d served by the simulator; %d answered 404 (simulator gaps):\n  %s",
		client, calls, served, len(gaps), strings.Join(keys, "\n  "))
}
