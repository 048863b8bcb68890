package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// memStore is a Store in memory that records the calls made to it.
type memStore struct {
	mu      sync.Mutex
	tok     *Token
	saves   []string // access tokens saved, in order
	saveErr error
	log     *eventLog
}

func (m *memStore) Load() (*Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == nil {
		return nil, ErrNoToken
	}
	t := *m.tok
	return &t, nil
}

func (m *memStore) Save(t *Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.log != nil {
		m.log.add("save " + t.AccessToken)
	}
	if m.saveErr != nil {
		return m.saveErr
	}
	c := *t
	m.tok = &c
	m.saves = append(m.saves, t.AccessToken)
	return nil
}

func (m *memStore) setSaveErr(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saveErr = err
}

type eventLog struct {
	mu sync.Mutex
	ev []string
}

func (l *eventLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.ev = append(l.ev, s)
}

func (l *eventLog) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.ev...)
}

// expiredSource returns a refresh Source whose token expired a minute ago (by clock).
func expiredSource(t *testing.T, f *fakeAccounts, clock *fakeClock, opts ...Option) *Source {
	t.Helper()
	f.setRefresh("rt-0")
	src, err := NewSource(f.config(clock.Now), &Token{AccessToken: "old", RefreshToken: "rt-0", Expiry: clock.Now().Add(-time.Minute)}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestSingleFlight(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	src := expiredSource(t, f, clock)
	hold := make(chan struct{})
	f.mu.Lock()
	f.hold = hold
	f.mu.Unlock()

	const n = 100
	var wg sync.WaitGroup
	ready := make(chan struct{})
	got := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-ready
			tok, err := src.Token(context.Background())
			errs[i] = err
			if tok != nil {
				got[i] = tok.AccessToken
			}
		}()
	}
	close(ready)
	close(hold) // the token endpoint answers once every goroutine has been released
	wg.Wait()
	if n := f.tokenRequests.Load(); n != 1 {
		t.Fatalf("token requests = %d, want exactly 1", n)
	}
	for i := range n {
		if errs[i] != nil || got[i] != got[0] || got[0] == "old" {
			t.Fatalf("caller %d got %q, %v; want the one new token %q", i, got[i], errs[i], got[0])
		}
	}
}

func TestFailedRefreshIsNotRetriedInALoop(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	src := expiredSource(t, f, clock)
	f.setRefresh("someone-else-rotated-it")
	var events []Event
	src.observe = func(e Event) { events = append(events, e) }
	for i := 1; i <= 2; i++ {
		_, err := src.Token(context.Background())
		if !errors.Is(err, ErrInvalidGrant) {
			t.Fatalf("call %d: err = %v, want ErrInvalidGrant", i, err)
		}
		if n := f.tokenRequests.Load(); n != int64(i) {
			t.Fatalf("after %d calls: token requests = %d, want %d (one per call)", i, n, i)
		}
	}
	if len(events) != 2 || events[0].Kind != EventRefresh || events[0].Err == nil || !events[0].At.Equal(clock.Now()) {
		t.Errorf("events = %+v, want two failed refresh events at the clock's time", events)
	}
}

func TestEarlyRefresh(t *testing.T) {
	tests := []struct {
		name        string
		opts        []Option
		expiresIn   time.Duration
		at          time.Duration // clock offset from when the token was issued
		wantRefresh bool
	}{
		{name: "6 minutes left: keep", expiresIn: 2 * time.Hour, at: 2*time.Hour - 6*time.Minute, wantRefresh: false},
		{name: "4 minutes left: refresh", expiresIn: 2 * time.Hour, at: 2*time.Hour - 4*time.Minute, wantRefresh: true},
		{name: "exactly 5 minutes left: refresh", expiresIn: 2 * time.Hour, at: 2*time.Hour - 5*time.Minute, wantRefresh: true},
		{name: "expired: refresh", expiresIn: 2 * time.Hour, at: 3 * time.Hour, wantRefresh: true},
		{name: "custom margin 1m, 2 minutes left: keep", opts: []Option{WithEarlyRefresh(time.Minute)}, expiresIn: 2 * time.Hour, at: 2*time.Hour - 2*time.Minute, wantRefresh: false},
		{name: "custom margin 1m, 30s left: refresh", opts: []Option{WithEarlyRefresh(time.Minute)}, expiresIn: 2 * time.Hour, at: 2*time.Hour - 30*time.Second, wantRefresh: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAccounts(t)
			clock := newClock()
			f.setRefresh("rt-0")
			src, err := NewSource(f.config(clock.Now), &Token{AccessToken: "old", RefreshToken: "rt-0", Expiry: clock.Now().Add(tt.expiresIn)}, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(tt.at)
			tok, err := src.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if refreshed := tok.AccessToken != "old"; refreshed != tt.wantRefresh {
				t.Errorf("refreshed = %v, want %v (token requests %d)", refreshed, tt.wantRefresh, f.tokenRequests.Load())
			}
		})
	}
}

