package sim

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// errRemoteWebhook explains a delivery the simulator refused to send.
func errRemoteWebhook(host string) error {
	return fmt.Errorf("sim: not posting a webhook to %q: the simulator posts only to loopback hosts unless Options.AllowRemoteWebhooks is set", host)
}

// loopbackHost reports whether host (a URL hostname, without port) names the local machine:
// "localhost", or an IP address in 127.0.0.0/8 or ::1.
func loopbackHost(host string) bool {
	if strings.EqualFold(strings.TrimSuffix(host, "."), "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webhookClient is the default client for deliveries. Unless remote hosts are allowed, its
// dialer refuses any address that is not loopback, checked on the resolved address, so a name
// that resolves elsewhere is refused too.
func webhookClient(allowRemote bool) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowRemote {
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return errRemoteWebhook(host)
			}
			return nil
		}
	}
	transport := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{Timeout: 5 * time.Second, Transport: transport}
}
