package bench

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

var (
	sinkS string
	sinkI []int
	sinkM map[string]int
)

// BenchmarkJoin runs JoinGrow instead of Join when MEMSNAP_BENCH_SLOW is
// set: a second run with it is a real regression (time and allocs/op) for the
// benchstat comparison fixtures, under the same benchmark name.
func BenchmarkJoin(b *testing.B) {
	join := Join
	if os.Getenv("MEMSNAP_BENCH_SLOW") != "" {
		join = JoinGrow
	}
	for i := 0; i < b.N; i++ {
		sinkS = join(16)
	}
}

// BenchmarkGrow has one sub-benchmark per size.
func BenchmarkGrow(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("size=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				sinkI = Grow(n)
			}
		})
	}
}

// BenchmarkIndex reports throughput and a custom metric.
func BenchmarkIndex(b *testing.B) {
	words := strings.Fields(strings.Repeat("alpha beta gamma delta epsilon ", 20))
	b.SetBytes(int64(len(words)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkM = Index(words)
	}
	b.ReportMetric(float64(len(sinkM)), "keys/op")
}

// BenchmarkFail fails on purpose when MEMSNAP_BENCH_FAIL is set, so the
// fixtures hold a real "--- FAIL" block.
func BenchmarkFail(b *testing.B) {
	if os.Getenv("MEMSNAP_BENCH_FAIL") == "" {
		b.Skip("set MEMSNAP_BENCH_FAIL=1 to fail")
	}
	b.Log("about to fail")
	b.Fatalf("failing on purpose after %d iterations", b.N)
}
