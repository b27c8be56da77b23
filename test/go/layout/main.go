// Command layout is the ground truth for tools/golayout: it prints, as JSON,
// the size and alignment (unsafe.Sizeof, unsafe.Alignof) of each struct type
// below and each field's offset, size and alignment as the compiler laid them
// out (reflect reads the compiler's type descriptors; the program checks them
// against unsafe.Offsetof for a few fields). Run it for each GOARCH:
//
//	GOARCH=386 go run .
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// BoolInt wastes 14 bytes on amd64: 7 after a, 7 after c.
type BoolInt struct {
	a bool
	b int64
	c bool
}

// BoolIntPacked is BoolInt in the best order.
type BoolIntPacked struct {
	b    int64
	a, c bool
}

// TrailingEmpty ends in a zero-size field, which the compiler pads by a byte
// so &x.e cannot point at the next object.
type TrailingEmpty struct {
	n int64
	e struct{}
}

type TrailingZeroArray struct {
	b byte
	z [0]int64
}

type LeadingEmpty struct {
	e struct{}
	n int32
}

type OnlyEmpty struct {
	a struct{}
	b [0]int
}

type Empty struct{}

// NoCmp carries the usual "not comparable" marker last.
type NoCmp struct {
	n int32
	_ [0]func()
}

type Refs struct {
	p  *int
	s  string
	i  interface{}
	e  error
	sl []byte
	m  map[string]int
	c  chan int
	f  func()
	u  unsafe.Pointer
	up uintptr
	n  int
}

// Complexes: complex128 is aligned as float64 (4 bytes on 386).
type Complexes struct {
	a    bool
	c64  complex64
	b    bool
	c128 complex128
	f32  float32
}

type Inner struct {
	a byte
	b int32
}

type Outer struct {
	x   byte
	in  Inner
	y   byte
	arr [3]Inner
	z   int16
}

type Arrays struct {
	a [3]byte
	b [2]int16
	c [0]int64
	d byte
	e [2][3]uint16
}

type Embeds struct {
	Inner
	*BoolInt
	sync.Mutex
	flag bool
}

type WithIface struct {
	io.Reader
	n int8
}

// Atomics: atomic.Int64 and Uint64 are 8-byte aligned on 386 too.
type Atomics struct {
	flag bool
	n    atomic.Int64
	m    atomic.Uint32
	u    atomic.Uint64
	v    atomic.Value
	b    atomic.Bool
}

type AtomicFirst struct {
	n atomic.Int64
	b bool
}

// Plain int64 after a bool: 4-byte aligned on 386, so at offset 4.
type PlainInt64 struct {
	b bool
	n int64
}

type Small struct {
	a uint8
	b uint16
	c uint8
	d float32
	e uint8
}

type Pair[K, V any] struct {
	k K
	v V
}

type UsesGeneric struct {
	p Pair[int8, int64]
	q Pair[bool, bool]
	r Pair[string, struct{}]
}

type Big struct {
	buf [1 << 16]byte
	n   int
	ok  bool
}

type Worst struct {
	a bool
	b int64
	c bool
	d int64
	e bool
	f int32
	g bool
}

type Stdlib struct {
	ok bool
	t  time.Time
	wg sync.WaitGroup
	d  time.Duration
	o  sync.Once
}

type Anonymous struct {
	a bool
	s struct {
		x int64
		y bool
	}
	b bool
}

// DefinedFromInner has Inner's layout under its own name; AliasOfInner is
// not a new type and is not reported.
type DefinedFromInner Inner

type AliasOfInner = Inner

type Row struct {
	Name   string  `json:"name"`
	Local  bool    `json:"local"`
	Size   uintptr `json:"size"`
	Align  uintptr `json:"align"`
	Fields []Cell  `json:"fields"`
}

type Cell struct {
	Name   string  `json:"name"`
	Offset uintptr `json:"offset"`
	Size   uintptr `json:"size"`
	Align  uintptr `json:"align"`
}

