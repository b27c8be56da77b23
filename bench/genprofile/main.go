// Command genprofile writes a large, real heap profile for memsnap's
// benchmarks: every allocation is sampled (MemProfileRate = 1) and comes from
// one of 2^bits distinct call stacks, so the profile has as many samples as
// pprof users meet in big services.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

var sink [][]byte

//go:noinline
func left(depth int, path uint32, size int) { step(depth, path, size) }

//go:noinline
func right(depth int, path uint32, size int) { step(depth, path, size) }

// step descends one level per bit of path, so each path is its own stack.
func step(depth int, path uint32, size int) {
	if depth == 0 {
		sink = append(sink, make([]byte, size))
		return
	}
	if path&1 == 0 {
		left(depth-1, path>>1, size)
	} else {
		right(depth-1, path>>1, size)
	}
}

func main() {
	bits := flag.Int("bits", 15, "2^bits distinct stacks")
	out := flag.String("o", "heap.pb.gz", "output file")
	flag.Parse()
	runtime.MemProfileRate = 1
	for p := uint32(0); p < 1<<uint(*bits); p++ {
		step(*bits, p, 16+int(p%64)*8)
	}
	runtime.GC()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.KeepAlive(sink)
}
