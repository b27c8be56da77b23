// Command map-never-shrinks shows that deleting entries never gives a map's
// memory back.
//
// The trap: a long-lived map (a session table, a dedup set) fills up during a
// burst, then every entry is deleted. len(m) is 0 again, but the runtime never
// shrinks a map: the buckets (classic maps) or tables (Swiss maps, Go 1.24+)
// sized for the peak stay allocated as long as the map itself is reachable, and
// every later insert reuses them. HeapInuse stays near the peak.
//
// The fix (variant "fixed"): when a map has shrunk a lot, copy the survivors
// into a new map and drop the old one, so the GC can free the old tables.
package main

import (
	"context"

	"memsnap.dev/lab/internal/labkit"
)

const entries = 400_000

type session struct {
	id    int64
	token [48]byte
	hits  int64
}

type table struct {
	m    map[int64]session
	peak int
}

func (t *table) deleteAll(rebuild bool) {
	for k := range t.m {
		delete(t.m, k) // memsnap:culprit
	}
	if rebuild && len(t.m) < t.peak/4 {
		fresh := make(map[int64]session, len(t.m))
		for k, v := range t.m {
			fresh[k] = v
		}
		t.m = fresh
	}
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	t := &table{m: map[int64]session{}}
	for i := int64(0); i < entries; i++ {
		t.m[i] = session{id: i, hits: e.Rand.Int63n(100)}
	}
	t.peak = len(t.m)
	e.Set("entries", int64(len(t.m)))
	e.Snapshot("peak")

	t.deleteAll(e.Variant == "fixed")
	e.Set("entries", int64(len(t.m)))
	e.Snapshot("deleted")

	// The service goes on with a small working set; the map stays reachable.
	var ops int64
	for ctx.Err() == nil {
		for i := 0; i < 1000; i++ {
			k := e.Rand.Int63n(64)
			s := t.m[k]
			s.hits++
			t.m[k] = s
		}
		ops += 1000
		e.Set("ops", ops)
		e.Set("entries", int64(len(t.m)))
	}
	return t, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "map-never-shrinks",
		Summary:  "a long-lived map keeps its peak buckets after every entry is deleted",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
