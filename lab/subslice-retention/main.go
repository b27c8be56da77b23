// Command subslice-retention shows a 16-byte sub-slice keeping a 1 MiB
// buffer alive.
//
// The trap: a parser reads each request into a fresh 1 MiB buffer and keeps
// only its 16-byte header, buf[:16], in a long-lived index (the last 64
// requests, for lookups). A sub-slice is a pointer into the same backing
// array, and the garbage collector keeps an object alive as long as any
// pointer into it is reachable: it never frees part of an allocation. Each
// 16-byte entry therefore pins its whole 1 MiB array, and the index that
// logically holds 1 KiB retains 64 MiB. len and cap of the header say nothing
// about it (cap(buf[:16]) is the full 1 MiB, but nobody looks).
//
// The fix (variant "fixed"): copy the header out of the buffer,
// append([]byte(nil), buf[:16]...) (bytes.Clone from Go 1.20), so the index
// points at its own 16-byte arrays and the request buffer becomes garbage as
// soon as the request is parsed.
package main

import (
	"context"
	"encoding/binary"
	"time"

	"memsnap.dev/lab/internal/labkit"
)

const (
	reqSize    = 1 << 20 // one request buffer
	hdrLen     = 16      // the part the index keeps
	indexSize  = 64      // the index remembers the last indexSize requests
	reqsPerSec = 250     // request rate of the workload
)

// index is the long-lived state: the headers of the last indexSize requests.
type index struct {
	headers [][]byte
	next    int
}

func (ix *index) put(h []byte) {
	if len(ix.headers) < indexSize {
		ix.headers = append(ix.headers, h)
		return
	}
	ix.headers[ix.next] = h
	ix.next = (ix.next + 1) % indexSize
}

type parser struct {
	ix          *index
	copyHeaders bool   // fixed variant
	wire        []byte // what the connection delivers; stands in for a socket
}

// parse reads one request and indexes its header.
func (p *parser) parse(seq uint64) {
	buf := make([]byte, reqSize)
	copy(buf, p.wire) // "read" the request
	binary.BigEndian.PutUint64(buf[0:8], seq)
	var hdr []byte
	if p.copyHeaders {
		hdr = append([]byte(nil), buf[:hdrLen]...)
	} else {
		hdr = buf[:hdrLen] // memsnap:culprit
	}
	p.ix.put(hdr)
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	p := &parser{ix: &index{}, copyHeaders: e.Variant == "fixed", wire: make([]byte, reqSize)}
	e.Rand.Read(p.wire)

	pace := labkit.NewPacer(reqsPerSec)
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	var ops int64
	filled := false
	for {
		for n := pace.Due(); n > 0; n-- {
			p.parse(e.Rand.Uint64())
			pace.Done(1)
			ops++
		}
		e.Set("ops", ops)
		e.Set("items", int64(len(p.ix.headers)))
		e.Set("logicalBytes", int64(len(p.ix.headers)*hdrLen))
		if !filled && len(p.ix.headers) == indexSize {
			filled = true
			e.Snapshot("index-full")
		}
		select {
		case <-ctx.Done():
			return p.ix, nil
		case <-tick.C:
		}
	}
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "subslice-retention",
		Summary:  "a 16-byte header sub-slice kept in an index pins its whole 1 MiB request buffer",
		Variants: []string{"trap", "fixed"},
		Run:      run,
	})
}
