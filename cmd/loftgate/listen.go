package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/loftgate/loftgate/harness/server"
)

// listen opens addr, reporting a bad or busy address as a usage error. An
// address that is not loopback (":8080" binds every interface) is refused
// unless allowRemote (--allow-remote) is set: the servers have no
// authentication of their own.
func listen(addr string, allowRemote bool) (net.Listener, error) {
	if !allowRemote && !loopbackAddr(addr) {
		return nil, usageErr(fmt.Errorf("--addr %s: not a loopback address, so other machines could reach it; listen on 127.0.0.1:PORT, or pass --allow-remote to expose it on purpose", addr))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageErr(fmt.Errorf("--addr %s: %w", addr, err))
	}
	return ln, nil
}

// loopbackAddr reports whether addr (host:port) listens on loopback only:
// "localhost" or a loopback IP. An empty host means every interface.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
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
