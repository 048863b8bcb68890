package auth_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/loftgate/loftgate/harness/auth"
)

func ExampleAPIKey() {
	src := auth.APIKey("ak_0123")
	tok, err := src.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Type(), tok.Expiry.IsZero())
	fmt.Println(src) // the key is never printed
	// Output:
	// Bearer true
	// auth.APIKey([redacted])
}

func ExampleNewClientCredentialsSource() {
	// A stand-in for https://accounts.salesloft.com/oauth/token.
	accounts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if _, err := io.WriteString(w, `{"access_token":"t1","token_type":"Bearer","expires_in":7200,"scope":"people:read","created_at":1767225600}`); err != nil {
			fmt.Println(err)
		}
	}))
	defer accounts.Close()

	simNow := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cfg := &auth.Config{
		ClientID:     "my-client",
		ClientSecret: "my-secret",
		TokenURL:     accounts.URL + "/oauth/token",
		Clock:        func() time.Time { return simNow }, // expiry follows this clock
	}
	src, err := auth.NewClientCredentialsSource(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.AccessToken, tok.Expiry.Format(time.RFC3339))
	// Output: t1 2026-01-01T02:00:00Z
}

func ExampleFileStore() {
	dir, err := os.MkdirTemp("", "loftgate-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	store := auth.FileStore{Path: filepath.Join(dir, "token.json")}
	_, err = store.Load()
	fmt.Println("nothing saved yet:", errors.Is(err, auth.ErrNoToken))

	// Saved with mode 0600, atomically. A Source built WithStore(store) saves every
	// rotated refresh token here before using it.
	if err := store.Save(&auth.Token{AccessToken: "a1", RefreshToken: "r1"}); err != nil {
		fmt.Println(err)
		return
	}
	tok, err := store.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("refresh token:", tok.RefreshToken)
	// Output:
	// nothing saved yet: true
	// refresh token: r1
}
