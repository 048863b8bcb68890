//go:build !unix

package audit

import (
	"errors"
	"io"
	"os"
)

// readFile reads a file into buf (grown as needed), at most max+1 bytes.
func readFile(name string, buf []byte, max int64) (data []byte, err error) {
	f, err := os.Open(name)
	if err != nil {
		return buf[:0], err
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	data = buf[:0]
	for int64(len(data)) <= max {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, rerr := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if errors.Is(rerr, io.EOF) {
			return data, nil
		}
		if rerr != nil {
			return data[:0], rerr
		}
	}
	return data, nil
}
