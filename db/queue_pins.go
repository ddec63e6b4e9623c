package db

import (
	"container/heap"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"streetfix/report"
)

// The triage queue is answered from the pin index: counting a million
// reports per status in SQL takes seconds, in memory milliseconds. Only the
// page's rows are read from the database. Hidden reports are not in the
// index after a restart, so the queue of hidden reports (and their count)
// comes from SQL, through a partial index that holds only them.

// queueMatcher is a QueueQuery in the index's terms.
type queueMatcher struct {
	themes, cats, areas, bodies []bool // nil: any
	minCreated, maxCreated      int64  // Unix ms, 0: open
	photo                       int8   // -1 without, 1 with, 0 either
	hidden                      uint8
}

func (p *pinIndex) queueMatcher(q QueueQuery, now time.Time) queueMatcher {
	one := func(code string) []string {
		if code == "" {
			return nil
		}
		return []string{code}
	}
	m := queueMatcher{hidden: p.hiddenStatus(), themes: lookup(p.dict.themes, one(q.Theme)), cats: lookup(p.dict.cats, one(q.Category)),
		areas: lookup(p.dict.areas, one(q.Area))}
	bodies := one(q.Body)
	if q.Bodies != nil {
		bodies = slices.Clone(q.Bodies)
		if q.Body != "" {
			if slices.Contains(q.Bodies, q.Body) {
				bodies = []string{q.Body}
			} else {
				bodies = nil
			}
		}
		m.bodies = lookup(p.dict.bodies, bodies)
		if m.bodies == nil { // no body at all: nothing matches
			m.bodies = make([]bool, 1)
		}
	} else {
		m.bodies = lookup(p.dict.bodies, bodies)
	}
	if q.MinAge > 0 {
		m.maxCreated = now.Add(-q.MinAge).UnixMilli()
	}
	if q.MaxAge > 0 {
		m.minCreated = now.Add(-q.MaxAge).UnixMilli()
	}
	if q.HasPhoto != nil {
		m.photo = -1
		if *q.HasPhoto {
			m.photo = 1
		}
	}
	return m
}

func in(t []bool, i int) bool { return t == nil || i < len(t) && t[i] }

func (m *queueMatcher) match(pn *pin) bool {
	return pn.status != m.hidden && in(m.themes, int(pn.theme())) && in(m.cats, int(pn.cat)) && in(m.areas, int(pn.area)) &&
		in(m.bodies, int(pn.body)) && (m.minCreated == 0 || pn.created >= m.minCreated) && (m.maxCreated == 0 || pn.created <= m.maxCreated) &&
		(m.photo == 0 || (m.photo > 0) == pn.hasPhoto())
}

// rankHeap keeps the best k pins of a ranking (a min-heap on rank).
type rankHeap struct {
	items []rankItem
	less  func(a, b rankItem) bool // a ranks below b
}

type rankItem struct {
	id        int64
	key, key2 int64
}

