// Package bench is a small workload whose benchmarks produce the go test
// -bench fixtures of memsnap's benchmark-output parser: allocations per op,
// sub-benchmarks, throughput (MB/s) and a custom metric.
package bench

import (
	"strconv"
	"strings"
)

// Join formats n integers into one comma-separated string.
func Join(n int) string {
	parts := make([]string, 0, n)
	for i := 0; i < n; i++ {
		parts = append(parts, strconv.Itoa(i))
	}
	return strings.Join(parts, ",")
}

// JoinGrow is Join without the capacity hint: the slice of parts grows by
// appending, so it allocates more and runs slower. The benchmark comparison
// fixtures use it as the "regressed" version of Join.
func JoinGrow(n int) string {
	var parts []string
	for i := 0; i < n; i++ {
		parts = append(parts, strconv.Itoa(i))
	}
	return strings.Join(parts, ",")
}

// Grow appends n integers to a slice without a capacity hint.
func Grow(n int) []int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return s
}

// Index builds a map from words to their positions.
func Index(words []string) map[string]int {
	m := make(map[string]int)
	for i, w := range words {
		m[w] = i
	}
	return m
}
