package contract

import (
	"errors"
	"io"
	"sync"
)

// capture keeps a copy of a streamed body up to a limit. Past the limit it drops what it holds
// and only counts, so a body of any size costs at most the limit. It is safe for concurrent use:
// a request body is read by the sending goroutine while the response is handled by another.
type capture struct {
	mu     sync.Mutex
	limit  int64
	buf    []byte
	seen   int64
	over   bool
	ended  bool  // the body was read to its end
	broken error // the read error other than io.EOF, if any
}

// newCapture returns a capture for a body of the given length (-1 when unknown). A body declared
// longer than the limit is not copied at all.
func newCapture(limit, length int64) *capture {
	return &capture{limit: limit, over: length > limit}
}

// add records bytes read from the body and the error that came with them.
func (c *capture) add(p []byte, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen += int64(len(p))
	switch {
	case c.over:
	case c.seen > c.limit:
		c.over, c.buf = true, nil
	default:
		c.buf = append(c.buf, p...)
	}
	switch {
	case errors.Is(err, io.EOF):
		c.ended = true
	case err != nil && c.broken == nil:
		c.broken = err
	}
}

// result returns the body for validation and whether it may be validated; when it may not, note
// says why. A nil capture stands for no body, which is validated as such.
func (c *capture) result(part string) (body []byte, ok bool, note string) {
	if c == nil {
		return nil, true, ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.over:
		return nil, false, overNote(part, c.limit)
	case c.broken != nil || !c.ended:
		return nil, false, part + " body not read to its end"
	}
	return c.buf, true, ""
}

// failure returns the error that cut the body short, if any.
func (c *capture) failure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.broken
}

// teeBody passes a body through, copying what is read into a capture, and calls closed once
// when it is closed.
type teeBody struct {
	body   io.ReadCloser
	copy   *capture
	closed func()
	once   sync.Once
}

// Read reads from the body and copies what it read.
func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	b.copy.add(p[:n], err)
	return n, err
}

// Close closes the body and then calls closed, once.
func (b *teeBody) Close() error {
	err := b.body.Close()
	b.once.Do(func() {
		if b.closed != nil {
			b.closed()
		}
	})
	return err
}
