package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/contract"
	"github.com/loftgate/loftgate/harness/replay"
	"github.com/loftgate/loftgate/harness/secret"
)

func newServeCmd() *cobra.Command {
	var (
		fixtures string
		addr     string
		remote   bool
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve recorded fixtures to any HTTP client, with contract validation",
		Long: `Serve the recorded fixtures on a loopback address so that any client, in
any language (your own integration tests), gets SalesLoft's recorded
answers. Every request and served response is validated against the
contract; violations are logged. Each client (each Authorization) gets the
recorded answers in recorded order, and a value the recording scrubbed
matches any value sent in its place. A request with no recorded answer gets
status 409 and a JSON body naming the nearest recorded request. An
address other machines can reach needs --allow-remote.

Exit codes: 0 stopped by SIGINT or SIGTERM; 2 a usage error (unreadable
fixtures, a bad or busy --addr, a non-loopback --addr without
--allow-remote).`,
		Example: `  loftgate serve --fixtures fixtures --addr 127.0.0.1:8081`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			set, err := replay.Load(fixtures)
			if err != nil {
				return usageErr(err)
			}
			c, err := contract.Load()
			if err != nil {
				return err
			}
			out := cmd.ErrOrStderr()
			// A user's client calls GET /v2/me as often as it likes: once the recorded
			// answers are used up, the last one is repeated.
			srv := replay.NewServer(set, replay.WithValidator(c), replay.WithExhaustion(replay.ExhaustRepeatLast), replay.WithObserver(func(e replay.Event) {
				for _, v := range e.Violations {
					fmt.Fprintf(out, "violation: %s\n", v.Error())
				}
				if e.Miss != nil {
					fmt.Fprintf(out, "miss: %s\n", secret.Mask(e.Miss.Error()))
				}
			}))
			ln, err := listen(addr, remote)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "serving %d recorded interactions from %s on http://%s\n", set.Len(), fixtures, ln.Addr())
			return serveUntilInterrupted(cmd.Context(), ln, srv)
		},
	}
	cmd.Flags().StringVar(&fixtures, "fixtures", "fixtures", "fixtures directory")
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8081", "address to listen on (loopback unless --allow-remote)")
	cmd.Flags().BoolVar(&remote, "allow-remote", false, "allow an --addr other machines can reach")
	return cmd
}
