package main

import "go/types"

// gcSizes computes sizes, alignments and offsets the way the gc compiler lays
// out memory (cmd/compile/internal/types/size.go), for one architecture.
// go/types has its own gc table, but before Go 1.21 it did not pad a final
// zero-size field (go.dev/issue/60734) nor know sync/atomic's align64, and
// this helper is built by whichever Go the user runs, down to 1.19.
type gcSizes struct {
	word     int64 // pointer size
	maxAlign int64 // largest alignment of any basic type
}

// archSizes is the table of go/types.SizesFor("gc", arch) (go/types/sizes.go).
var archSizes = map[string]gcSizes{
	"386": {4, 4}, "amd64": {8, 8}, "amd64p32": {4, 8}, "arm": {4, 4}, "arm64": {8, 8},
	"loong64": {8, 8}, "mips": {4, 4}, "mipsle": {4, 4}, "mips64": {8, 8}, "mips64le": {8, 8},
	"ppc64": {8, 8}, "ppc64le": {8, 8}, "riscv64": {8, 8}, "s390x": {8, 8}, "sparc64": {8, 8},
	"wasm": {8, 8},
}

func (s gcSizes) Alignof(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Array:
		// An array is aligned as its element (the spec), even when empty.
		return s.Alignof(u.Elem())
	case *types.Struct:
		if u.NumFields() == 0 && isAlign64(t) {
			// The compiler makes a struct holding atomic's align64
			// 8-byte aligned, on 32-bit targets too (atomic.Int64).
			return 8
		}
		a := int64(1)
		for i := 0; i < u.NumFields(); i++ {
			if fa := s.Alignof(u.Field(i).Type()); fa > a {
				a = fa
			}
		}
		return a
	case *types.Slice, *types.Interface:
		return s.word
	case *types.Basic:
		if u.Info()&types.IsString != 0 {
			return s.word
		}
	}
	a := s.Sizeof(t)
	if isComplex(t) {
		a /= 2 // complex128 is aligned as float64
	}
	if a < 1 {
		return 1
	}
	if a > s.maxAlign {
		return s.maxAlign
	}
	return a
}

func (s gcSizes) Offsetsof(fields []*types.Var) []int64 {
	offsets := make([]int64, len(fields))
	var off int64
	for i, f := range fields {
		off = roundUp(off, s.Alignof(f.Type()))
		offsets[i] = off
		off += s.Sizeof(f.Type())
	}
	return offsets
}

func (s gcSizes) Sizeof(t types.Type) int64 {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool, types.Int8, types.Uint8:
			return 1
		case types.Int16, types.Uint16:
			return 2
		case types.Int32, types.Uint32, types.Float32:
			return 4
		case types.Int64, types.Uint64, types.Float64, types.Complex64:
			return 8
		case types.Complex128:
			return 16
		case types.String:
			return 2 * s.word
		}
		return s.word // int, uint, uintptr, unsafe.Pointer
	case *types.Array:
		if u.Len() <= 0 {
			return 0
		}
		return u.Len() * s.Sizeof(u.Elem())
	case *types.Slice:
		return 3 * s.word
	case *types.Interface:
		return 2 * s.word
	case *types.Struct:
		n := u.NumFields()
		if n == 0 {
			return 0
		}
		fields := make([]*types.Var, n)
		for i := range fields {
			fields[i] = u.Field(i)
		}
		end := s.Offsetsof(fields)[n-1] + s.Sizeof(fields[n-1].Type())
		// A non-empty struct ending in a zero-size field gets one more
		// byte, so &x.last never points at the next object (go.dev/issue/9401).
		if end > 0 && s.Sizeof(fields[n-1].Type()) == 0 {
			end++
		}
		return roundUp(end, s.Alignof(t))
	}
	return s.word // pointers, maps, channels, funcs
}

func roundUp(x, a int64) int64 { return (x + a - 1) / a * a }

func isComplex(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsComplex != 0
}

// isAlign64 reports whether t is the marker type atomic.Int64 and friends
// embed (sync/atomic, and the runtime's own atomic package under its old and
// new paths).
func isAlign64(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Name() != "align64" || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "sync/atomic", "internal/runtime/atomic", "runtime/internal/atomic":
		return true
	}
	return false
}
