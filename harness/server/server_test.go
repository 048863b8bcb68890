package server

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// short are timeouts small enough to watch a slow client being cut off.
var short = Timeouts{ReadHeader: 300 * time.Millisecond, Read: 600 * time.Millisecond, Idle: 300 * time.Millisecond}

// start serves srv on a loopback port and returns its address.
func start(t *testing.T, srv *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// drip opens a connection, writes head at once and then one byte of body every 50 ms until the
// connection fails; it returns how long the server kept the connection open, or false when the
// server had not closed it after wait.
func drip(t *testing.T, addr, head string, wait time.Duration) (time.Duration, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	begin := time.Now()
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
			}
		}
	}()
	if err := conn.SetReadDeadline(time.Now().Add(wait)); err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, conn) // until the server closes the connection
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return 0, false
	}
	return time.Since(begin), true
}

// reader reads every request body to its end.
var reader = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		http.Error(w, "slow body", http.StatusRequestTimeout)
	}
})

func TestSlowClientsAreCutOff(t *testing.T) {
	tests := []struct {
		name, head string
		within     time.Duration
	}{
		// The margin is wide because a loaded machine (the race detector, other
		// packages' tests on two cores) delays the server's close: what tells
		// a bound from none is the control below, never cut off.
		{"slow headers", "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ", short.ReadHeader + 3*time.Second},
		{"slow body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", short.Read + 3*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := start(t, NewWith(reader, short))
			took, closed := drip(t, addr, tt.head, 10*time.Second)
			if !closed || took > tt.within {
				t.Errorf("the server kept a slow client for %v (closed %v), want it cut off within %v", took, closed, tt.within)
			}
		})
	}
	// The same slow body without the timeouts is never cut off: the check above can fail.
	t.Run("control without timeouts", func(t *testing.T) {
		addr := start(t, &http.Server{Handler: reader, ReadHeaderTimeout: time.Minute})
		if took, closed := drip(t, addr, tests[1].head, tests[1].within); closed {
			t.Errorf("a server without timeouts closed the slow client after %v; the test cannot tell", took)
		}
	})
}

func TestIdleConnectionsAreClosed(t *testing.T) {
	addr := start(t, NewWith(reader, short))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	if err := conn.SetReadDeadline(time.Now().Add(5 * time.Second)); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(conn) // the answer, then EOF when the idle connection is closed
	if err != nil {
		t.Fatalf("idle connection not closed after %v: %v", time.Since(begin), err)
	}
	if !strings.HasPrefix(string(got), "HTTP/1.1 200") {
		t.Errorf("answer %q", got)
	}
	if took := time.Since(begin); took > short.Idle+3*time.Second {
		t.Errorf("idle connection closed after %v, want about %v", took, short.Idle)
	}
}

func TestNewSetsEveryTimeout(t *testing.T) {
	srv := New(reader)
	if srv.ReadHeaderTimeout != Default.ReadHeader || srv.ReadTimeout != Default.Read || srv.IdleTimeout != Default.Idle {
		t.Errorf("New gave %v/%v/%v", srv.ReadHeaderTimeout, srv.ReadTimeout, srv.IdleTimeout)
	}
	if srv := NewWith(reader, Timeouts{Read: time.Second}); srv.ReadTimeout != time.Second || srv.ReadHeaderTimeout != Default.ReadHeader {
		t.Errorf("NewWith did not keep Read or fill ReadHeader: %v/%v", srv.ReadTimeout, srv.ReadHeaderTimeout)
	}
}
