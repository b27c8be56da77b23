package main

import (
	"math"
	"math/rand"
)

// The synthetic program: functions in ranks (a call goes from rank r to a
// higher rank, so stacks end), call sites and allocation sites as locations,
// some of them with inlined callees, and a pool of allocator functions
// (buffer growth, decoders, builders) where most allocations end up, so that
// `top` has the long-tailed shape of a real service.

type function struct {
	id        int // 1-based, the profile's function id
	name      string
	file      string
	startLine int
	rank      int
	sites     []int // call sites: indices into program.locs
	allocs    []int // allocation sites
	allocCall int   // the site that calls an allocator, or -1
}

type loc struct {
	fn     int   // outermost function (index into program.funcs)
	lines  []ln  // innermost first
	callee int   // function called from here, -1 at an allocation site
	size   int64 // allocation size at an allocation site
}

type ln struct {
	fn   int
	line int
}

type program struct {
	funcs      []function
	locs       []loc
	byRank     [][]int
	allocators []int
	inlinable  []int
	roots      []int
}

const ranks = 64

// Go's size classes (runtime/sizeclasses.go), a few of them, and larger blocks.
var sizes = []int64{8, 16, 24, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320,
	384, 512, 640, 896, 1024, 1536, 2048, 3072, 4096, 8192, 16384, 32768,
	65536, 131072, 1 << 20}

func buildProgram(r *rand.Rand, nFuncs int) *program {
	p := &program{byRank: make([][]int, ranks)}
	pkgs := makePackages(r, nFuncs/30)
	seen := map[string]bool{}
	newFunc := func(rank int, pk pkg) int {
		for {
			name, file := funcName(r, pk)
			if seen[name] {
				pk = pkgs[r.Intn(len(pkgs))]
				continue
			}
			seen[name] = true
			i := len(p.funcs)
			p.funcs = append(p.funcs, function{id: i + 1, name: name, file: file,
				startLine: 20 + r.Intn(2000), rank: rank})
			return i
		}
	}
	// Roots: where goroutines start (runtime.goexit is dropped by the runtime).
	for _, name := range []string{"runtime.main", "net/http.(*conn).serve",
		"google.golang.org/grpc.(*Server).serveStreams.func1.1",
		"github.com/acme/billing/internal/worker.(*Pool).run.func1"} {
		seen[name] = true
		i := len(p.funcs)
		p.funcs = append(p.funcs, function{id: i + 1, name: name,
			file: "/usr/local/go/src/runtime/proc.go", startLine: 100 + r.Intn(900)})
		p.roots = append(p.roots, i)
		p.byRank[0] = append(p.byRank[0], i)
	}
	nAlloc := nFuncs / 100
	for len(p.funcs) < nFuncs-nAlloc {
		rank := 1 + r.Intn(ranks-1)
		i := newFunc(rank, pkgs[r.Intn(len(pkgs))])
		p.byRank[rank] = append(p.byRank[rank], i)
		if r.Intn(6) == 0 {
			p.inlinable = append(p.inlinable, i)
		}
	}
	// Allocators mostly live in the standard library and dependencies.
	for i := 0; i < nAlloc; i++ {
		pk := pkgs[r.Intn(len(stdPkgs)+len(depModules)*4)]
		p.allocators = append(p.allocators, newFunc(ranks, pk))
	}
	for i := range p.funcs {
		f := &p.funcs[i]
		f.allocCall = -1
		if f.rank < ranks {
			for k := 2 + r.Intn(5); k > 0 && f.rank < ranks-1; k-- {
				f.sites = append(f.sites, p.newLoc(r, i, p.pickCallee(r, f.rank, i)))
			}
			f.allocCall = p.newLoc(r, i, p.allocators[zipf(r, len(p.allocators), 1.1)])
		}
		for k := 1 + r.Intn(2); k > 0; k-- {
			f.allocs = append(f.allocs, p.newLoc(r, i, -1))
		}
	}
	return p
}

// pickCallee: mostly the next rank, Zipf-skewed so some functions are hubs
// every caller goes through; now and then a recursive call.
func (p *program) pickCallee(r *rand.Rand, rank, self int) int {
	if r.Intn(50) == 0 {
		return self
	}
	next := rank + 1
	if r.Intn(5) == 0 {
		next += 1 + r.Intn(2)
	}
	if next >= ranks {
		next = ranks - 1
	}
	pool := p.byRank[next]
	return pool[zipf(r, len(pool), 1.05)]
}

func (p *program) newLoc(r *rand.Rand, fn, callee int) int {
	f := &p.funcs[fn]
	l := loc{fn: fn, callee: callee}
	// Inlined frames first (innermost first), then the function itself.
	n := 0
	if k := r.Intn(100); k < 30 {
		n = 1
	} else if k < 42 {
		n = 2
	}
	for j := 0; j < n && len(p.inlinable) > 0; j++ {
		g := p.inlinable[r.Intn(len(p.inlinable))]
		l.lines = append(l.lines, ln{g, p.funcs[g].startLine + 1 + r.Intn(12)})
	}
	l.lines = append(l.lines, ln{fn, f.startLine + 1 + r.Intn(150)})
	if callee < 0 {
		l.size = sizes[zipf(r, len(sizes), 0.8)]
	}
	p.locs = append(p.locs, l)
	return len(p.locs) - 1
}

// zipf draws an index in [0, n) with weight 1/(i+1)^s.
func zipf(r *rand.Rand, n int, s float64) int {
	if n <= 1 {
		return 0
	}
	// Inverse of the continuous approximation of the Zipf CDF.
	u := r.Float64()
	var x float64
	if s == 1 {
		x = math.Exp(u*math.Log(float64(n)+1)) - 1
	} else {
		a := 1 - s
		x = math.Pow(u*(math.Pow(float64(n)+1, a)-1)+1, 1/a) - 1
	}
	i := int(x)
	if i >= n {
		i = n - 1
	}
	return i
}

// walk draws one call path, returned leaf first: from a root through call
// sites to a depth between 10 and 60, ending in an allocation site.
func (p *program) walk(r *rand.Rand, stk []int) []int {
	stk = stk[:0]
	u := r.Float64()
	depth := 10 + int(50*u*u)
	fn := p.roots[zipf(r, len(p.roots), 1)]
	for len(stk) < depth-1 && len(p.funcs[fn].sites) > 0 {
		f := &p.funcs[fn]
		site := f.sites[zipf(r, len(f.sites), 1.1)]
		stk = append(stk, site)
		fn = p.locs[site].callee
	}
	// Most allocations happen in a shared allocator, the rest in place.
	if f := &p.funcs[fn]; f.allocCall >= 0 && r.Intn(10) < 7 {
		stk = append(stk, f.allocCall)
		fn = p.locs[f.allocCall].callee
	}
	f := &p.funcs[fn]
	stk = append(stk, f.allocs[zipf(r, len(f.allocs), 1)])
	for i, j := 0, len(stk)-1; i < j; i, j = i+1, j-1 {
		stk[i], stk[j] = stk[j], stk[i]
	}
	return stk
}
