package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/sim"
)

func newSimCmd() *cobra.Command {
	var (
		addr     string
		faults   []string
		envelope string
		manual   bool
		remote   bool
		hooks    bool
		token    string
	)
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve the bundled SalesLoft simulator",
		Long: `Serve the stateful SalesLoft simulator (OAuth server, /v2 API, rate
budget, webhooks, a controllable clock and fault switches under /_sim)
on one loopback address, and print the configuration that points a run
or your own integration at it. An address other machines can reach needs
--allow-remote, and the control API then requires a token (--control-token,
$LOFTGATE_SIM_CONTROL_TOKEN, or one generated and printed at start).

Exit codes: 0 stopped by SIGINT or SIGTERM; 2 a usage error (a bad
--fault, a bad or busy --addr, a non-loopback --addr without
--allow-remote).`,
		Example: `  loftgate sim --addr 127.0.0.1:8080
  loftgate sim --fault 'rate_limit#1' --fault 'drop_field=email@GET /v2/me'
  loftgate sim --addr 0.0.0.0:8080 --allow-remote   # prints the /_sim control token`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var fs []sim.Fault
			for _, s := range faults {
				f, err := sim.ParseFault(s)
				if err != nil {
					return usageErr(fmt.Errorf("--fault: %w", err))
				}
				fs = append(fs, f)
			}
			if token == "" {
				token = os.Getenv(controlTokenEnv)
			}
			if token == "" && !loopbackAddr(addr) {
				// Exposed: the control API (faults, clock) must not answer anyone.
				t, err := randomToken()
				if err != nil {
					return err
				}
				token = t
			}
			s, err := sim.New(sim.Options{Faults: fs, WebhookEnvelope: envelope, ManualApprove: manual,
				AllowRemoteWebhooks: hooks, ControlToken: token})
			if err != nil {
				return usageErr(err)
			}
			ln, err := listen(addr, remote)
			if err != nil {
				return err
			}
			base := "http://" + ln.Addr().String()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "simulator listening on %s\n", base)
			if token != "" {
				fmt.Fprintf(out, "control API (/_sim) token: %s\n# send it as \"Authorization: Bearer <token>\" on every /_sim request\n", token)
			}
			fmt.Fprintf(out, "\n# loftgate.yaml for a live run against it:\n")
			fmt.Fprintf(out, "target: live\naccounts_url: %s\napi_url: %s\nclient_id: %s\nredirect_uri: %s\nbudget_share: 1  # the simulator's budget is yours alone\n", base, base, sim.DefaultClientID, sim.DefaultRedirectURI)
			fmt.Fprintf(out, "# and in the environment: SALESLOFT_CLIENT_SECRET=%s SALESLOFT_API_KEY=%s\n", sim.DefaultClientSecret, sim.DefaultAPIKey)
			fmt.Fprintf(out, "# (the simulator's well-known test credentials; they are not secrets)\n")
			return serveUntilInterrupted(cmd.Context(), ln, s.Handler())
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (loopback unless --allow-remote)")
	cmd.Flags().BoolVar(&remote, "allow-remote", false, "allow an --addr other machines can reach; the /_sim control API then requires a token, printed at start")
	cmd.Flags().StringVar(&token, "control-token", "", "token the /_sim control API requires (default $"+controlTokenEnv+"; generated when --addr is not loopback)")
	cmd.Flags().BoolVar(&hooks, "allow-remote-webhooks", false, "post webhook deliveries to any host (default: loopback hosts only)")
	cmd.Flags().StringArrayVar(&faults, "fault", nil, "switch a fault on: name[=value][@METHOD /path][#count] (repeatable)")
	cmd.Flags().StringVar(&envelope, "webhook-envelope", "data", "webhook_subscriptions responses: data ({\"data\": ...}) or bare")
	cmd.Flags().BoolVar(&manual, "manual-approve", false, "show a login page on /oauth/authorize instead of approving at once")
	return cmd
}

// controlTokenEnv names the variable that sets the control API's token.
const controlTokenEnv = "LOFTGATE_SIM_CONTROL_TOKEN"

// randomToken returns 32 random hex digits.
func randomToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
