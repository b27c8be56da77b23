// Package asm holds one function per syntax that compiles into a hidden
// runtime allocation call. scripts/make-asm-fixtures.mjs compiles it with
// -gcflags=-S and the tests read the listings.
//
// A comment "alloc: NAME ..." on a line says which runtime calls the -S
// listing shows on that line; "goX.Y=NAME" restricts a name to toolchains at
// or after X.Y, "<goX.Y=NAME" to toolchains before it. "alloc-outer:" lines
// are where -S=2, which prints the outermost position of inlined code, shows
// the call instead. Keep the markers on the line the compiler attributes the
// call to.
package asm
