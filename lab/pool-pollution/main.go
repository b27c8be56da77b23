// Command pool-pollution shows a sync.Pool of buffers that every rare huge
// request pollutes for good.
//
// The trap: worker goroutines take a *bytes.Buffer from a sync.Pool, render a
// response into it, hold it while the response is written to a slow client,
// and Put it back. Almost every response is about 1 KiB, but one request in
// 150 is an export of 3-6 MiB. bytes.Buffer.Reset keeps the backing array, so
// the buffer that served an export goes back to the pool with a multi-MiB
// capacity, and the pool hands it to the next 1 KiB request, which puts it
// back again. A pooled object only leaves the pool when it sits unused through
// two garbage collections (since Go 1.13 a GC moves the pool to a victim cache
// and the next GC drops the victim), and a busy pool's buffers never sit
// unused. So after a few dozen exports every circulating buffer (one per
// concurrent request) is a huge one: the live heap is tens of MiB of empty
// capacity, even right after runtime.GC(), because the victim cache is still
// reachable then. This holds for every Go version: sync.Pool has no notion of
// an object's size.
//
// The fix (variant "fixed"): do not Put a buffer whose Cap() exceeds a limit
// (64 KiB here, the limit fmt uses for its pooled print buffers); drop it and
// let the GC free it. An export then allocates its own buffer: churn, not
// retention.
package main

import (
	"bytes"
	"context"
	"math/rand"
	"sync"
	"sync/atomic"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	workers   = 8
	smallSize = 1 << 10 // a typical response is smallSize-255..smallSize bytes
	bigEvery  = 150     // one request in bigEvery is an export
	bigMin    = 3 << 20 // an export is bigMin..bigMax bytes
	bigMax    = 6 << 20
	maxPooled = 64 << 10 // fixed: larger buffers are not returned to the pool
	chunkSize = 32 << 10 // responses are rendered in chunks, as an encoder would
	// flushTime is how long a response is held while a slow client reads
	// it; it keeps every worker holding a buffer at once, as a busy server does.
	flushTime = time.Millisecond
)

// bufPool is what a real service keeps for the whole process lifetime.
type bufPool struct {
	pool sync.Pool
	drop bool // fixed variant: do not pool oversized buffers

	idle []*bytes.Buffer // what the pool held when the workers stopped

	smallGotBig int64 // small requests that were handed a > maxPooled buffer
	maxCapSmall int64 // largest capacity handed to a small request
	dropped     int64 // oversized buffers dropped instead of pooled
}

func newBufPool(drop bool) *bufPool {
	p := &bufPool{drop: drop}
	p.pool.New = func() interface{} { return new(bytes.Buffer) }
	return p
}

func (p *bufPool) get() *bytes.Buffer { return p.pool.Get().(*bytes.Buffer) }

func (p *bufPool) put(b *bytes.Buffer) {
	if p.drop && b.Cap() > maxPooled {
		atomic.AddInt64(&p.dropped, 1)
		return
	}
	b.Reset()
	p.pool.Put(b) // memsnap:culprit
}

var chunk = bytes.Repeat([]byte("0123456789abcdef"), chunkSize/16)

// serve handles one request: it renders a response of size bytes into a pooled
// buffer, holds it while the client reads it and returns a checksum.
func (p *bufPool) serve(size int) uint64 {
	b := p.get()
	if size <= smallSize {
		c := int64(b.Cap())
		if c > maxPooled {
			atomic.AddInt64(&p.smallGotBig, 1)
		}
		for {
			old := atomic.LoadInt64(&p.maxCapSmall)
			if c <= old || atomic.CompareAndSwapInt64(&p.maxCapSmall, old, c) {
				break
			}
		}
	}
	for left := size; left > 0; left -= chunkSize {
		n := chunkSize
		if left < n {
			n = left
		}
		b.Write(chunk[:n])
	}
	data := b.Bytes()
	sum := uint64(len(data))
	for i := 0; i < len(data); i += 4096 {
		sum = sum*31 + uint64(data[i])
	}
	time.Sleep(flushTime) // the client reads the response
	p.put(b)
	return sum
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	p := newBufPool(e.Variant == "fixed")
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		// e.Rand is not safe for concurrent use: each worker gets its own
		// deterministic source.
		rng := rand.New(rand.NewSource(e.Rand.Int63()))
		offset := w * 17
		wg.Add(1)
		go func() {
			defer wg.Done()
			var sum uint64
			for n := 1; ctx.Err() == nil; n++ {
				size := smallSize - rng.Intn(256)
				if (n+offset)%bigEvery == 0 {
					size = bigMin + rng.Intn(bigMax-bigMin)
					e.Add("bigOps", 1)
				}
				sum += p.serve(size)
				e.Add("ops", 1)
			}
			e.Add("checksum", int64(sum&0xffff))
		}()
	}

	// Publish the pool's counters while the workers run.
	publish := func() {
		e.Set("smallGotBigBuf", atomic.LoadInt64(&p.smallGotBig))
		e.Set("maxCapSmallKiB", atomic.LoadInt64(&p.maxCapSmall)>>10)
		e.Set("dropped", atomic.LoadInt64(&p.dropped))
	}
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for ctx.Err() == nil {
		select {
		case <-t.C:
			publish()
		case <-ctx.Done():
		}
	}
	wg.Wait()
	publish()
	// Take the pooled buffers out, so the final snapshot sees what the pool
	// held whatever the GC timing: a pool that nothing uses any more drops
	// its contents at the second GC, and a snapshot's GC may just have run.
	// (Get cannot reach the private slot of another P, so a buffer per other
	// P may still be missed.)
	for i := 0; i < 1000; i++ {
		b := p.get()
		if b.Cap() == 0 { // New: the pool is empty
			break
		}
		p.idle = append(p.idle, b)
	}
	var idleCap int64
	for _, b := range p.idle {
		idleCap += int64(b.Cap())
	}
	e.Set("idleBuffers", int64(len(p.idle)))
	e.Set("idleCapKiB", idleCap>>10)
	return p, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "pool-pollution",
		Summary:  "a sync.Pool of buffers keeps the multi-MiB capacity of rare huge requests and hands it to every small one",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
