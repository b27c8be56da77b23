// Command channel-subslice shows a channel backlog of small sub-slices pinning
// every buffer they were cut from.
//
// The trap: a producer reads each record into a fresh 512 KiB buffer and
// sends only its 64-byte summary, buf[:64], over a buffered channel (capacity
// 128) to a consumer that is slower than the producer, so the channel stays
// full. A channel's buffer stores the slice headers it holds, and a sub-slice
// points into its parent's backing array; the garbage collector keeps an
// allocation alive while any pointer into it is reachable and never frees part
// of one. Each queued 64-byte message therefore pins its whole 512 KiB buffer:
// a backlog that logically holds 8 KiB retains 64 MiB, for as long as the
// backlog lasts (here, for good). len(ch) looks harmless; the cost of a queued
// element is invisible at the channel.
//
// The fix (variant "fixed"): send a copy, append([]byte(nil), buf[:64]...),
// so queued messages own 64-byte arrays and each buffer becomes garbage as
// soon as the producer is done with it.
package main

import (
	"context"
	"encoding/binary"
	"sync"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	bufSize     = 512 << 10 // one record buffer
	msgLen      = 64        // the part that is sent on
	queueCap    = 128       // the channel's capacity
	consumeTick = 10 * time.Millisecond
)

type producer struct {
	q        chan []byte
	copyMsgs bool   // fixed variant
	wire     []byte // what the source delivers; stands in for a socket
}

// produce reads one record and queues its summary; it blocks while the queue
// is full, as a real producer would.
func (p *producer) produce(ctx context.Context, seq uint64) bool {
	buf := make([]byte, bufSize)
	copy(buf, p.wire) // "read" the record
	binary.BigEndian.PutUint64(buf[0:8], seq)
	var msg []byte
	if p.copyMsgs {
		msg = append([]byte(nil), buf[:msgLen]...)
	} else {
		msg = buf[:msgLen] // memsnap:culprit
	}
	select {
	case p.q <- msg:
		return true
	case <-ctx.Done():
		return false
	}
}

// consume takes one message every consumeTick: the slow side of the pipeline.
func consume(ctx context.Context, q <-chan []byte, e *labkit.Env) {
	t := time.NewTicker(consumeTick)
	defer t.Stop()
	var sum uint64
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		select {
		case m := <-q:
			sum += binary.BigEndian.Uint64(m[0:8])
			e.Add("consumed", 1)
		case <-ctx.Done():
			return
		}
	}
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	p := &producer{q: make(chan []byte, queueCap), copyMsgs: e.Variant == "fixed", wire: make([]byte, bufSize)}
	e.Rand.Read(p.wire)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		consume(ctx, p.q, e)
	}()

	var ops int64
	full := false
	for p.produce(ctx, e.Rand.Uint64()) {
		ops++
		e.Set("ops", ops)
		e.Set("items", int64(len(p.q)))
		e.Set("logicalBytes", int64(len(p.q)*msgLen))
		if !full && len(p.q) == queueCap {
			full = true
			e.Snapshot("backlog-full")
		}
	}
	wg.Wait()
	// The backlog is what the service still holds when the run ends.
	e.Set("items", int64(len(p.q)))
	e.Set("logicalBytes", int64(len(p.q)*msgLen))
	return p.q, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "channel-subslice",
		Summary:  "64-byte sub-slices queued in a full channel pin their whole 512 KiB buffers",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
