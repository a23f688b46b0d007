package photo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkRead reads each whiteboard photo (decode, clean-up, Tesseract,
// layout). scripts/bench-photo.sh runs it beside a plain tesseract run.
func BenchmarkRead(b *testing.B) {
	for _, path := range needPhotos(b) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".jpg")
		b.Run(name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := Read(context.Background(), name, data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time, Tesseract's included: on a shared machine it says
			// more than the wall clock.
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// cpuTime is the CPU time used so far by this process and the children it
// waited for.
func cpuTime() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	tv := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	return tv(self.Utime) + tv(self.Stime) + tv(children.Utime) + tv(children.Stime)
}

// BenchmarkPrepare is the clean-up alone, without Tesseract.
func BenchmarkPrepare(b *testing.B) {
	for _, path := range needPhotos(b) {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".jpg")
		b.Run(name, func(b *testing.B) {
			opt := Options{}.withDefaults()
			for b.Loop() {
				if _, _, err := prepare(context.Background(), name, data, &opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
