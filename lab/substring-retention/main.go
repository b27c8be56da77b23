// Command substring-retention shows an 8-byte substring keeping a 1 MiB
// string alive.
//
// The trap: a handler receives each message body as a 1 MiB string and keeps
// only its first 8 bytes, body[:8], as the message id in a long-lived set of
// recently seen ids (the last 64, for deduplication). Slicing a string does
// not copy: the substring header points into the body's bytes, and the garbage
// collector keeps an allocation alive as long as any pointer into it is
// reachable; it never frees part of one. Each 8-byte id therefore pins its
// whole 1 MiB body, and a set that logically holds 512 bytes retains 64 MiB.
// Nothing in the program looks wrong: strings are immutable, so sharing is
// always "safe", and len(id) is 8.
//
// The fix (variant "fixed"): strings.Clone(body[:8]) (Go 1.18+) copies the id
// into its own 8-byte allocation, so the body becomes garbage as soon as the
// message is handled.
package main

import (
	"context"
	"encoding/binary"
	"strings"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	bodySize   = 1 << 20 // one message body
	idLen      = 8       // the part the set keeps
	setSize    = 64      // the set remembers the last setSize ids
	msgsPerSec = 250     // message rate of the workload
)

// seenSet is the long-lived state: the ids of the last setSize messages.
type seenSet struct {
	ids   map[string]struct{}
	order []string
	next  int
}

func (s *seenSet) add(id string) {
	if _, ok := s.ids[id]; ok {
		return
	}
	if len(s.order) < setSize {
		s.order = append(s.order, id)
	} else {
		delete(s.ids, s.order[s.next])
		s.order[s.next] = id
		s.next = (s.next + 1) % setSize
	}
	s.ids[id] = struct{}{}
}

type handler struct {
	seen     *seenSet
	cloneIDs bool   // fixed variant
	scratch  []byte // the connection's read buffer, reused for every message
	wire     []byte // what the connection delivers; stands in for a socket
}

// handle reads one message body and records its id.
func (h *handler) handle(seq uint64) {
	copy(h.scratch, h.wire) // "read" the message
	binary.BigEndian.PutUint64(h.scratch[0:8], seq)
	body := string(h.scratch) // the body as the rest of the program sees it
	var id string
	if h.cloneIDs {
		id = strings.Clone(body[:idLen])
	} else {
		id = body[:idLen] // memsnap:culprit
	}
	h.seen.add(id)
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	h := &handler{
		seen:     &seenSet{ids: map[string]struct{}{}},
		cloneIDs: e.Variant == "fixed",
		scratch:  make([]byte, bodySize),
		wire:     make([]byte, bodySize),
	}
	e.Rand.Read(h.wire)

	pace := labkit.NewPacer(msgsPerSec)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var ops int64
	filled := false
	for {
		for n := pace.Due(); n > 0; n-- {
			h.handle(e.Rand.Uint64())
			pace.Done(1)
			ops++
		}
		e.Set("ops", ops)
		e.Set("items", int64(len(h.seen.order)))
		e.Set("logicalBytes", int64(len(h.seen.order)*idLen))
		if !filled && len(h.seen.order) == setSize {
			filled = true
			e.Snapshot("set-full")
		}
		select {
		case <-ctx.Done():
			return h.seen, nil
		case <-tick.C:
		}
	}
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "substring-retention",
		Summary:  "an 8-byte id substring kept in a set pins its whole 1 MiB message body",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