func (h *rankHeap) Len() int           { return len(h.items) }
func (h *rankHeap) Less(i, j int) bool { return h.less(h.items[i], h.items[j]) }
func (h *rankHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *rankHeap) Push(x any)         { h.items = append(h.items, x.(rankItem)) }
func (h *rankHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

// offer adds it if it ranks among the best k.
func (h *rankHeap) offer(it rankItem, k int) {
	if len(h.items) < k {
		heap.Push(h, it)
	} else if h.less(h.items[0], it) {
		h.items[0] = it
		heap.Fix(h, 0)
	}
}

// queueIDs returns the ids of the page's reports in order, the number of
// reports matching with the status filter, and the counts per status
// without it.
func (p *pinIndex) queueIDs(q QueueQuery, cand candidates, now time.Time) (ids []int64, total int, counts map[string]int) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	m := p.queueMatcher(q, now)
	var statuses []bool
	if q.Status != "" {
		list := report.StatusesIn(q.Status)
		if len(list) == 0 {
			list = []string{q.Status}
		}
		statuses = lookup(p.dict.statuses, list)
	}
	k := q.Page * q.PageSize
	byStatus := make([]int, len(report.Statuses))
	// Each sort keeps what it needs of a single pass.
	var first []int64           // oldest
	ring := make([]int64, 0, k) // newest: the last k matches
	ringAt := 0
	h := &rankHeap{}
	switch q.Sort {
	case SortSupported: // most supported first, then newest
		h.less = func(a, b rankItem) bool { return a.key < b.key || a.key == b.key && a.id < b.id }
	case SortPriority: // highest priority first, then oldest
		h.less = func(a, b rankItem) bool { return a.key < b.key || a.key == b.key && a.id > b.id }
	case SortOverdue: // open first, then the longest waiting (key2 is minus the creation time)
		h.less = func(a, b rankItem) bool {
			return a.key < b.key || a.key == b.key && (a.key2 < b.key2 || a.key2 == b.key2 && a.id > b.id)
		}
	}
	visit := func(pn *pin) {
		if !m.match(pn) || cand.excluded(pn.id) {
			return
		}
		byStatus[pn.status]++
		if statuses != nil && !(int(pn.status) < len(statuses) && statuses[pn.status]) {
			return
		}
		total++
		switch q.Sort {
		case SortOldest:
			if len(first) < k {
				first = append(first, pn.id)
			}
		case SortOverdue:
			open := int64(0)
			if report.Group(report.Statuses[pn.status]) == report.GroupOpen {
				open = 1
			}
			h.offer(rankItem{id: pn.id, key: open, key2: -pn.created}, k)
		case SortSupported:
			h.offer(rankItem{id: pn.id, key: int64(pn.supports)}, k)
		case SortPriority:
			h.offer(rankItem{id: pn.id, key: int64(pn.priority())}, k)
		default: // newest
			if len(ring) < k {
				ring = append(ring, pn.id)
			} else if k > 0 {
				ring[ringAt] = pn.id
				ringAt = (ringAt + 1) % k
			}
		}
	}
	if cand.only {
		for _, id := range cand.ids {
			if i, ok := p.find(id); ok {
				visit(&p.pins[i])
			}
		}
	} else {
		p.inIDOrder(visit) // the newest and oldest sorts take the last and first matches
	}
	var ordered []int64
	switch q.Sort {
	case SortOldest:
		ordered = first
	case SortSupported, SortPriority, SortOverdue:
		ordered = make([]int64, len(h.items))
		for i := len(ordered) - 1; i >= 0; i-- {
			ordered[i] = heap.Pop(h).(rankItem).id
		}
	default:
		ordered = make([]int64, 0, len(ring))
		for i := len(ring) - 1; i >= 0; i-- { // newest first
			ordered = append(ordered, ring[(ringAt+i)%len(ring)])
		}
	}
	if from := (q.Page - 1) * q.PageSize; from < len(ordered) {
		ids = ordered[from:min(len(ordered), from+q.PageSize)]
	}
	counts = map[string]int{}
	for i, n := range byStatus {
		if n > 0 {
			counts[report.Statuses[i]] = n
		}
	}
	return ids, total, counts
}

// candidates narrows a pass over the index: when only is set, to ids (a
// search's matches, the reports assigned to someone), in id order; and
// always without the ids in exclude (for the unassigned reports).
type candidates struct {
	only    bool
	ids     []int64
	exclude []int64
}

func (c candidates) excluded(id int64) bool {
	if len(c.exclude) == 0 {
		return false
	}
	_, ok := slices.BinarySearch(c.exclude, id)
	return ok
}

