package escape

import (
	"fmt"
	"io"
	"strconv"
)

// Point is a small value type used by most scenarios.
type Point struct{ X, Y int }

var sink *Point

// ReturnAddress: esc-return-address (a named local whose address is returned).
func ReturnAddress(x int) *Point {
	p := Point{X: x}
	return &p
}

// ReturnLiteral: esc-return-address (an implicit allocation returned).
func ReturnLiteral(x int) *Point {
	return &Point{X: x, Y: x}
}

// ClosureCapture: esc-closure-capture (a returned closure captures n by reference).
func ClosureCapture() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// GoroutineCapture: esc-closure-capture (a goroutine's closure reassigns total).
func GoroutineCapture(done chan<- int) {
	total := 0
	go func() {
		total += 10
		done <- total
	}()
}

// InterfaceConversion: esc-interface-conversion (fmt boxes its arguments).
func InterfaceConversion(id int, name string) {
	fmt.Println(id, name)
}

// NonConstantMake: esc-nonconstant-make on Go <= 1.24; Go 1.25+ keeps the
// slice in a 32-byte stack buffer when it fits, and says "does not escape".
func NonConstantMake(n int) int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return len(s)
}

// TooLargeImplicit: esc-too-large (an implicit allocation over 64 KiB).
func TooLargeImplicit() int {
	b := make([]byte, 65537)
	return len(b)
}

// TooLargeExplicit: esc-too-large (an explicit variable over 10 MiB).
func TooLargeExplicit(i int) byte {
	var buf [11 << 20]byte
	buf[i] = 1
	return buf[len(buf)-1-i]
}

// AppendGrowth: esc-append-growth (Go 1.26 reports the append itself).
func AppendGrowth(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x > 0 {
			out = append(out, x)
		}
	}
	return out
}

// ParamLeak: esc-param-leak (the parameter is stored in a global). Not
// inlined, so that its callers see only its leak summary.
//
//go:noinline
func ParamLeak(p *Point) {
	sink = p
}

// ParamLeakCaller: esc-param-leak (its local escapes because ParamLeak leaks it).
//
//go:noinline
func ParamLeakCaller() {
	var p Point
	ParamLeak(&p)
}

// ParamLeakContent: leaking param content (what pp points to leaks).
func ParamLeakContent(pp **Point) {
	sink = *pp
}

// ParamToResult: leaking param to result ~r0 level=0.
func ParamToResult(p *Point) *Point {
	return p
}

// ParamToResultLevel1: leaking param to result ~r0 level=1.
func ParamToResultLevel1(pp **Point) *Point {
	return *pp
}

// ParamToNamedResult: leaking param to a named result.
func ParamToNamedResult(p *Point) (out *Point) {
	out = p
	return
}

// GlobalStore: esc-global-store (stored into a package-level variable).
func GlobalStore(x int) {
	sink = &Point{X: x}
}

var registry = map[string]*Point{}

// MapStore: esc-global-store (stored as a map element).
func MapStore(key string, x int) {
	p := Point{X: x}
	registry[key] = &p
}

// Result is sent over a channel.
type Result struct{ N int }

// ChannelSend: esc-global-store (sent over a channel).
func ChannelSend(out chan<- *Result, n int) {
	out <- &Result{N: n}
}

// IndirectCall: esc-indirect-call (an interface method call).
func IndirectCall(w io.Writer) {
	var buf [16]byte
	_, _ = w.Write(buf[:])
}

// FuncValueCall: esc-indirect-call (a call through a func value).
func FuncValueCall(f func(*Point)) {
	var p Point
	f(&p)
}

// StringConversion: esc-string-conversion (string(b) returned).
func StringConversion(b []byte) string {
	return string(b)
}

// BytesConversion: esc-string-conversion ([]byte(s) returned).
func BytesConversion(s string) []byte {
	return []byte(s)
}

// Concat: esc-string-conversion (a concatenation that escapes).
func Concat(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p + ","
	}
	return s
}

// MapGrowth: esc-map-growth (a map without a size hint, returned).
func MapGrowth(keys []string) map[string]int {
	m := map[string]int{}
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// MapMake: esc-map-growth (make(map) without a hint, returned).
func MapMake(keys []string) map[string]int {
	m := make(map[string]int)
	for i, k := range keys {
		m[k] = i
	}
	return m
}

// Itoa keeps strconv imported for the inlining fixture below.
func Itoa(n int) string { return strconv.Itoa(n) }
