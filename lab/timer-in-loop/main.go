// Command timer-in-loop shows time.After in a busy select loop keeping one
// timer per iteration alive until it fires.
//
// The trap: a consumer loop waits for messages with an idle timeout,
//
//	for { select { case m := <-msgs: ...; case <-time.After(time.Minute): ... } }
//
// and messages arrive far more often than once a minute. Every iteration
// calls time.After, which creates a new timer and its channel. Before Go 1.23
// the runtime puts every timer into its timer heap as soon as it is created
// and keeps it there, with its channel, until it fires: here a minute later.
// Nothing references the timer after the select moved on, but the GC cannot
// free it, so the live heap grows by a couple of hundred bytes per message,
// for as long as the timeout (a minute of messages: 6M timers at this lab's
// 100k messages/s), and every timer operation gets slower with the heap.
//
// Go 1.23 changed this: a timer nobody references any more is collected even
// if it has not fired or been stopped. The new behaviour depends on the main
// module's go.mod, not on the toolchain: a module that says go 1.22 or older
// (this lab's go.mod says go 1.19) keeps the old timers even when built with
// Go 1.23+, through the GODEBUG setting asynctimerchan=1. Running the trap
// with GODEBUG=asynctimerchan=0 on Go 1.23+ collects the timers; built with
// Go 1.22 or older, it leaks whatever GODEBUG says.
//
// The fix (variant "fixed"): create one timer outside the loop and Stop and
// Reset it on every iteration, which works the same on every Go version. (With
// the Go 1.23+ semantics Stop and Reset also discard a value the timer already
// sent; with the old ones, which this module gets, the drain below is needed.)
package main

import (
	"context"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	idleTimeout = time.Minute
	// rate bounds the message rate, so the trap's growth is steady (one
	// timer per message) and a 3 s run stays well under 150 MiB.
	rate  = 100_000 // messages per second
	batch = 500     // the producer sends batches of this many
)

type message struct {
	seq     int64
	payload int64
}

// consumer is the long-lived state: the loop's totals.
type consumer struct {
	msgs     int64
	sum      int64
	timeouts int64
}

// produce sends rate messages per second until ctx is done; a late producer
// catches up, but by at most one batch at a time, so the rate is bounded.
func produce(ctx context.Context, e *labkit.Env, out chan<- message) {
	defer close(out)
	start := time.Now()
	var seq int64
	for ctx.Err() == nil {
		due := start.Add(time.Duration(seq) * time.Second / rate)
		if d := time.Until(due); d > 0 {
			time.Sleep(d) // at most a batch interval (5 ms)
		}
		for i := 0; i < batch; i++ {
			seq++
			select {
			case out <- message{seq: seq, payload: e.Rand.Int63n(1000)}:
			case <-ctx.Done():
				return
			}
		}
	}
}

func (c *consumer) handle(m message) {
	c.msgs++
	c.sum += m.payload
}

// trap creates a timer per message.
func (c *consumer) trap(ctx context.Context, e *labkit.Env, in <-chan message) {
	for {
		select {
		case m, ok := <-in:
			if !ok {
				return
			}
			c.handle(m)
			if c.msgs%batch == 0 {
				e.Set("ops", c.msgs)
				e.Set("timersCreated", c.msgs)
			}
		case <-time.After(idleTimeout): // memsnap:culprit
			c.timeouts++
			e.Set("timeouts", c.timeouts)
		case <-ctx.Done():
			return
		}
	}
}

// fixed reuses one timer.
func (c *consumer) fixed(ctx context.Context, e *labkit.Env, in <-chan message) {
	t := time.NewTimer(idleTimeout)
	defer t.Stop()
	e.Set("timersCreated", 1)
	for {
		select {
		case m, ok := <-in:
			if !ok {
				return
			}
			c.handle(m)
			if c.msgs%batch == 0 {
				e.Set("ops", c.msgs)
			}
		case <-t.C:
			c.timeouts++
			e.Set("timeouts", c.timeouts)
		case <-ctx.Done():
			return
		}
		if !t.Stop() {
			select {
			case <-t.C: // drain a value the timer sent before Stop (pre-1.23)
			default:
			}
		}
		t.Reset(idleTimeout)
	}
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	msgs := make(chan message, batch)
	go produce(ctx, e, msgs)
	c := &consumer{}
	if e.Variant == "fixed" {
		c.fixed(ctx, e, msgs)
	} else {
		c.trap(ctx, e, msgs)
	}
	e.Set("ops", c.msgs)
	return c, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "timer-in-loop",
		Summary:  "time.After in a busy select loop keeps one live timer per message until it fires (pre-Go 1.23 timer semantics)",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
