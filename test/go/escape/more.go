package escape

import (
	"errors"
	"sort"
	"strings"
	"sync"
)

// NoEscape: does not escape (a local pointer that stays local).
func NoEscape() int {
	p := &Point{X: 1, Y: 2}
	return p.X + p.Y
}

// NoEscapeParam: a parameter that does not escape.
func NoEscapeParam(p *Point) int {
	return p.X * p.Y
}

// SmallMake: does not escape, constant size.
func SmallMake() int {
	s := make([]int, 8)
	return len(s)
}

// Add can be inlined.
func Add(a, b int) int { return a + b }

// Sum inlines Add.
func Sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t = Add(t, x)
	}
	return t
}

// NoInline is marked go:noinline.
//
//go:noinline
func NoInline(a int) int { return a * 3 }

// TooComplex cannot be inlined: its body is over the budget.
func TooComplex(xs []string) string {
	var b strings.Builder
	for i, x := range xs {
		switch {
		case i%3 == 0:
			b.WriteString(strings.ToUpper(x))
		case i%3 == 1:
			b.WriteString(strings.ToLower(x))
		default:
			b.WriteString(strings.TrimSpace(x))
		}
		if i > 0 {
			b.WriteByte(',')
		}
		for j := 0; j < len(x); j++ {
			if x[j] == ' ' {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// Recover cannot be inlined (recover).
func Recover() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("recovered")
		}
	}()
	return nil
}

// Counter has methods with pointer and value receivers.
type Counter struct {
	mu sync.Mutex
	n  int
	by map[string]int
}

// Inc has a pointer receiver that does not escape.
func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Publish leaks its receiver.
func (c *Counter) Publish() {
	published = c
}

var published *Counter

// Snapshot has a value receiver.
func (s Square) Snapshot() Square { return s }

// Observe starts a goroutine from a method and a nested closure.
func (c *Counter) Observe(names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func(name string) {
			defer wg.Done()
			func() {
				c.mu.Lock()
				c.by[name]++
				c.mu.Unlock()
			}()
		}(name)
	}
	wg.Wait()
}

// Nested has closures inside closures.
func Nested() func() func() int {
	x := 0
	return func() func() int {
		y := 1
		return func() int {
			x++
			y++
			return x + y
		}
	}
}

// Shape is an interface for the devirtualization case.
type Shape interface{ Area() int }

// Square implements Shape.
type Square struct{ S int }

// Area of a square.
func (s Square) Area() int { return s.S * s.S }

// Devirtualize calls a method through an interface holding a known type.
func Devirtualize() int {
	var s Shape = Square{S: 3}
	return s.Area()
}

// Number is a type-set constraint.
type Number interface {
	~int | ~int64 | ~float64
}

// SumOf is generic.
func SumOf[T Number](xs []T) T {
	var t T
	for _, x := range xs {
		t += x
	}
	return t
}

// Taker has a method taking a pointer.
type Taker interface{ Take(*int) }

// GenericIndirect calls a method on a type parameter: the compiler cannot
// see through the dictionary call, so v moves to the heap.
func GenericIndirect[S Taker](s S) {
	var v int
	s.Take(&v)
}

type keep struct{}

func (keep) Take(*int) {}

// UseGenerics instantiates the generic functions.
func UseGenerics() (int, float64) {
	GenericIndirect(keep{})
	return SumOf([]int{1, 2, 3}), SumOf([]float64{1.5})
}

// SortPeople converts a slice to sort.Interface.
func SortPeople(ages []int) {
	sort.Sort(sort.IntSlice(ages))
}

// Wrap builds an error that escapes.
func Wrap(msg string, code int) error {
	return &codeError{msg: msg, code: code}
}

type codeError struct {
	msg  string
	code int
}

func (e *codeError) Error() string { return e.msg }

// Variadic passes a slice of interfaces that does not escape.
func Variadic(a, b int) string {
	return strings.Join([]string{Itoa(a), Itoa(b)}, ",")
}

// initFuncs are package-level closures.
var initFuncs = []func() int{
	func() int { return 1 },
	func() int { return 2 },
}

// DeferLoop defers in a loop (open-coded defers are not possible).
func DeferLoop(mus []*sync.Mutex) {
	for _, mu := range mus {
		mu.Lock()
		defer mu.Unlock()
	}
}
