// Command context-retention shows a long-lived context that grows a
// context.WithValue link, and keeps a payload, for every request.
//
// The trap: a connection worker lives as long as its connection and handles
// one request after another. For each request it attaches the request's
// payload (64 KiB) to its context with ctx = context.WithValue(ctx, key,
// payload), reassigning the worker's own long-lived variable. WithValue does
// not replace anything: it returns a new context whose parent is the old one,
// and a context keeps its parent reachable. The worker's ctx is therefore the
// head of a linked list with one link, and one payload, per request ever
// handled, and everything on it stays reachable as long as the worker does.
// Lookups still "work" (Value finds the newest key first), but every payload
// is retained, and Value of any other key walks the whole chain.
//
// The fix (variant "fixed"): derive each request's context from the worker's
// base context, reqCtx := context.WithValue(base, key, payload), and never
// assign it back, so the request context and its payload become garbage when
// the request is done.
//
// To keep the lab's memory bounded, the client sends maxRequests requests on
// the connection (about 62 MiB of payloads, reached after ~0.8 s) and then
// keeps it open, idle.
package main

import (
	"context"
	"encoding/binary"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	payloadSize = 64 << 10
	reqsPerSec  = 1200
	maxRequests = 1000 // lab safety cap on the workload
)

type payloadKey struct{}
type connKey struct{}

// worker is the long-lived state: one per connection.
type worker struct {
	ctx        context.Context // the worker's context, as long-lived as the worker
	chainDepth int             // WithValue links on ctx added by requests
	fixed      bool
	wire       []byte // what the connection delivers; stands in for a socket
	sum        uint64
}

// serve handles one request.
func (w *worker) serve(seq uint64) {
	payload := make([]byte, payloadSize)
	copy(payload, w.wire) // "read" the request body
	binary.BigEndian.PutUint64(payload[0:8], seq)
	if w.fixed {
		reqCtx := context.WithValue(w.ctx, payloadKey{}, payload)
		w.handle(reqCtx)
		return
	}
	w.ctx = context.WithValue(w.ctx, payloadKey{}, payload) // memsnap:culprit
	w.chainDepth++
	w.handle(w.ctx)
}

// handle is the request's business logic: it reads the payload and the
// connection's id from the context.
func (w *worker) handle(ctx context.Context) {
	p, _ := ctx.Value(payloadKey{}).([]byte)
	id, _ := ctx.Value(connKey{}).(uint64) // walks the whole chain in the trap
	w.sum += binary.BigEndian.Uint64(p[0:8]) ^ id
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	base := context.WithValue(context.Background(), connKey{}, e.Rand.Uint64())
	w := &worker{ctx: base, fixed: e.Variant == "fixed", wire: make([]byte, payloadSize)}
	e.Rand.Read(w.wire)

	pace := labkit.NewPacer(reqsPerSec)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var ops int64
	capped := false
	for {
		for n := pace.Due(); n > 0 && ops < maxRequests; n-- {
			w.serve(e.Rand.Uint64())
			pace.Done(1)
			ops++
		}
		e.Set("ops", ops)
		e.Set("chainDepth", int64(w.chainDepth))
		e.Set("items", int64(w.chainDepth)) // payloads reachable from the worker
		e.Set("logicalBytes", payloadSize)  // only the request in flight needs one
		if !capped && ops >= maxRequests {
			capped = true
			e.Snapshot("requests-done")
		}
		select {
		case <-ctx.Done():
			return w, nil
		case <-tick.C:
		}
	}
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "context-retention",
		Summary:  "a worker that reassigns ctx = context.WithValue(ctx, ...) per request chains and retains every payload",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
