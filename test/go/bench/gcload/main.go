// Command gcload allocates in a fixed pattern so that GODEBUG=gctrace=1 has
// cycles to print. It produces the gctrace and memstats fixtures of the
// toolchains the lab cannot be built with: it uses nothing newer than Go 1.5,
// so every release from go1.5.4 on builds it (in GOPATH mode, by file name).
//
// -noise makes four goroutines write to stderr while the runtime prints its
// trace there, the way a chatty program does; the exact counts of its writes
// (-n/500 lines and ceil(-n/777) partial writes per goroutine) let a test
// check that no byte of program output was taken for trace and vice versa.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sync"
)

var (
	mu   sync.Mutex
	live [][]byte
)

func main() {
	n := flag.Int("n", 200000, "allocations per goroutine")
	every := flag.Int("gc", 0, "call runtime.GC() every this many allocations (0: never)")
	noise := flag.Bool("noise", false, "write to stderr from four goroutines while allocating")
	freeOS := flag.Bool("freeos", false, "call debug.FreeOSMemory() at the end")
	memstats := flag.String("memstats", "", "write runtime.MemStats as JSON to this file at the end")
	leaks := flag.Bool("leakprofile", false, "write the goroutineleak profile at the end (Go 1.26 built with GOEXPERIMENT=goroutineleakprofile)")
	flag.Parse()

	workers := 1
	if *noise {
		workers = 4
	}
	var wg sync.WaitGroup
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			work(g, *n, *every, *noise)
		}(g)
	}
	wg.Wait()
	if *freeOS {
		mu.Lock()
		live = nil
		mu.Unlock()
		debug.FreeOSMemory()
	}
	if p := pprof.Lookup("goroutineleak"); *leaks && p != nil {
		// Its collection prints "(checking for goroutine leaks)" in the trace.
		_ = p.WriteTo(ioutil.Discard, 0)
	}
	if *memstats != "" {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		b, err := json.Marshal(&m)
		if err == nil {
			err = ioutil.WriteFile(*memstats, b, 0644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gcload:", err)
			os.Exit(1)
		}
	}
	fmt.Println("gcload: done")
}

// work keeps about 4 MiB per goroutine alive and drops it all now and then,
// so heap sizes move between cycles.
func work(g, n, every int, noise bool) {
	for i := 0; i < n; i++ {
		b := make([]byte, 512+i%2048)
		mu.Lock()
		if i%8 == 0 {
			live = append(live, b)
		}
		if len(live) > 4000 {
			live = nil
		}
		mu.Unlock()
		if every > 0 && i%every == every-1 {
			runtime.GC()
		}
		if noise && i%500 == 0 {
			fmt.Fprintf(os.Stderr, "worker %d at %d\n", g, i)
		}
		if noise && i%777 == 0 {
			fmt.Fprintf(os.Stderr, "partial%d ", g)
		}
	}
}