// intersect keeps the ids found in both sorted lists.
func intersect(a, b []int64) []int64 {
	out := make([]int64, 0, min(len(a), len(b)))
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

// queueCandidates reads what narrows the queue before the index is walked:
// the search's matches and the assignee filter's reports.
func (s *Store) queueCandidates(ctx context.Context, q QueueQuery) (cand candidates, textIDs []int64, useText bool, err error) {
	if textIDs, useText, err = s.searchIDs(ctx, q.Text); err != nil {
		return cand, nil, false, err
	}
	cand.only, cand.ids = useText, textIDs
	switch {
	case q.Assignee != 0:
		mine, err := s.AssignedIDs(ctx, q.Assignee)
		if err != nil {
			return cand, nil, false, err
		}
		if cand.only {
			cand.ids = intersect(cand.ids, mine)
		} else {
			cand.only, cand.ids = true, mine
		}
	case q.Unassigned:
		if cand.exclude, err = s.AssignedIDs(ctx, 0); err != nil {
			return cand, nil, false, err
		}
	}
	return cand, textIDs, useText, nil
}

// searchIDs returns the ids of the reports matching a staff search, in id
// order (sorted here: the engine's list may come in any order); use is
// false when there is nothing to search for.
func (s *Store) searchIDs(ctx context.Context, text string) (ids []int64, use bool, err error) {
	if fts := s.dialect.allWords(text); fts != "" {
		// One string of ids, not a row each: a common word matches a
		// hundred thousand reports, and scanning rows one by one took
		// twenty times longer than the search itself.
		var list sql.NullString
		if err := s.read.GetContext(ctx, &list, s.dialect.matchIDList, fts); err != nil {
			return nil, false, fmt.Errorf("db: queue search: %w", err)
		}
		if ids, err = parseIDList(list.String); err != nil {
			return nil, false, fmt.Errorf("db: queue search: %w", err)
		}
		slices.Sort(ids)
		return ids, true, nil
	}
	return nil, false, nil
}

// queueFromPins is Queue for everything but the hidden reports' queue.
func (s *Store) queueFromPins(ctx context.Context, q QueueQuery) (QueuePage, error) {
	now := q.Now
	cand, textIDs, useText, err := s.queueCandidates(ctx, q)
	if err != nil {
		return QueuePage{}, err
	}
	ids, total, counts := s.pins.queueIDs(q, cand, now)
	page := QueuePage{Total: total, Counts: counts}
	// The hidden reports' count, from the partial index (named, or SQLite
	// would rather walk every match of a search). With a search, their ids
	// are matched against the search's in memory.
	hq := q
	hq.Status, hq.Text = "", ""
	where, args := queueWhere(s.dialect, hq, false)
	var hiddenList sql.NullString
	hiddenQ := s.dialect.hiddenIDList
	if hq.Bodies == nil || len(hq.Bodies) > 0 { // no body at all: nothing to count (and no plan for "AND 0")
		if err := s.read.GetContext(ctx, &hiddenList, hiddenQ+where, args...); err != nil {
			return page, fmt.Errorf("db: queue hidden count: %w", err)
		}
	}
	hiddenIDs, err := parseIDList(hiddenList.String)
	if err != nil {
		return page, fmt.Errorf("db: queue hidden count: %w", err)
	}
	hidden := len(hiddenIDs)
	if useText {
		hidden = 0
		for _, id := range hiddenIDs {
			if _, ok := slices.BinarySearch(textIDs, id); ok {
				hidden++
			}
		}
	}
	if hidden > 0 {
		page.Counts[report.StatusHidden] = hidden
	}
	if len(ids) == 0 {
		return page, nil
	}
	var rows []Report
	if err := s.read.SelectContext(ctx, &rows, `SELECT `+reportColumns+` FROM reports WHERE id IN (`+inClause(len(ids))+`)`, idArgs(ids)...); err != nil {
		return page, fmt.Errorf("db: queue page: %w", err)
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	page.Reports = make([]Report, len(ids))
	n := 0
	for _, r := range rows {
		page.Reports[at[r.ID]] = r
		n++
	}
	if n != len(ids) { // a report left the table between the index and the read
		page.Reports = slices.DeleteFunc(page.Reports, func(r Report) bool { return r.ID == 0 })
	}
	return page, nil
}

// parseIDList reads "1,5,9" into ids.
func parseIDList(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	out := make([]int64, 0, strings.Count(s, ",")+1)
	for len(s) > 0 {
		part, rest, _ := strings.Cut(s, ",")
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		out, s = append(out, id), rest
	}
	return out, nil
}
