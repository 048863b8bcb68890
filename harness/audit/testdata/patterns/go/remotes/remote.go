package remotes

import (
	"context"
	"log"
	"net/http"
	"net/url"
	"strings"
)

// Refresh exchanges a refresh token.
func Refresh(ctx context.Context, refreshToken string) (*http.Response, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, authConfig.TokenHost+authConfig.TokenPath, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

// Relay forwards a caller's request to SalesLoft.
func Relay(ctx context.Context, method, path string) (*http.Response, error) {
	log.Printf("relaying %s %s to https://api.salesloft.com/v2", method, path)
	req, err := http.NewRequestWithContext(ctx, method, "https://api.salesloft.com"+path, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}

type oauthConfig struct {
	TokenHost, TokenPath string
}

var authConfig = oauthConfig{TokenHost: "https://accounts.salesloft.com", TokenPath: "/oauth/token"}