func TestShortLivedTokenIsNotRefreshedOnEveryCall(t *testing.T) {
	f := newFakeAccounts(t)
	f.expiresIn = 60 // shorter than the 5-minute margin
	clock := newClock()
	src, err := NewClientCredentialsSource(f.config(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := src.Token(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.tokenRequests.Load(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	clock.Advance(31 * time.Second) // past half the lifetime
	if _, err := src.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := f.tokenRequests.Load(); n != 2 {
		t.Fatalf("token requests = %d, want 2 after half the lifetime", n)
	}
}

func TestRotationIsSavedBeforeTokenReturns(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	log := &eventLog{}
	store := &memStore{log: log}
	f.mu.Lock()
	f.onToken = func() { log.add("token request") }
	f.mu.Unlock()
	src := expiredSource(t, f, clock, WithStore(store))
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	log.add("returned " + tok.AccessToken)
	want := []string{"token request", "save " + tok.AccessToken, "returned " + tok.AccessToken}
	if got := log.get(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("order = %q, want %q", got, want)
	}
	saved, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	if saved.RefreshToken != tok.RefreshToken || saved.RefreshToken == "rt-0" {
		t.Errorf("saved refresh token = %q, want the rotated %q", saved.RefreshToken, tok.RefreshToken)
	}
}

func TestSaveFailureFailsTokenAndIsRetried(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	store := &memStore{saveErr: errors.New("disk full")}
	src := expiredSource(t, f, clock, WithStore(store))

	_, err := src.Token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "could not save") {
		t.Fatalf("err = %v, want a save failure", err)
	}
	if _, err := src.Token(context.Background()); err == nil {
		t.Fatal("second Token succeeded while the store still fails")
	}
	if n := f.tokenRequests.Load(); n != 1 {
		t.Fatalf("token requests = %d, want 1: an unsaved rotated token must be saved, not refreshed again", n)
	}
	store.setSaveErr(nil)
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := f.tokenRequests.Load(); n != 1 {
		t.Fatalf("token requests = %d, want still 1", n)
	}
	if len(store.saves) != 1 || store.saves[0] != tok.AccessToken {
		t.Errorf("saves = %q, want [%q]", store.saves, tok.AccessToken)
	}
}

func TestInvalidate(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	f.setRefresh("rt-0")
	src, err := NewSource(f.config(clock.Now), &Token{AccessToken: "old", RefreshToken: "rt-0", Expiry: clock.Now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	src.Invalidate("some-other-token")
	if tok, err := src.Token(context.Background()); err != nil || tok.AccessToken != "old" {
		t.Fatalf("Invalidate of an unknown token changed the token: %v, %v", tok, err)
	}
	// Many callers see the same 401 at once: one refresh.
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src.Invalidate("old")
			if _, err := src.Token(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := f.tokenRequests.Load(); n != 1 {
		t.Fatalf("token requests = %d, want 1", n)
	}
	tok, err := src.Token(context.Background())
	if err != nil || tok.AccessToken == "old" {
		t.Fatalf("after Invalidate: %v, %v", tok, err)
	}
}

func TestNoRefreshToken(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	src, err := NewSource(f.config(clock.Now), &Token{AccessToken: "only", Expiry: clock.Now().Add(3 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := src.Token(context.Background()); err != nil || tok.AccessToken != "only" {
		t.Fatalf("inside the margin but unexpired, with nothing to refresh with: %v, %v; want the token", tok, err)
	}
	clock.Advance(4 * time.Minute)
	if _, err := src.Token(context.Background()); !errors.Is(err, ErrNoRefreshToken) {
		t.Fatalf("expired: err = %v, want ErrNoRefreshToken", err)
	}
	if f.tokenRequests.Load() != 0 {
		t.Error("a token request was made with no refresh token")
	}
}

func TestClientCredentialsSource(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	var events []Event
	src, err := NewClientCredentialsSource(f.config(clock.Now), WithObserver(func(e Event) { events = append(events, e) }))
	if err != nil {
		t.Fatal(err)
	}
	first, err := src.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if first.RefreshToken != "" {
		t.Errorf("client credentials token has a refresh token %q", first.RefreshToken)
	}
	if again, err := src.Token(context.Background()); err != nil || again.AccessToken != first.AccessToken {
		t.Fatalf("second call: %v, %v; want the same token", again, err)
	}
	clock.Advance(2 * time.Hour)
	second, err := src.Token(context.Background())
	if err != nil || second.AccessToken == first.AccessToken {
		t.Fatalf("after expiry: %v, %v; want a new token", second, err)
	}
	src.Invalidate(second.AccessToken)
	third, err := src.Token(context.Background())
	if err != nil || third.AccessToken == second.AccessToken {
		t.Fatalf("after Invalidate: %v, %v; want a new token", third, err)
	}
	if len(events) != 3 || events[0].Kind != EventClientCredentials {
		t.Errorf("events = %+v, want 3 client_credentials events", events)
	}
}

func TestNewSourceFromStore(t *testing.T) {
	f := newFakeAccounts(t)
	if _, err := NewSource(f.config(nil), nil); !errors.Is(err, ErrNoToken) {
		t.Errorf("no token, no store: %v, want ErrNoToken", err)
	}
	if _, err := NewSource(f.config(nil), nil, WithStore(&memStore{})); !errors.Is(err, ErrNoToken) {
		t.Errorf("empty store: %v, want ErrNoToken", err)
	}
	store := &memStore{tok: &Token{AccessToken: "stored", Expiry: time.Now().Add(time.Hour)}}
	src, err := NewSource(f.config(nil), nil, WithStore(store))
	if err != nil {
		t.Fatal(err)
	}
	if tok, err := src.Token(context.Background()); err != nil || tok.AccessToken != "stored" {
		t.Errorf("Token = %v, %v; want the stored token", tok, err)
	}
	if _, err := NewSource(f.config(nil), &Token{}); err == nil {
		t.Error("an empty initial token was accepted")
	}
}

func TestOptionsRejectBadInput(t *testing.T) {
	f := newFakeAccounts(t)
	for name, opt := range map[string]Option{
		"negative margin": WithEarlyRefresh(-time.Second),
		"nil store":       WithStore(nil),
		"nil observer":    WithObserver(nil),
		"nil option":      nil,
	} {
		if _, err := NewClientCredentialsSource(f.config(nil), opt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestWaiterHonoursContext(t *testing.T) {
	f := newFakeAccounts(t)
	clock := newClock()
	src := expiredSource(t, f, clock)
	hold := make(chan struct{})
	entered := make(chan struct{})
	f.mu.Lock()
	f.onToken = func() { close(entered); <-hold }
	f.mu.Unlock()
	leader := make(chan error, 1)
	go func() {
		_, err := src.Token(context.Background())
		leader <- err
	}()
	<-entered // the leader's refresh is in flight
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := src.Token(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("waiter with a cancelled context: %v, want context.Canceled", err)
	}
	close(hold)
	if err := <-leader; err != nil {
		t.Fatal(err)
	}
}

func TestAPIKey(t *testing.T) {
	const key = "ak_canary_0123456789"
	src := APIKey(key)
	tok, err := src.Token(context.Background())
	if err != nil || tok.AccessToken != key || tok.Type() != "Bearer" || !tok.Expiry.IsZero() {
		t.Fatalf("Token = %+v, %v", tok, err)
	}
	inv, ok := src.(Invalidator)
	if !ok {
		t.Fatal("APIKey does not implement Invalidator")
	}
	inv.Invalidate(key)
	if again, err := src.Token(context.Background()); err != nil || again.AccessToken != key {
		t.Errorf("after Invalidate: %v, %v; want the same key", again, err)
	}
	if s := fmt.Sprintf("%v %+v %#v %s", src, src, src, src); strings.Contains(s, key) {
		t.Errorf("formatting leaks the key: %s", s)
	}
	if _, err := APIKey("").Token(context.Background()); err == nil || !strings.Contains(err.Error(), "SALESLOFT_API_KEY") {
		t.Errorf("empty key: %v", err)
	}
}
