package labkit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

type snapshotter struct {
	dir   string
	gc    bool
	start time.Time

	mu  sync.Mutex
	seq int
}

// sidecar is written beside each profile. Memstats keeps runtime.MemStats'
// field names, the same as expvar's "memstats" in /debug/vars.
type sidecar struct {
	Lab          string           `json:"lab"`
	Variant      string           `json:"variant"`
	Seq          int              `json:"seq"`
	Label        string           `json:"label"`
	Time         time.Time        `json:"time"`
	ElapsedMs    int64            `json:"elapsedMs"`
	GC           bool             `json:"gc"`
	GoVersion    string           `json:"goVersion"`
	NumGoroutine int              `json:"numGoroutine"`
	Profile      string           `json:"profile"`
	Gauges       map[string]int64 `json:"gauges"`
	Memstats     runtime.MemStats `json:"memstats"`
}

func newSnapshotter(dir string, gc bool) (*snapshotter, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &snapshotter{dir: dir, gc: gc, start: time.Now()}, nil
}

// write takes one snapshot; names sort in the order they were taken.
func (s *snapshotter) write(label string, e *Env) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	base := fmt.Sprintf("heap-%04d", s.seq)
	if s.gc {
		runtime.GC()
	}
	sc := sidecar{
		Lab: e.lab.ID, Variant: e.Variant, Seq: s.seq, Label: label,
		Time: time.Now().UTC(), ElapsedMs: time.Since(s.start).Milliseconds(),
		GC: s.gc, GoVersion: runtime.Version(), NumGoroutine: runtime.NumGoroutine(),
		Profile: base + ".pb.gz", Gauges: e.Gauges(),
	}
	runtime.ReadMemStats(&sc.Memstats)
	if err := writeAtomic(filepath.Join(s.dir, sc.Profile), func(f *os.File) error {
		return pprof.Lookup("heap").WriteTo(f, 0)
	}); err != nil {
		fmt.Fprintf(os.Stderr, "%s: snapshot: %v\n", e.lab.ID, err)
		return
	}
	if err := writeAtomic(filepath.Join(s.dir, base+".json"), func(f *os.File) error {
		enc := json.NewEncoder(f)
		enc.SetIndent("", "  ")
		return enc.Encode(sc)
	}); err != nil {
		fmt.Fprintf(os.Stderr, "%s: snapshot: %v\n", e.lab.ID, err)
		return
	}
	fmt.Printf("snapshot %s label=%s\n", filepath.Join(s.dir, sc.Profile), label)
}

// writeAtomic writes to a temporary name and renames, so a reader never sees
// half a file.
func writeAtomic(path string, fill func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	// CreateTemp makes 0600 files; a snapshot is as readable as any other output.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), path)
}
