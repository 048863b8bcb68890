package main

import (
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/loftgate/loftgate/harness/auth"
)

func newAuthCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "auth",
		Short: "Log in to a staging OAuth app and inspect the stored token",
	}
	cmd.AddCommand(newAuthLoginCmd(), newAuthStatusCmd())
	return cmd
}

func authConfig(cf *configFlags, cmd *cobra.Command) (*auth.Config, string, error) {
	cfg, err := cf.load(cmd)
	if err != nil {
		return nil, "", err
	}
	if cfg.ClientID == "" || !cfg.ClientSecret.IsSet() {
		return nil, "", usageErr(errors.New("config: SALESLOFT_CLIENT_ID and SALESLOFT_CLIENT_SECRET must be set (environment, .env or loftgate.yaml)"))
	}
	return &auth.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret.Reveal(), RedirectURI: cfg.RedirectURI,
		Scopes: cfg.Scopes, AuthorizeURL: cfg.AuthorizeEndpoint(), TokenURL: cfg.TokenEndpoint(),
	}, cfg.TokenFile, nil
}

func newAuthLoginCmd() *cobra.Command {
	var (
		cf     configFlags
		noOpen bool
	)
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Authorize loftgate with the authorization-code flow and store the token",
		Long: `Listen on the redirect URI's localhost port (SALESLOFT_REDIRECT_URI, default
http://127.0.0.1:8976/callback), print the authorize URL (and open it in a
browser unless --no-browser), exchange the code and store the token in
token_file (default .loftgate/token.json, mode 0600, written atomically).
Live runs then use it; rotated refresh tokens are saved back before use.`,
		Example: `  SALESLOFT_CLIENT_ID=... SALESLOFT_CLIENT_SECRET=... loftgate auth login`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ac, file, err := authConfig(&cf, cmd)
			if err != nil {
				return err
			}
			open := openBrowser
			if noOpen {
				open = nil
			}
			tok, err := auth.Login(cmd.Context(), ac, &auth.FileStore{Path: file}, cmd.OutOrStdout(), open)
			if err != nil {
				return failed(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "token stored in %s (expires %s)\n", file, tok.Expiry.Format(time.RFC3339))
			return nil
		},
	}
	cf.register(cmd.Flags(), false)
	cmd.Flags().BoolVar(&noOpen, "no-browser", false, "only print the authorize URL")
	return cmd
}

func newAuthStatusCmd() *cobra.Command {
	var cf configFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show whether a token is stored and when it expires (never the token)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := cf.load(cmd)
			if err != nil {
				return err
			}
			tok, err := (&auth.FileStore{Path: cfg.TokenFile}).Load()
			if err != nil {
				return failed(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "token file: %s\naccess token expires: %s\nrefresh token: %v\n",
				cfg.TokenFile, tok.Expiry.Format(time.RFC3339), tok.RefreshToken != "")
			return nil
		},
	}
	cf.register(cmd.Flags(), false)
	return cmd
}

// openBrowser opens url in the user's browser, best effort.
func openBrowser(url string) error {
	var name string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name = "explorer"
	default:
		name = "xdg-open"
	}
	return exec.Command(name, url).Start()
}
