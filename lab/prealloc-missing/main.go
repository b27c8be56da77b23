// Command prealloc-missing shows appending to a slice whose final length is
// known without giving it that capacity.
//
// The trap: every request builds a result slice of n records (n is known up
// front: it is the number of rows the query matched) by appending to a nil
// slice. Each time append runs out of capacity, the runtime (growslice)
// allocates a larger backing array and copies the elements over: doubling up
// to 256 elements, then growing by about 1.25x plus a constant (Go 1.18+;
// before, doubling up to 1024 elements). For 1000-5000 records that is about
// 15 allocations per request and 3.5 times the final array's size in
// allocated bytes, all of it garbage at once except the last array.
//
// This is not a leak: the live heap is the same with or without the fix. It is
// allocation churn: TotalAlloc and Mallocs per request, and so GC frequency
// and CPU, are several times what the work needs. It applies to every Go
// version.
//
// The fix (variant "fixed"): make([]record, 0, n), one allocation of exactly
// the final size.
package main

import (
	"context"

	"memsnap.dev/lab/internal/labkit"
)

const (
	minRows = 1000
	maxRows = 5000
	keep    = 64 // the service keeps the last keep results (a small result cache)

	// rate paces the requests, as real traffic would. Unpaced, the trap
	// allocates GB/s and whatever it allocates while a snapshot's forced GC
	// is marking survives that GC, which would blur the live heap that the
	// snapshots should show to be the same in both variants.
	rate  = 4_000 // requests per second
	batch = 4
)

// record is 32 bytes without pointers.
type record struct {
	id     int64
	score  float64
	bucket int32
	flags  uint32
	ts     int64
}

type service struct {
	recent [keep][]record
	next   int
}

func query(seed int64, n int, prealloc bool) []record {
	var out []record
	if prealloc {
		out = make([]record, 0, n)
	}
	x := uint64(seed)
	for i := 0; i < n; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		r := record{id: seed + int64(i), score: float64(x>>11) / (1 << 53), bucket: int32(x >> 40 & 63), flags: uint32(x), ts: int64(x >> 1)}
		out = append(out, r) // memsnap:culprit
	}
	return out
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	s := &service{}
	prealloc := e.Variant == "fixed"
	var ops int64
	pace := labkit.NewPacer(rate)
	for ctx.Err() == nil {
		for i := 0; i < batch; i++ {
			n := minRows + e.Rand.Intn(maxRows-minRows+1)
			s.recent[s.next] = query(e.Rand.Int63(), n, prealloc)
			s.next = (s.next + 1) % keep
		}
		ops += batch
		e.Set("ops", ops)
		pace.Wait(ops)
	}
	return s, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "prealloc-missing",
		Summary:  "appending n known records to a nil slice reallocates it ~20 times per request instead of once",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
