// Command genprofile2 writes a large, realistic Go heap profile for memsnap's
// speed benchmark (issue 3 item 7): by default 250,000 samples over more than
// 50,000 locations, stacks 10 to 60 deep with inlined frames, a Zipf-skewed
// choice of call paths, the four heap sample types, written as the Go runtime
// writes it (runtime/pprof/protomem.go and proto.go). Deterministic from -seed.
//
//	go run . -o base.pb.gz
//	go run . -variant -o later.pb.gz   (the same program later: some stacks grew)
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"strings"
)

// The runtime's default MemProfileRate, which it writes as the period.
const rate = 512 * 1024

// bucket is one sample as the runtime keeps it: a stack and a block size,
// with the sampled (unscaled) counts.
type bucket struct {
	stk           []int
	size          int64
	allocs, frees int64
}

func main() {
	seed := flag.Int64("seed", 1, "random seed; the same seed writes the same bytes")
	samples := flag.Int("samples", 250000, "distinct samples (stack and size)")
	funcs := flag.Int("funcs", 30000, "functions in the synthetic program")
	variant := flag.Bool("variant", false, "write the later profile: same program, some stacks grown")
	out := flag.String("o", "heap.pb.gz", "output file")
	flag.Parse()

	r := rand.New(rand.NewSource(*seed))
	p := buildProgram(r, *funcs)
	buckets := drawBuckets(p, r, *samples)
	if *variant {
		grow(p, buckets, rand.New(rand.NewSource(*seed+1)))
		// Some stacks appear only later.
		buckets = append(buckets, drawBuckets(p, rand.New(rand.NewSource(*seed+2)), *samples/20)...)
	}
	if err := write(*out, p, buckets, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// drawBuckets walks call paths until n distinct (stack, size) buckets exist;
// repeated paths add to their bucket, as repeated allocations do.
func drawBuckets(p *program, r *rand.Rand, n int) []*bucket {
	index := map[string]*bucket{}
	var bs []*bucket
	var stk []int
	key := make([]byte, 0, 512)
	for len(bs) < n {
		stk = p.walk(r, stk)
		size := p.locs[stk[0]].size
		if r.Intn(4) == 0 { // a variable-size make at this site
			size = sizes[zipf(r, len(sizes), 0.7)]
		}
		key = key[:0]
		key = binary.AppendUvarint(key, uint64(size))
		for _, l := range stk {
			key = binary.AppendUvarint(key, uint64(l))
		}
		b := index[string(key)]
		if b == nil {
			b = &bucket{stk: append([]int(nil), stk...), size: size}
			index[string(key)] = b
			bs = append(bs, b)
		}
		// Sampled objects: one usually, sometimes many (a hot loop).
		k := int64(1 + zipf(r, 200, 2))
		b.allocs += k
		// Most objects are freed; a few sites retain some of what they allocate.
		if r.Intn(12) > 0 {
			b.frees += k
		} else {
			b.frees += k - int64(r.Int63n(k+1))
		}
	}
	return bs
}

// grow makes the profile a later reading of the same process: every bucket
// allocated somewhat more, and stacks through a few "leaking" functions
// retain several times more than before.
func grow(p *program, bs []*bucket, r *rand.Rand) {
	leaking := map[int]bool{}
	for len(leaking) < 6 {
		rank := 3 + r.Intn(20)
		pool := p.byRank[rank]
		leaking[pool[zipf(r, len(pool), 1.05)]] = true
	}
	for _, b := range bs {
		more := b.allocs * int64(r.Intn(30)) / 100
		b.allocs += more
		b.frees += more
		for _, l := range b.stk {
			if leaking[p.locs[l].fn] {
				b.allocs += 1 + b.allocs/2
				break
			}
		}
	}
}

// scaleHeapSample is runtime/pprof's (protomem.go): the sampled counts
// divided by the probability that an allocation of that size is sampled.
func scaleHeapSample(count, size, rate int64) (int64, int64) {
	if count == 0 || size == 0 {
		return 0, 0
	}
	if rate <= 1 {
		return count, size
	}
	avgSize := float64(size) / float64(count)
	scale := 1 / (1 - math.Exp(-avgSize/float64(rate)))
	return int64(float64(count) * scale), int64(float64(size) * scale)
}

// writer lays the profile out in the runtime's order: sample types, then each
// location just before the first sample that uses it and each function just
// after its first location, then the time, the mapping and the string table.
type writer struct {
	pb, msg, sub protobuf
	strings      []string
	stringIndex  map[string]int64
	locID        []uint64 // by program location index; 0 = not written yet
	funcWritten  []bool
	nextLoc      uint64
	gz           *gzip.Writer
}

func (w *writer) str(s string) int64 {
	if i, ok := w.stringIndex[s]; ok {
		return i
	}
	i := int64(len(w.strings))
	w.strings = append(w.strings, s)
	w.stringIndex[s] = i
	return i
}

func (w *writer) valueType(tag int, typ, unit string) {
	w.msg.uint64(tagValueTypeType, uint64(w.str(typ)))
	w.msg.uint64(tagValueTypeUnit, uint64(w.str(unit)))
	w.pb.message(tag, &w.msg)
}

// Addresses: each function's code at its own offset in one text segment.
const textStart = 0x401000

func address(p *program, i int) uint64 {
	l := p.locs[i]
	return textStart + uint64(l.fn)*0x400 + uint64(i%0x3f0) + 5
}

func (w *writer) location(p *program, i int) uint64 {
	if w.locID[i] != 0 {
		return w.locID[i]
	}
	w.nextLoc++
	id := w.nextLoc
	w.locID[i] = id
	l := p.locs[i]
	w.msg.uint64Opt(tagLocationID, id)
	w.msg.uint64Opt(tagLocationAddress, address(p, i))
	var fresh []int
	for _, x := range l.lines {
		w.sub.uint64Opt(tagLineFunctionID, uint64(p.funcs[x.fn].id))
		w.sub.int64Opt(tagLineLine, int64(x.line))
		w.msg.message(tagLocationLine, &w.sub)
		if !w.funcWritten[x.fn] {
			w.funcWritten[x.fn] = true
			fresh = append(fresh, x.fn)
		}
	}
	w.msg.uint64Opt(tagLocationMappingID, 1)
	w.pb.message(tagProfileLocation, &w.msg)
	for _, fn := range fresh {
		f := p.funcs[fn]
		w.msg.uint64Opt(tagFunctionID, uint64(f.id))
		w.msg.int64Opt(tagFunctionName, w.str(f.name))
		w.msg.int64Opt(tagFunctionSystemName, w.str(f.name))
		w.msg.int64Opt(tagFunctionFilename, w.str(f.file))
		w.msg.int64Opt(tagFunctionStartLine, int64(f.startLine))
		w.pb.message(tagProfileFunction, &w.msg)
	}
	return id
}

func (w *writer) flush() error {
	if len(w.pb.data) > 4096 {
		if _, err := w.gz.Write(w.pb.data); err != nil {
			return err
		}
		w.pb.data = w.pb.data[:0]
	}
	return nil
}

func write(path string, p *program, bs []*bucket, seed int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	gz, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed) // as the runtime does
	w := &writer{strings: []string{""}, stringIndex: map[string]int64{"": 0},
		locID: make([]uint64, len(p.locs)), funcWritten: make([]bool, len(p.funcs)), gz: gz}

	w.valueType(tagProfilePeriodType, "space", "bytes")
	w.pb.int64Opt(tagProfilePeriod, rate)
	w.valueType(tagProfileSampleType, "alloc_objects", "count")
	w.valueType(tagProfileSampleType, "alloc_space", "bytes")
	w.valueType(tagProfileSampleType, "inuse_objects", "count")
	w.valueType(tagProfileSampleType, "inuse_space", "bytes")
	// No default_sample_type: the runtime writes one only for the "allocs"
	// profile (alloc_space), not for "heap".

	var locs, values []uint64
	for _, b := range bs {
		locs = locs[:0]
		for _, l := range b.stk {
			locs = append(locs, w.location(p, l))
		}
		ao, as := scaleHeapSample(b.allocs, b.allocs*b.size, rate)
		io, is := scaleHeapSample(b.allocs-b.frees, (b.allocs-b.frees)*b.size, rate)
		values = append(values[:0], uint64(ao), uint64(as), uint64(io), uint64(is))
		w.msg.uint64s(tagSampleValue, values)
		w.msg.uint64s(tagSampleLocation, locs)
		w.sub.uint64Opt(tagLabelKey, uint64(w.str("bytes")))
		w.sub.uint64Opt(tagLabelNum, uint64(b.size))
		w.msg.message(tagSampleLabel, &w.sub)
		w.pb.message(tagProfileSample, &w.msg)
		if err := w.flush(); err != nil {
			return err
		}
	}

	// A fixed time so the same seed writes the same bytes.
	w.pb.int64Opt(tagProfileTimeNanos, 1767225600_000000000+seed)
	w.msg.uint64Opt(tagMappingID, 1)
	w.msg.uint64Opt(tagMappingStart, textStart)
	w.msg.uint64Opt(tagMappingLimit, textStart+uint64(len(p.funcs))*0x400+0x1000)
	w.msg.int64Opt(tagMappingFilename, w.str("/usr/local/bin/acme-server"))
	w.msg.int64Opt(tagMappingBuildID, w.str(strings.Repeat("5f3a9c", 6)+"e1d2"))
	w.msg.uint64(tagMappingHasFunctions, 1)
	w.pb.message(tagProfileMapping, &w.msg)
	for _, s := range w.strings {
		w.pb.string(tagProfileStringTable, s)
	}
	if _, err := gz.Write(w.pb.data); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	st := stats(p, bs, w)
	fmt.Fprintln(os.Stderr, st)
	return f.Close()
}

func stats(p *program, bs []*bucket, w *writer) string {
	inlined, minD, maxD, frames := 0, 1<<30, 0, 0
	for i, id := range w.locID {
		if id != 0 && len(p.locs[i].lines) > 1 {
			inlined++
		}
	}
	for _, b := range bs {
		d := len(b.stk)
		frames += d
		if d < minD {
			minD = d
		}
		if d > maxD {
			maxD = d
		}
	}
	fns := 0
	for _, x := range w.funcWritten {
		if x {
			fns++
		}
	}
	return fmt.Sprintf("samples %d, locations %d (%d with inlined frames), functions %d, strings %d, stack depth %d..%d (mean %.1f)",
		len(bs), w.nextLoc, inlined, fns, len(w.strings), minD, maxD, float64(frames)/float64(len(bs)))
}
