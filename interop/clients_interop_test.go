package interop

import (
	"encoding/json"
	"fmt"
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
// Operations neither the contract nor the simulator models are listed
// (t.Log) as gaps, not failed: the clients cover far more of SalesLoft than
// loftgate models. An operation the simulator answers but the contract lacks
// fails, since the proxy would report that correct traffic as unknown.
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
			modelled, gaps := 0, map[string]int{}
			for _, cl := range direct {
				op := operation(c, cl)
				if op == "" && cl.Status < 400 {
					// The simulator serves it, so a client may rely on it:
					// the proxy would report correct traffic as unknown.
					t.Errorf("contract: %s %s is answered %d by the simulator but is not in the contract (%s)",
						cl.Method, contract.NormalizePath(cl.Path), cl.Status, cl.Step)
				}
				if op == "" {
					gaps[fmt.Sprintf("%s %s", cl.Method, contract.NormalizePath(cl.Path))] = cl.Status
					continue
				}
				modelled++
				if cl.Status >= 400 {
					t.Errorf("sim: %s (%s) answered %s", cl.Step, op, clip(answer(cl)))
				}
			}
			logGaps(t, client, len(direct), modelled, gaps)

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
				if status := gaps[fmt.Sprintf("%s %s", v.Method, contract.NormalizePath(v.Path))]; v.Rule == contract.RuleUnknownOperation && status >= 400 {
					continue // a gap listed above: neither the contract nor the simulator has it
				}
				t.Errorf("proxy: violation on correct traffic: %s", v.Error())
			}

			serve := start(t, loftgateBin, "serve", "--fixtures", fixtures, "--addr", "127.0.0.1:0")
			served := runClient(t, client, serve.URL)
			for _, d := range sameAnswers(proxied, served) {
				t.Errorf("serve answered differently from the recording: %s", d)
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

// logGaps lists the operations a client called that the contract does not model.
func logGaps(t *testing.T, client string, calls, modelled int, gaps map[string]int) {
	t.Helper()
	keys := make([]string, 0, len(gaps))
	for k, status := range gaps {
		keys = append(keys, fmt.Sprintf("%s -> %d", k, status))
	}
	sort.Strings(keys)
	t.Logf("%s: %d calls, %d of modelled operations; %d operations outside the contract (with the simulator's status):\n  %s",
		client, calls, modelled, len(gaps), strings.Join(keys, "\n  "))
}
