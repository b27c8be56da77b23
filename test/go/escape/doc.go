// Package escape is a fixture for memsnap's escape-analysis parsers: one
// function per scenario of the escape taxonomy (docs/traps/esc-*.md), plus
// the compiler messages around them (does not escape, inlining, leaking
// parameters, closures, goroutines, methods, generics). It is only compiled,
// never run: scripts/make-escape-fixtures.mjs builds it with -gcflags=-m,
// -m=2 and -json. Function names are what the tests assert on; keep them.
package escape
