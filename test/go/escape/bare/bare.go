// Package bare has no imports, so that `go tool compile` can build it alone
// and print its diagnostics with the absolute path it was given.
package bare

// T is a small struct.
type T struct{ N int }

var keep *T

// New returns a pointer to a local: moved to heap.
func New(n int) *T {
	t := T{N: n}
	return &t
}

// Store leaks its parameter.
func Store(t *T) { keep = t }

// Local does not escape.
func Local(n int) int {
	t := &T{N: n}
	return t.N
}

// Closure returns a func literal capturing by reference.
func Closure() func() int {
	n := 0
	return func() int { n++; return n }
}
