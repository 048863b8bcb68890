package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/config"
	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/proxy"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

func newProxyCmd() *cobra.Command {
	var (
		upstream, addr, recordDir, reportDir, configFile string
		remote                                           bool
	)
	cmd := &cobra.Command{
		Use:   "proxy",
		Short: "Validate your application's SalesLoft traffic through a reverse proxy",
		Long: `Run a reverse proxy in front of SalesLoft (or the simulator) for your own
application: point the application's API base URL at --addr. Every request
and response is validated against the contract; each violation is logged
with its operation and rule. On exit (Ctrl-C) the violations are written to
--report-dir/proxy.json, and with --record the traffic is written as
scrubbed fixtures. An address other machines can reach needs
--allow-remote.

Exit codes: 0 stopped with no violation; 1 the traffic broke the
contract, or writing the report or fixtures or the leak scan failed; 2 a
usage or configuration error (a bad --upstream or --config, a bad or busy
--addr, a non-loopback --addr without --allow-remote).`,
		Example: `  loftgate proxy --upstream https://api.salesloft.com --addr 127.0.0.1:8082
  loftgate proxy --upstream http://127.0.0.1:8080 --record fixtures-app`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			u, err := url.Parse(upstream)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				shown := upstream
				if err == nil {
					shown = u.Redacted()
				}
				return usageErr(fmt.Errorf("--upstream %q: give an http(s) URL such as https://api.salesloft.com", shown))
			}
			c, err := contract.Load()
			if err != nil {
				return err
			}
			cfg, err := config.Load(config.Sources{File: configFile, FileRequired: cmd.Flags().Changed("config")})
			if err != nil {
				return usageErr(err)
			}
			sec := secret.New()
			var rec *replay.Recorder
			if recordDir != "" {
				rec = replay.NewRecorder(replay.RecorderOptions{Target: "proxy", Tool: "loftgate " + toolVersion(), ContractVersion: c.Version()})
			}
			p, err := proxy.New(u, proxy.Options{Contract: c, Recorder: rec, Log: cmd.ErrOrStderr(), Secrets: sec,
				OAuth: contract.OAuthEndpoints{Authorize: cfg.AuthorizeURL, Token: cfg.TokenURL}})
			if err != nil {
				return usageErr(err)
			}
			ln, err := listen(addr, remote)
			if err != nil {
				return err
			}
			// Redacted: an upstream URL may carry a password.
			fmt.Fprintf(cmd.OutOrStdout(), "proxying http://%s -> %s (Ctrl-C to stop and write the report)\n", ln.Addr(), u.Redacted())
			if err := serveUntilInterrupted(cmd.Context(), ln, p); err != nil {
				return err
			}
			if err := writeProxyReport(reportDir, p); err != nil {
				return failed(err)
			}
			if rec != nil {
				files, err := rec.Files(sec)
				if err != nil {
					return failed(err)
				}
				if err := replay.Write(recordDir, files); err != nil {
					return failed(err)
				}
			}
			// Only what this command wrote: the report directory may hold
			// other runs' reports.
			written := []string{filepath.Join(reportDir, "proxy.json")}
			if recordDir != "" {
				written = append(written, recordDir)
			}
			if err := secret.LeakScan(written, sec); err != nil {
				return failed(err)
			}
			if n := len(p.Violations()); n > 0 {
				return failed(fmt.Errorf("%d contract violations in %d exchanges; see %s", n, p.Exchanges(), filepath.Join(reportDir, "proxy.json")))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&upstream, "upstream", "https://api.salesloft.com", "where requests are forwarded")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8082", "address to listen on (loopback unless --allow-remote)")
	cmd.Flags().BoolVar(&remote, "allow-remote", false, "allow an --addr other machines can reach")
	cmd.Flags().StringVar(&recordDir, "record", "", "also write the traffic as scrubbed fixtures to this directory")
	cmd.Flags().StringVar(&reportDir, "report-dir", "reports", "directory for proxy.json")
	cmd.Flags().StringVar(&configFile, "config", config.DefaultFile, "configuration file (YAML); its authorize_url and token_url are validated as the OAuth operations; read if present")
	return cmd
}

// writeProxyReport writes the collected violations atomically.
func writeProxyReport(dir string, p *proxy.Proxy) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	notValidated, notes := p.NotValidated()
	body, err := json.MarshalIndent(map[string]any{
		"schema": "loftgate.proxy/v1", "exchanges": p.Exchanges(), "violations": p.Violations(),
		"violations_not_kept": p.Dropped(), "not_validated": notValidated, "notes": notes,
	}, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "proxy.json"), append(body, '\n'))
}
