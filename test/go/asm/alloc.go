package asm

import "fmt"

type point struct{ x, y int }

type withPtr struct {
	p *int
	n int
}

var (
	sinkPoint *point
	sinkAny   interface{}
	sinkFunc  func() int
	sinkBytes []byte
)

// NewPoint: new(T) whose result escapes.
func NewPoint() *point {
	p := new(point) // alloc: newobject
	return p
}

// AddrLiteral: &T{} whose result escapes.
func AddrLiteral() *point {
	return &point{1, 2} // alloc: newobject
}

// MovedToHeap: a local whose address is stored globally.
func MovedToHeap() {
	var p point // alloc: newobject
	sinkPoint = &p
}

// MakeSlice: make with a non-constant size that escapes.
func MakeSlice(n int) []int {
	return make([]int, n) // alloc: makeslice
}

// MakeSliceLocal: make with a non-constant size that does not escape; Go 1.25+
// uses a stack buffer when n is small but keeps the makeslice call for the rest.
func MakeSliceLocal(n int) int {
	s := make([]int, n) // alloc: makeslice
	return len(s)
}

// MakeCopy: make followed by copy of the same length.
func MakeCopy(src []*int) []*int {
	dst := make([]*int, len(src)) // alloc: makeslicecopy
	copy(dst, src)
	return dst
}

// MakeCopyBytes: the same for pointer-free elements: mallocgc, then memmove.
func MakeCopyBytes(src []byte) []byte {
	dst := make([]byte, len(src)) // alloc: mallocgc
	copy(dst, src)
	return dst
}

// AppendGrow: append that may grow the backing array.
func AppendGrow(s []int, v int) []int {
	return append(s, v) // alloc: growslice
}

// AppendLoop: append in a loop without a capacity. Go 1.26 starts the slice
// in a stack buffer and moves it to the heap when it is returned.
func AppendLoop(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i) // alloc: growslice
	}
	return out // alloc: go1.26=moveSliceNoCapNoScan
}

// MapLiteral: a small map literal.
func MapLiteral() map[string]int {
	return map[string]int{"a": 1} // alloc: makemap_small mapassign_faststr
}

// MakeMap: make(map) with a size hint.
func MakeMap(n int) map[int]int {
	return make(map[int]int, n) // alloc: makemap
}

// MapAssign: inserting may grow the map.
func MapAssign(m map[int]int, k int) {
	m[k] = k // alloc: mapassign_fast64
}

// MakeChan: channels always live on the heap.
func MakeChan() chan int {
	return make(chan int, 1) // alloc: makechan
}

// BoxInt: an int converted to an interface.
func BoxInt(i int) interface{} {
	return i // alloc: convT64
}

// BoxUint16: a 2-byte value converted to an interface.
func BoxUint16(i uint16) interface{} {
	return i // alloc: convT16
}

// BoxUint32: a 4-byte value converted to an interface.
func BoxUint32(i uint32) interface{} {
	return i // alloc: convT32
}

// BoxString: a string converted to an interface.
func BoxString(s string) interface{} {
	return s // alloc: convTstring
}

// BoxSlice: a byte slice converted to an interface.
func BoxSlice(b []byte) interface{} {
	return b // alloc: convTslice
}

// BoxStruct: a pointer-free struct converted to an interface.
func BoxStruct(p point) interface{} {
	return p // alloc: <go1.18=convT2Enoptr go1.18=convTnoptr
}

// BoxPointerStruct: a struct with pointers converted to an interface.
func BoxPointerStruct(w withPtr) interface{} {
	return w // alloc: <go1.18=convT2E go1.18=convT
}

// Print: fmt.Println's ...any arguments box their operands.
func Print(n int, s string) {
	fmt.Println(n, s) // alloc: convT64 convTstring
}

// Concat2: string concatenation of two operands.
func Concat2(a, b string) string {
	return a + b // alloc: concatstring2
}

// Concat3: three operands.
func Concat3(a, b, c string) string {
	return a + b + c // alloc: concatstring3
}

// ConcatMany: more than five operands take the slice form.
func ConcatMany(a, b, c, d, e, f string) string {
	return a + b + c + d + e + f // alloc: concatstrings
}

// ConcatBytes: []byte(a+b); Go 1.24+ concatenates straight into a []byte.
func ConcatBytes(a, b string) {
	sinkBytes = []byte(a + b) // alloc: <go1.24=concatstring2 <go1.24=stringtoslicebyte go1.24=concatbyte2
}

// BytesToString: string(b).
func BytesToString(b []byte) string {
	return string(b) // alloc: slicebytetostring
}

// StringToBytes: []byte(s).
func StringToBytes(s string) []byte {
	return []byte(s) // alloc: stringtoslicebyte
}

// StringToRunes: []rune(s).
func StringToRunes(s string) []rune {
	return []rune(s) // alloc: stringtoslicerune
}

// RunesToString: string(r).
func RunesToString(r []rune) string {
	return string(r) // alloc: slicerunetostring
}

// RuneToString: string(rune).
func RuneToString(r rune) string {
	return string(r) // alloc: intstring
}

// Closure: a closure that captures n by reference and escapes.
func Closure(n int) func() int { // alloc: newobject
	return func() int { n++; return n } // alloc: newobject
}

// MethodValue: a method value that escapes.
func MethodValue(p point) {
	sinkFunc = p.Sum // alloc: newobject
}

// Sum is a method for MethodValue.
func (p point) Sum() int { return p.x + p.y }

// String makes point a fmt.Stringer: the compiler adds a (*point).String wrapper.
func (p point) String() string { return "point" }

// Go: a go statement with a closure.
func Go(ch chan int) {
	go func() { ch <- 1 }() // alloc: newobject newproc
}

// DeferInLoop: defers in a loop cannot use the stack record.
func DeferInLoop(n int) {
	for i := 0; i < n; i++ {
		defer func() {}() // alloc: deferproc
	}
}

// DeferOnce: a single defer uses an open-coded or stack record: no allocation.
func DeferOnce(f func()) {
	defer f()
}

// BigFrame: a large array that stays on the stack makes a large frame.
func BigFrame(i int) int {
	var a [4096]int
	a[i%len(a)] = i
	return a[(i+1)%len(a)]
}

// TooLarge: an explicit variable over 10 MiB goes to the heap.
func TooLarge(i int) byte {
	var a [11 << 20]byte // alloc: newobject
	a[i%len(a)] = byte(i)
	return a[(i+7)%len(a)]
}

// newSmall is inlined into Inlined: -S shows the call here, -S=2 at the caller.
func newSmall() *point {
	return &point{} // alloc: newobject
}

// Inlined: the allocation of an inlined callee.
func Inlined() {
	sinkPoint = newSmall() // alloc-outer: newobject
}
