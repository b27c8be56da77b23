// Command unbounded-growth shows a package-level audit log that grows with
// every request and is never trimmed.
//
// The trap: each request appends a ~1 KiB audit record to a package-level
// slice, "for the audit endpoint", which only ever shows the most recent
// records. Nothing removes old records, and a package-level variable is a GC
// root: everything it references stays reachable for the life of the process,
// so the garbage collector can never free a record. The live heap, measured
// right after a GC, grows linearly with the number of requests served: no GC
// setting helps, because none of it is garbage. It looks like a "leak" only
// over time; each single snapshot shows a perfectly healthy, reachable slice.
//
// The fix (variant "fixed"): keep the audit log in a fixed-size ring buffer
// (the last 1024 records), overwriting the oldest slot, so old records become
// unreachable and the heap plateaus at about 1 MiB. (Records that must be kept
// belong in a file or a database, not the heap.)
//
// To keep the lab's memory bounded, the workload stops after maxRequests
// requests (about 128 MiB of records in the trap, reached after ~4.5 s).
package main

import (
	"context"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	reqsPerSec  = 28000   // about 27 MiB of records per second
	maxRequests = 128_000 // lab safety cap on the workload
	ringSize    = 1024    // what the audit endpoint actually shows
)

// record is one audit entry, 1024 bytes.
type record struct {
	seq       int64
	at        int64
	user      string
	path      string
	status    int32
	latencyUs int32
	detail    [968]byte
}

const recordSize = 1024

var (
	users = []string{"alice", "bob", "carol", "dave", "erin", "frank"}
	paths = []string{"/api/orders", "/api/cart", "/api/users/me", "/api/search", "/healthz"}
)

// auditLog is the package-level log of the trap: a GC root.
var auditLog []*record

// ring is the fixed variant's log: the last ringSize records.
type ring struct {
	recs []*record
	next int
}

func (r *ring) put(rec *record) {
	if len(r.recs) < ringSize {
		r.recs = append(r.recs, rec)
		return
	}
	r.recs[r.next] = rec
	r.next = (r.next + 1) % ringSize
}

type service struct {
	ring *ring // nil in the trap
}

// audit records one request.
func (s *service) audit(seq int64, user, path string, status, latencyUs int32) {
	rec := &record{seq: seq, at: time.Now().UnixNano(), user: user, path: path, status: status, latencyUs: latencyUs}
	for i := 0; i < len(rec.detail); i += 64 {
		rec.detail[i] = byte(seq + int64(i))
	}
	if s.ring != nil {
		s.ring.put(rec)
	} else {
		auditLog = append(auditLog, rec) // memsnap:culprit
	}
}

func (s *service) retained() int {
	if s.ring != nil {
		return len(s.ring.recs)
	}
	return len(auditLog)
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	s := &service{}
	if e.Variant == "fixed" {
		s.ring = &ring{}
	}

	pace := labkit.NewPacer(reqsPerSec)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var ops int64
	for {
		for n := pace.Due(); n > 0 && ops < maxRequests; n-- {
			status := int32(200)
			if e.Rand.Intn(20) == 0 {
				status = 500
			}
			s.audit(ops, users[e.Rand.Intn(len(users))], paths[e.Rand.Intn(len(paths))], status, int32(e.Rand.Intn(5000)))
			pace.Done(1)
			ops++
		}
		n := s.retained()
		shown := n
		if shown > ringSize {
			shown = ringSize
		}
		e.Set("ops", ops)
		e.Set("items", int64(n))
		e.Set("logicalBytes", int64(shown*recordSize))
		select {
		case <-ctx.Done():
			if s.ring != nil {
				return s.ring, nil
			}
			return &auditLog, nil
		case <-tick.C:
		}
	}
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "unbounded-growth",
		Summary:  "a package-level audit log appended on every request and never trimmed grows the live heap without bound",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
