// Command healthy-cache is a healthy service: a bounded LRU cache that warms
// up and then stays at its capacity.
//
// A read-through cache (container/list + map, as most hand-written LRUs are)
// holds at most 20,000 values of 1 KiB. Keys come from a space fifty times
// larger, with a skewed mix: half the lookups hit a few thousand hot keys
// (Zipf), half are spread over a million cold ones. While the cache fills,
// every miss adds an entry and the live heap rises, which looks exactly like
// a leak for the first part of the run. Once it is full, every miss evicts the
// least recently used entry, and the live heap stays flat: the rise was a
// warm-up, not a leak. Telling the two apart needs a run long enough to see
// the plateau, or the "entries" gauge stopping at the capacity. There is no
// trap here, so no culprit line: a leak detector should report nothing.
package main

import (
	"container/list"
	"context"
	"math/rand"

	"memsnap.dev/lab/internal/labkit"
)

const (
	capacity  = 20_000
	valueSize = 1 << 10
	hotKeys   = 5_000
	coldKeys  = 1_000_000

	// rate paces the lookups, as real traffic would, so that the cache fills
	// up in about half a second (about 40,000 lookups) whatever the run's
	// length, and the warm-up is a visible share of a short run.
	rate  = 80_000 // lookups per second
	batch = 100
)

type entry struct {
	key   int64
	value []byte
}

// lru is the long-lived state: the cache itself.
type lru struct {
	cap   int
	ll    *list.List // front is the most recently used
	items map[int64]*list.Element

	hits, misses, evictions int64
}

func newLRU(capacity int) *lru {
	return &lru{cap: capacity, ll: list.New(), items: map[int64]*list.Element{}}
}

// get returns the cached value for key, loading it on a miss.
func (c *lru) get(key int64, load func(int64) []byte) []byte {
	if el, ok := c.items[key]; ok {
		c.hits++
		c.ll.MoveToFront(el)
		return el.Value.(*entry).value
	}
	c.misses++
	v := load(key)
	c.items[key] = c.ll.PushFront(&entry{key: key, value: v})
	if c.ll.Len() > c.cap {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.items, old.Value.(*entry).key)
		c.evictions++
	}
	return v
}

// load stands in for the backing store.
func load(key int64) []byte {
	v := make([]byte, valueSize)
	for i := 0; i < len(v); i += 64 {
		v[i] = byte(key >> uint(i%56))
	}
	return v
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	c := newLRU(capacity)
	zipf := rand.NewZipf(e.Rand, 1.1, 1, hotKeys-1)
	publish := func(ops int64) {
		e.Set("ops", ops)
		e.Set("entries", int64(c.ll.Len()))
		e.Set("hits", c.hits)
		e.Set("misses", c.misses)
		e.Set("evictions", c.evictions)
	}

	var ops, sum int64
	half, full := false, false
	pace := labkit.NewPacer(rate)
	for ctx.Err() == nil {
		for i := 0; i < batch; i++ {
			var key int64
			if e.Rand.Intn(2) == 0 {
				key = int64(zipf.Uint64())
			} else {
				key = hotKeys + e.Rand.Int63n(coldKeys)
			}
			sum += int64(c.get(key, load)[0])
			ops++
		}
		publish(ops)
		// Labelled snapshots mark the warm-up, wherever the ticks fall.
		if !half && c.ll.Len() >= capacity/2 {
			half = true
			e.Snapshot("half")
		}
		if !full && c.ll.Len() >= capacity {
			full = true
			e.Snapshot("full")
		}
		pace.Wait(ops)
	}
	e.Set("checksum", sum)
	return c, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "healthy-cache",
		Summary:  "a bounded LRU cache warms up and then plateaus at capacity: growth that is not a leak",
		Variants: []string{"healthy"},
		Run:      run,
	})
}
