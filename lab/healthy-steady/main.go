// Command healthy-steady is a healthy service: heavy allocation churn around
// a constant live working set.
//
// Every request decodes a body into freshly allocated structs and byte
// slices, looks up and updates rows of a fixed 16 MiB table in place, builds
// a response and drops everything but the table. Many MiB per second are
// allocated and the GC runs often, but all of it dies young: after a GC the
// live heap is the table plus a few in-flight requests, the same at every
// snapshot. High TotalAlloc, Mallocs and NumGC are not a leak; a live heap
// (HeapAlloc after GC) that stays flat is what tells them apart. There is no
// trap here, so no culprit line: a leak detector should report nothing.
package main

import (
	"context"
	"strconv"

	"memsnap.dev/lab/internal/labkit"
)

const (
	tableBytes = 16 << 20
	rowSize    = 64
	rows       = tableBytes / rowSize

	// rate paces the requests, as real traffic would: ~1.7 KB and 9 objects
	// per request is ~85 MB/s of garbage, 5x the live set every second. It is
	// kept there so that what the request loop allocates while a snapshot's
	// forced GC runs (allocations during the mark phase survive that GC)
	// stays within a few percent of the live set even on a loaded machine.
	rate  = 50_000 // requests per second
	batch = 100
)

type row struct {
	key     int64
	hits    int64
	updated int64
	data    [rowSize - 24]byte
}

// service holds the only long-lived state: the table.
type service struct {
	table []row
}

type request struct {
	id      int64
	keys    []int64
	body    []byte
	headers map[string]string
}

type response struct {
	id     int64
	status int
	rows   []*row
	body   []byte
}

// handle is called through a variable, as a router would call it, so the
// request and response are really heap-allocated, as they are in a server.
var handle func(s *service, req *request) *response

func init() {
	handle = func(s *service, req *request) *response {
		resp := &response{id: req.id, status: 200, rows: make([]*row, 0, len(req.keys))}
		for _, k := range req.keys {
			r := &s.table[k%rows]
			r.hits++
			r.updated = req.id
			copy(r.data[:], req.body)
			resp.rows = append(resp.rows, r)
		}
		out := make([]byte, 0, 64+len(resp.rows)*24)
		out = append(out, `{"id":`...)
		out = strconv.AppendInt(out, resp.id, 10)
		out = append(out, `,"rows":[`...)
		for i, r := range resp.rows {
			if i > 0 {
				out = append(out, ',')
			}
			out = strconv.AppendInt(out, r.hits, 10)
		}
		out = append(out, "]}"...)
		resp.body = out
		return resp
	}
}

func newRequest(e *labkit.Env, id int64) *request {
	n := 4 + e.Rand.Intn(28)
	req := &request{
		id:      id,
		keys:    make([]int64, n),
		body:    make([]byte, 128+e.Rand.Intn(384)),
		headers: map[string]string{"content-type": "application/json", "x-request-id": strconv.FormatInt(id, 10)},
	}
	for i := range req.keys {
		req.keys[i] = e.Rand.Int63n(rows)
	}
	for i := range req.body {
		req.body[i] = byte(id) + byte(i)
	}
	return req
}

func run(ctx context.Context, e *labkit.Env) (interface{}, error) {
	s := &service{table: make([]row, rows)}
	for i := range s.table {
		s.table[i].key = int64(i)
	}
	e.Set("tableBytes", tableBytes)
	e.Snapshot("warm")

	var ops, bytesOut int64
	pace := labkit.NewPacer(rate)
	for ctx.Err() == nil {
		for i := 0; i < batch; i++ {
			ops++
			resp := handle(s, newRequest(e, ops))
			bytesOut += int64(len(resp.body))
		}
		e.Set("ops", ops)
		e.Set("bytesOut", bytesOut)
		pace.Wait(ops)
	}
	return s, nil
}

func main() {
	labkit.Main(labkit.Lab{
		ID:       "healthy-steady",
		Summary:  "heavy short-lived allocation around a constant 16 MiB working set: churn, not a leak",
		Variants: []string{"healthy"},
		Run:      run,
	})
}
