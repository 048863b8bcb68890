//go:build unix

package audit

import (
	"syscall"
)

// readFile reads a regular file into buf (grown as needed), at most
// max+1 bytes so a file over the limit is caught. It uses raw system
// calls: an os.File costs an allocation, a finalizer and a netpoller
// registration per file, which dominate a scan of many small files.
func readFile(name string, buf []byte, max int64) ([]byte, error) {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return buf[:0], err
	}
	data := buf[:0]
	for int64(len(data)) <= max {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		want := cap(data) - len(data)
		n, rerr := syscall.Read(fd, data[len(data):cap(data)])
		if rerr == syscall.EINTR {
			continue
		}
		if rerr != nil {
			cerr := syscall.Close(fd)
			if cerr != nil {
				return data[:0], cerr
			}
			return data[:0], rerr
		}
		if n == 0 {
			break
		}
		data = data[:len(data)+n]
		if n < want {
			break // a short read of a regular file is its end; saves a read per file
		}
	}
	if err := syscall.Close(fd); err != nil {
		return data[:0], err
	}
	return data, nil
}
