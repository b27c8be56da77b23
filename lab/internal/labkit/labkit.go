// Package labkit is the harness every lab program shares: flags, the
// loopback pprof/expvar server, and the heap snapshot series.
//
// A lab program only describes its workload; labkit makes every program
// observable the same way, so memsnap and its tests can treat them alike.
package labkit

import (
	"context"
	"errors"
	"expvar"
	"flag"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	_ "net/http/pprof" // serves /debug/pprof/ on the default mux
	"os"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Lab describes one program of the leak lab.
type Lab struct {
	ID      string
	Summary string
	// Variants lists the workloads the program can run; the first is the
	// default. Trap programs use "trap" and "fixed".
	Variants []string
	// Run runs the workload until ctx is done and returns the state a real
	// service would still hold (its tables, caches, goroutines' inputs), so the
	// final snapshot sees what the program retains rather than a dead heap.
	Run func(ctx context.Context, e *Env) (live interface{}, err error)
}

// Env is what a workload sees: its variant, a seeded random source, gauges
// that end up in expvar and in every snapshot, and explicit snapshots.
type Env struct {
	Variant string
	Rand    *rand.Rand
	lab     *Lab
	snap    *snapshotter

	mu     sync.Mutex
	gauges map[string]*int64
}

// Set publishes a gauge.
func (e *Env) Set(name string, v int64) { atomic.StoreInt64(e.gauge(name), v) }

// Add increments a gauge (counters such as ops).
func (e *Env) Add(name string, d int64) { atomic.AddInt64(e.gauge(name), d) }

func (e *Env) gauge(name string) *int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	g, ok := e.gauges[name]
	if !ok {
		g = new(int64)
		e.gauges[name] = g
	}
	return g
}

// Gauges returns a copy of every gauge.
func (e *Env) Gauges() map[string]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int64, len(e.gauges))
	for k, g := range e.gauges {
		out[k] = atomic.LoadInt64(g)
	}
	return out
}

// Snapshot writes a labelled snapshot now, when -snapshots was given. Labs
// call it at phase boundaries (a peak, the end of a delete pass) that a
// periodic snapshot could miss.
func (e *Env) Snapshot(label string) {
	if e.snap != nil {
		e.snap.write(label, e)
	}
}

// Main parses the flags, runs the workload and exits.
func Main(l Lab) {
	if err := run(l, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", l.ID, err)
		os.Exit(2)
	}
}

type options struct {
	duration  time.Duration
	addr      string
	snapshots string
	every     time.Duration
	gc        bool
	seed      int64
	variant   string
}

func parseFlags(l Lab, args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet(l.ID, flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s: %s\n\nUsage: %s [flags]\n", l.ID, l.Summary, l.ID)
		fs.PrintDefaults()
	}
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "how long the workload runs")
	fs.StringVar(&o.addr, "addr", "", "serve net/http/pprof and expvar here (127.0.0.1:0 picks a free port)")
	fs.StringVar(&o.snapshots, "snapshots", "", "write a heap profile and a memstats JSON into this directory every -every")
	fs.DurationVar(&o.every, "every", 500*time.Millisecond, "snapshot interval")
	fs.BoolVar(&o.gc, "gc", false, "run runtime.GC() before each snapshot")
	fs.Int64Var(&o.seed, "seed", 1, "seed of the deterministic workload")
	fs.StringVar(&o.variant, "variant", l.Variants[0], "workload variant: "+strings.Join(l.Variants, ", "))
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if !contains(l.Variants, o.variant) {
		return o, fmt.Errorf("unknown variant %q (want one of %s)", o.variant, strings.Join(l.Variants, ", "))
	}
	if o.duration <= 0 || o.every <= 0 {
		return o, errors.New("-duration and -every must be positive")
	}
	return o, nil
}

func run(l Lab, args []string) error {
	o, err := parseFlags(l, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	env := &Env{Variant: o.variant, Rand: rand.New(rand.NewSource(o.seed)), lab: &l, gauges: map[string]*int64{}}
	expvar.Publish("lab", expvar.Func(func() interface{} {
		return map[string]interface{}{"id": l.ID, "variant": o.variant, "gauges": env.Gauges()}
	}))
	if o.addr != "" {
		if err := serve(o.addr); err != nil {
			return err
		}
	}
	if o.snapshots != "" {
		s, err := newSnapshotter(o.snapshots, o.gc)
		if err != nil {
			return err
		}
		env.snap = s
	}

	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	start := time.Now()
	stopTicks := startTicker(ctx, env, o.every)
	live, err := l.Run(ctx, env)
	stopTicks()
	if err != nil {
		return err
	}
	env.Snapshot("final")
	runtime.KeepAlive(live)
	fmt.Printf("done %s variant=%s elapsed=%s gauges=%s\n", l.ID, o.variant,
		time.Since(start).Round(time.Millisecond), formatGauges(env.Gauges()))
	return nil
}

// serve listens before printing, so the printed port is the real one.
func serve(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	go func() { _ = http.Serve(ln, nil) }()
	return nil
}

func startTicker(ctx context.Context, env *Env, every time.Duration) func() {
	if env.snap == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				env.Snapshot("tick")
			case <-ctx.Done():
				return
			case <-done:
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func formatGauges(g map[string]int64) string {
	keys := make([]string, 0, len(g))
	for k := range g {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s:%d", k, g[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
