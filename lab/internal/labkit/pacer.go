package labkit

import "time"

// Pacer spreads work at a fixed rate on the wall clock and catches up after a
// stall, so a workload does the same work whatever else the machine is doing.
type Pacer struct {
	start  time.Time
	perSec float64
	done   int64
}

// NewPacer starts a pacer at perSec operations per second.
func NewPacer(perSec float64) *Pacer { return &Pacer{start: time.Now(), perSec: perSec} }

// Due returns how many operations are due now and not yet done.
func (p *Pacer) Due() int64 {
	return int64(time.Since(p.start).Seconds()*p.perSec) - p.done
}

// Done records n operations as done.
func (p *Pacer) Done(n int64) { p.done += n }

// Wait sleeps until the first n operations are due. A process that has fallen
// more than 10ms behind (a loaded machine) skips the backlog instead of
// bursting through it, so allocation never spikes to catch up.
func (p *Pacer) Wait(n int64) {
	due := p.start.Add(time.Duration(float64(n) / p.perSec * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		time.Sleep(d)
	} else if d < -10*time.Millisecond {
		p.start = p.start.Add(-d)
	}
}
