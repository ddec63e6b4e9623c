package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"streetfix/db"
	"streetfix/report"
)

// How reports end, given enough time. The whole path is decided up front;
// steps that would fall after Now are not taken, so recent reports are
// still open while older ones have mostly been dealt with.
const (
	shareHidden         = 0.01
	shareNotResponsible = 0.06
	shareWontFix        = 0.07
	shareClosed         = 0.06
	shareLeftOpen       = 0.17 // never finished, as happens; the rest get fixed
)

// history builds a report's events and sets the fields that follow from
// them: Status, UpdatedAt, AcknowledgedAt, FixedAt and ClosedAt.
type history struct {
	r      *rand.Rand
	lb     *langBank
	v      *slots
	buf    *[]byte
	rep    *db.Report
	events []db.Event
	t      time.Time
	now    time.Time
	status string
	done   bool // a step fell after Now: nothing more happens
}

// spread returns a log-normal delay with the given median: most are close
// to it, a few take many times longer, as real backlogs do.
func spread(r *rand.Rand, median time.Duration, sigma float64) time.Duration {
	return time.Duration(float64(median) * math.Exp(sigma*r.NormFloat64()))
}

func (h *history) step(delay time.Duration, kind, actor, to, note string, public bool) bool {
	if h.done {
		return false
	}
	// At least a minute apart, so times stay strictly increasing once
	// rounded to the millisecond.
	t := h.t.Add(max(delay, time.Minute))
	if !t.Before(h.now) {
		h.done = true
		return false
	}
	h.t = t
	e := db.Event{Kind: kind, Actor: actor, Note: note, Public: public, CreatedAt: db.At(t)}
	if kind != db.EventNote {
		e.FromStatus, e.ToStatus = h.status, to
		h.status = to
		switch report.Group(to) {
		case report.GroupOpen:
			if to != report.StatusNew && h.rep.AcknowledgedAt.IsZero() {
				h.rep.AcknowledgedAt = e.CreatedAt
			}
		case report.GroupFixed:
			h.rep.FixedAt = e.CreatedAt
		case report.GroupClosed:
			h.rep.ClosedAt = e.CreatedAt
		}
	}
	h.events = append(h.events, e)
	return true
}

// staff moves the report to status to, with a public note in p percent of
// cases drawn from notes.
func (h *history) staff(delay time.Duration, to string, notes []tmpl, p float64) bool {
	return h.step(delay, db.EventStatus, db.ActorStaff, to, h.note(notes, p), true)
}

func (h *history) note(notes []tmpl, p float64) string {
	if len(notes) == 0 || h.r.Float64() >= p {
		return ""
	}
	return notes[h.r.IntN(len(notes))].render(h.buf, h.v)
}

// acknowledge is the first handling: an automatic forward to the body for
// some services, a person reading the report for the others.
func (h *history) acknowledge(d delays) bool {
	if h.r.Float64() < 0.3 {
		return h.step(time.Duration(1+h.r.IntN(15))*time.Minute, db.EventStatus, db.ActorSystem,
			report.StatusAcknowledged, h.note(h.lb.systemAck, 1), true)
	}
	return h.staff(spread(h.r, d.ack, 0.9), report.StatusAcknowledged, h.lb.notes[report.StatusAcknowledged], 0.45)
}

func (h *history) privateNote() {
	if h.r.Float64() < 0.10 {
		h.step(spread(h.r, 6*hour, 1), db.EventNote, db.ActorStaff, "", h.note(h.lb.private, 1), false)
	}
}

// fix moves the report to fixed, by staff or now and then by the reporter.
func (h *history) fix(delay time.Duration, category string) bool {
	if h.r.Float64() < 0.06 {
		return h.step(delay, db.EventStatus, db.ActorReporter, report.StatusFixed, h.note(h.lb.reporterFixed, 0.7), true)
	}
	notes := h.lb.notes[report.StatusFixed]
	if specific := h.lb.fixedByCat[category]; len(specific) > 0 && h.r.Float64() < 0.6 {
		notes = specific
	}
	return h.staff(delay, report.StatusFixed, notes, 0.75)
}

