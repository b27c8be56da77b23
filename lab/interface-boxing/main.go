// Command interface-boxing shows values converted to interface{} on a hot
// path, each conversion a heap allocation.
//
// The trap: a metrics/event pipeline takes its fields as ...interface{} (like
// a logger's key/value arguments) and keeps the last events in a ring. An
// interface value is a type word and a data pointer, so converting a value
// that is not pointer-shaped to interface{} needs a copy of it somewhere:
// when the interface escapes (stored in the ring, passed to a function the
// compiler cannot see through) that copy is a heap allocation
// (runtime.convT64 for 8-byte values such as int64 and float64, convTnoptr or
// convT for structs). Only constants, zero-sized values, single-byte values
// and integers 0-255 (served from a static table in the runtime) avoid the
// allocation. Each event here costs four allocations: three boxes plus the
// ...interface{} slice, which escapes with them. It is all short-lived
// garbage, so the live heap stays small, but Mallocs and GC work grow with
// the event rate. This applies to every Go version.
//
// The fix (variant "fixed"): a typed path, a struct with concrete fields and a
// typed ring, so nothing is boxed and nothing is allocated per event.
package main

import (
	"context"

	"memsnap.dev/lab/internal/labkit"
)

const (
	ringSize = 4096

	// rate paces the events, as real traffic would: the trap still makes
	// 8 million allocations a second, but the live heap the snapshots read
	// after a forced GC is not blurred by what was allocated during it.
	rate  = 2_000_000 // events per second
	batch = 1000
)

type point struct {
	x, y int32
}

// boxedEvent is what the trap's pipeline stores: every field boxed.
type boxedEvent struct {
	fields [3]interface{}
}

type typedEvent struct {
	latency int64
	ratio   float64
	at      point
}

type pipeline struct {
	boxed [ringSize]boxedEvent
	typed [ringSize]typedEvent
	next  int
}

// The sinks are called through func variables, as a pluggable logger or
// exporter would be, so the compiler cannot inline them and must assume the
// arguments escape.
var (
	recordBoxed func(p *pipeline, fields ...interface{})
	recordTyped func(p *pipeline, ev typedEvent)
)

func init() {
	recordBoxed = func(p *pipeline, fields ...interface{}) {
		ev := &p.boxed[p.next]
		copy(ev.fields[:], fields)
		p.next = (p.next + 1) % ringSize
	}
	recordTyped = func(p *pipeline, ev typedEvent) {
		p.typed[p.next] = ev
		p.next = (p.next + 1) % ringSize
	}
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	p := &pipeline{}
	typed := e.Variant == "fixed"
	var ops int64
	pace := labkit.NewPacer(rate)
	for ctx.Err() == nil {
		for i := 0; i < batch; i++ {
			// Values well above 255, so no static small-integer shortcut.
			latency := 1000 + e.Rand.Int63n(1_000_000)
			ratio := e.Rand.Float64()
			at := point{x: int32(latency), y: int32(ops)}
			if typed {
				recordTyped(p, typedEvent{latency: latency, ratio: ratio, at: at})
			} else {
				recordBoxed(p, latency, ratio, at) // memsnap:culprit
			}
			ops++
		}
		e.Set("ops", ops)
		pace.Wait(ops)
	}
	return p, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "interface-boxing",
		Summary:  "passing int64/float64/struct values as ...interface{} on a hot path allocates four objects per event",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
