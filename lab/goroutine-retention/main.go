// Command goroutine-retention shows goroutines blocked forever on a send
// nobody receives, each pinning the buffer it captured.
//
// The trap: for each request a handler starts a goroutine that transforms the
// request's 64 KiB buffer and sends the result on an unbuffered channel, then
// waits for the result or for a short deadline. When the backend is slow the
// handler gives up and returns, and nobody will ever receive from the channel.
// A send on an unbuffered channel blocks until a receiver arrives, so the
// goroutine blocks forever. The runtime never collects a blocked goroutine
// (it cannot know that no one will ever receive), and everything its stack
// references stays reachable: the channel, the closure and the 64 KiB buffer.
// NumGoroutine and the live heap grow with every timed-out request.
//
// The fix (variant "fixed"): make the channel buffered with capacity 1, so the
// one send always completes and the goroutine exits whether or not anyone is
// still waiting; the channel and buffer then become garbage. (Selecting on a
// done channel or ctx.Done() alongside the send works too.)
//
// To keep the lab's memory bounded, the client stops sending once maxAbandoned
// requests have timed out (about 50 MiB of buffers, after ~0.7 s).
package main

import (
	"context"
	"encoding/binary"
	"sync"
	"sync/atomic"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	bufSize      = 64 << 10
	reqsPerSec   = 2400
	slowEvery    = 2                     // one request in slowEvery hits the slow backend
	slowLatency  = 30 * time.Millisecond // the slow backend
	timeout      = 5 * time.Millisecond  // how long a handler waits for the result
	maxAbandoned = 800                   // lab safety cap on the workload
)

type result struct {
	data []byte // the transformed buffer
	sum  uint64
}

type server struct {
	fixed bool
	wire  []byte // what the connection delivers; stands in for a socket

	handled   int64 // atomic: requests answered in time
	abandoned int64 // atomic: requests the handler gave up on
	inflight  int64 // atomic: handlers waiting for a result
	workers   int64 // atomic: worker goroutines alive
	checksum  uint64
}

// handle serves one request: it starts a worker and waits for its result,
// giving up after timeout.
func (s *server) handle(ctx context.Context, seq uint64, slow bool) {
	atomic.AddInt64(&s.inflight, 1)
	defer atomic.AddInt64(&s.inflight, -1)
	buf := make([]byte, bufSize)
	copy(buf, s.wire) // "read" the request body
	binary.BigEndian.PutUint64(buf[0:8], seq)

	var ch chan result
	if s.fixed {
		ch = make(chan result, 1)
	} else {
		ch = make(chan result) // memsnap:culprit
	}
	atomic.AddInt64(&s.workers, 1)
	go func() {
		defer atomic.AddInt64(&s.workers, -1)
		if slow {
			time.Sleep(slowLatency)
		}
		ch <- transform(buf)
	}()

	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case r := <-ch:
		atomic.AddUint64(&s.checksum, r.sum)
		atomic.AddInt64(&s.handled, 1)
	case <-ctx.Done():
		atomic.AddInt64(&s.abandoned, 1)
	}
}

// transform works on the buffer in place and hands it back with a checksum.
func transform(buf []byte) result {
	var sum uint64
	for i := 0; i+8 <= len(buf); i += 512 {
		v := binary.BigEndian.Uint64(buf[i:])
		sum += v
		binary.BigEndian.PutUint64(buf[i:], v^sum)
	}
	return result{data: buf, sum: sum}
}

func (s *server) publish(e *labkit.Env, ops int64) {
	e.Set("ops", ops)
	e.Set("handled", atomic.LoadInt64(&s.handled))
	e.Set("abandoned", atomic.LoadInt64(&s.abandoned))
	e.Set("items", atomic.LoadInt64(&s.workers))                        // worker goroutines alive
	e.Set("logicalBytes", atomic.LoadInt64(&s.inflight)*int64(bufSize)) // buffers someone still waits for
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	s := &server{fixed: e.Variant == "fixed", wire: make([]byte, bufSize)}
	e.Rand.Read(s.wire)

	var wg sync.WaitGroup
	pace := labkit.NewPacer(reqsPerSec)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var ops int64
	capped := false
	for ctx.Err() == nil {
		for n := pace.Due(); n > 0 && atomic.LoadInt64(&s.abandoned) < maxAbandoned; n-- {
			seq, slow := e.Rand.Uint64(), e.Rand.Intn(slowEvery) == 0
			wg.Add(1)
			go func(seq uint64, slow bool) {
				defer wg.Done()
				s.handle(ctx, seq, slow)
			}(seq, slow)
			pace.Done(1)
			ops++
		}
		s.publish(e, ops)
		if !capped && atomic.LoadInt64(&s.abandoned) >= maxAbandoned {
			capped = true
			wg.Wait() // let the last handlers give up
			s.publish(e, ops)
			e.Snapshot("requests-done")
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
	wg.Wait()
	s.publish(e, ops)
	return s, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "goroutine-retention",
		Summary:  "goroutines blocked forever sending to an unbuffered channel their timed-out caller abandoned pin their 64 KiB buffers",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
