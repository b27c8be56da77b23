//go:build go1.18

package asm

// Box is generic: each shape gets its own instantiation, and its own call.
// Go 1.26 also compiles a wrapper per type argument (Box[int]) with the shaped
// body inlined, which -S=2 attributes to this declaration line.
func Box[T any](v T) any { // alloc-outer: go1.26=convT64 go1.26=convTstring
	return v // alloc: convT64 convTstring
}

// UseBox instantiates Box with an int and a string.
func UseBox() {
	sinkAny = Box(3)
	sinkAny = Box("s")
}