func row[T any](size, align uintptr) Row {
	var zero T
	t := reflect.TypeOf(zero)
	if t.Size() != size || uintptr(t.Align()) != align {
		panic(fmt.Sprintf("%s: reflect says %d/%d, unsafe %d/%d", t.Name(), t.Size(), t.Align(), size, align))
	}
	r := Row{Name: t.Name(), Size: size, Align: align, Fields: []Cell{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		r.Fields = append(r.Fields, Cell{f.Name, f.Offset, f.Type.Size(), uintptr(f.Type.Align())})
	}
	return r
}

// local returns the layout of a type declared inside a function.
func local() Row {
	type Local struct {
		a bool
		b int64
		c int16
	}
	r := row[Local](unsafe.Sizeof(Local{}), unsafe.Alignof(Local{}))
	r.Local = true
	return r
}

func main() {
	rows := []Row{
		row[BoolInt](unsafe.Sizeof(BoolInt{}), unsafe.Alignof(BoolInt{})),
		row[BoolIntPacked](unsafe.Sizeof(BoolIntPacked{}), unsafe.Alignof(BoolIntPacked{})),
		row[TrailingEmpty](unsafe.Sizeof(TrailingEmpty{}), unsafe.Alignof(TrailingEmpty{})),
		row[TrailingZeroArray](unsafe.Sizeof(TrailingZeroArray{}), unsafe.Alignof(TrailingZeroArray{})),
		row[LeadingEmpty](unsafe.Sizeof(LeadingEmpty{}), unsafe.Alignof(LeadingEmpty{})),
		row[OnlyEmpty](unsafe.Sizeof(OnlyEmpty{}), unsafe.Alignof(OnlyEmpty{})),
		row[Empty](unsafe.Sizeof(Empty{}), unsafe.Alignof(Empty{})),
		row[NoCmp](unsafe.Sizeof(NoCmp{}), unsafe.Alignof(NoCmp{})),
		row[Refs](unsafe.Sizeof(Refs{}), unsafe.Alignof(Refs{})),
		row[Complexes](unsafe.Sizeof(Complexes{}), unsafe.Alignof(Complexes{})),
		row[Inner](unsafe.Sizeof(Inner{}), unsafe.Alignof(Inner{})),
		row[Outer](unsafe.Sizeof(Outer{}), unsafe.Alignof(Outer{})),
		row[Arrays](unsafe.Sizeof(Arrays{}), unsafe.Alignof(Arrays{})),
		row[Embeds](unsafe.Sizeof(Embeds{}), unsafe.Alignof(Embeds{})),
		row[WithIface](unsafe.Sizeof(WithIface{}), unsafe.Alignof(WithIface{})),
		row[Atomics](unsafe.Sizeof(Atomics{}), unsafe.Alignof(Atomics{})),
		row[AtomicFirst](unsafe.Sizeof(AtomicFirst{}), unsafe.Alignof(AtomicFirst{})),
		row[PlainInt64](unsafe.Sizeof(PlainInt64{}), unsafe.Alignof(PlainInt64{})),
		row[Small](unsafe.Sizeof(Small{}), unsafe.Alignof(Small{})),
		row[UsesGeneric](unsafe.Sizeof(UsesGeneric{}), unsafe.Alignof(UsesGeneric{})),
		row[Big](unsafe.Sizeof(Big{}), unsafe.Alignof(Big{})),
		row[Worst](unsafe.Sizeof(Worst{}), unsafe.Alignof(Worst{})),
		row[Stdlib](unsafe.Sizeof(Stdlib{}), unsafe.Alignof(Stdlib{})),
		row[Anonymous](unsafe.Sizeof(Anonymous{}), unsafe.Alignof(Anonymous{})),
		row[DefinedFromInner](unsafe.Sizeof(DefinedFromInner{}), unsafe.Alignof(DefinedFromInner{})),
		local(),
	}
	// reflect's offsets are the compiler's: spot-check them against unsafe.
	checks := []struct{ got, want uintptr }{
		{rows[0].Fields[2].Offset, unsafe.Offsetof(BoolInt{}.c)},
		{rows[15].Fields[1].Offset, unsafe.Offsetof(Atomics{}.n)},
		{rows[17].Fields[1].Offset, unsafe.Offsetof(PlainInt64{}.n)},
		{rows[9].Fields[3].Offset, unsafe.Offsetof(Complexes{}.c128)},
	}
	for _, c := range checks {
		if c.got != c.want {
			panic(fmt.Sprintf("reflect offset %d, unsafe.Offsetof %d", c.got, c.want))
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(map[string]interface{}{"goarch": runtime.GOARCH, "structs": rows}); err != nil {
		panic(err)
	}
}
