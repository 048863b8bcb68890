package report

import (
	"io"
	"testing"
)

func BenchmarkWriteHTML(b *testing.B) {
	r := sampleReport()
	for b.Loop() {
		if err := WriteHTML(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteMarkdown(b *testing.B) {
	r := sampleReport()
	for b.Loop() {
		if err := WriteMarkdown(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
