package secret

import (
	"bytes"
	"io"
	"sync"
)

// maxLine is the longest partial line a Writer holds before it cleans and
// writes it anyway, so that output without newlines still flows.
const maxLine = 64 << 10

// Writer cleans everything written through it with a Set (Set.Clean)
// before passing it on. It works a line at a time, so that a secret split
// across two writes is still found; Flush writes a last partial line. The
// set may learn secrets while the writer is in use: each line is cleaned
// with what the set knows when the line is complete. It is safe for
// concurrent use.
type Writer struct {
	mu  sync.Mutex
	w   io.Writer
	set *Set
	buf []byte
}

// NewWriter returns a Writer cleaning with set onto w.
func NewWriter(w io.Writer, set *Set) *Writer { return &Writer{w: w, set: set} }

// Write cleans and writes every complete line of p, keeping a trailing
// partial line for the next call. It reports len(p) written unless w fails.
func (sw *Writer) Write(p []byte) (int, error) {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.buf = append(sw.buf, p...)
	i := bytes.LastIndexByte(sw.buf, '\n')
	if i < 0 && len(sw.buf) < maxLine {
		return len(p), nil
	}
	n := i + 1
	if i < 0 {
		n = len(sw.buf)
	}
	if err := sw.emit(sw.buf[:n]); err != nil {
		return 0, err
	}
	sw.buf = append(sw.buf[:0], sw.buf[n:]...)
	return len(p), nil
}

// Flush cleans and writes what is left of a partial line.
func (sw *Writer) Flush() error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if len(sw.buf) == 0 {
		return nil
	}
	err := sw.emit(sw.buf)
	sw.buf = sw.buf[:0]
	return err
}

// emit writes b cleaned; sw.mu must be held.
func (sw *Writer) emit(b []byte) error {
	_, err := io.WriteString(sw.w, sw.set.Clean(string(b)))
	return err
}
