package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/loftgate/loftgate/harness/server"
)

// listen opens addr, reporting a bad or busy address as a usage error.
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageErr(fmt.Errorf("--addr %s: %w", addr, err))
	}
	return ln, nil
}

// serveUntilInterrupted serves h on ln until SIGINT or SIGTERM (or ctx
// ends), then shuts down gracefully, giving open requests five seconds.
func serveUntilInterrupted(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := server.New(h)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut) // Serve returns ErrServerClosed either way
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