// run plays out the life of a report created at h.t.
func (h *history) run(category string, d delays) {
	r := h.r
	n := h.lb.notes
	roll := r.Float64()
	switch {
	case roll < shareHidden:
		if r.Float64() < 0.6 {
			h.step(spread(r, 2*hour, 1), db.EventNote, db.ActorStaff, "", h.note(h.lb.hiddenPrivate, 1), false)
		}
		h.staff(spread(r, 3*hour, 1), report.StatusHidden, nil, 0)

	case roll < shareHidden+shareNotResponsible:
		if r.Float64() < 0.45 && !h.acknowledge(d) {
			return
		}
		h.staff(spread(r, d.ack*2, 0.9), report.StatusNotResponsible, n[report.StatusNotResponsible], 0.85)

	case roll < shareHidden+shareNotResponsible+shareWontFix:
		if !h.acknowledge(d) {
			return
		}
		h.privateNote()
		h.staff(spread(r, d.fix*3/2, 0.8), report.StatusWontFix, n[report.StatusWontFix], 0.95)

	case roll < shareHidden+shareNotResponsible+shareWontFix+shareClosed:
		if r.Float64() < 0.75 && !h.acknowledge(d) {
			return
		}
		h.staff(spread(r, d.fix, 0.9), report.StatusClosed, n[report.StatusClosed], 0.85)

	case roll < shareHidden+shareNotResponsible+shareWontFix+shareClosed+shareLeftOpen:
		// Some reports stall: never read, or read and then forgotten.
		// Now and then the reporter, tired of waiting, finds it repaired.
		k := r.Float64()
		if k < 0.35 {
			if r.Float64() < 0.15 {
				h.fix(spread(r, d.fix*3, 0.8), category)
			}
			return
		}
		if !h.acknowledge(d) {
			return
		}
		if k > 0.75 {
			h.staff(spread(r, d.fix/3, 0.8), pick(r, report.StatusScheduled, report.StatusInProgress), nil, 0)
		}
		if r.Float64() < 0.15 {
			h.step(spread(r, d.fix*3, 0.8), db.EventStatus, db.ActorReporter, report.StatusFixed,
				h.note(h.lb.reporterFixed, 0.8), true)
		}

	default:
		// Small jobs are sometimes done before anyone updates the report.
		if r.Float64() < 0.08 {
			h.fix(spread(r, d.fix/2, 0.8), category)
			return
		}
		if !h.acknowledge(d) {
			return
		}
		h.privateNote()
		switch k := r.Float64(); {
		case k < 0.40:
			h.staff(spread(r, d.fix/4, 0.8), report.StatusScheduled, n[report.StatusScheduled], 0.7)
		case k < 0.65:
			h.staff(spread(r, d.fix/3, 0.8), report.StatusInProgress, n[report.StatusInProgress], 0.5)
		case k < 0.75:
			h.staff(spread(r, d.fix/4, 0.8), report.StatusScheduled, n[report.StatusScheduled], 0.7)
			h.staff(spread(r, d.fix/3, 0.8), report.StatusInProgress, n[report.StatusInProgress], 0.3)
		}
		h.fix(spread(r, d.fix/2, 0.8), category)
	}
}

// finish sets the report fields that summarise the history.
func (h *history) finish() {
	h.rep.Status = h.status
	h.rep.UpdatedAt = h.events[len(h.events)-1].CreatedAt
	if h.status != report.StatusFixed {
		h.rep.FixedAt = db.Time{}
	}
	if report.Group(h.status) != report.GroupClosed {
		h.rep.ClosedAt = db.Time{}
	}
}

func pick(r *rand.Rand, a, b string) string {
	if r.IntN(2) == 0 {
		return a
	}
	return b
}
