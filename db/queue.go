package db

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"streetfix/report"
)

// QueueQuery filters and orders the staff triage queue. Empty fields do not
// filter. Bodies, when set, limits the queue to those bodies (a staff
// member's scope) whatever Body says.
type QueueQuery struct {
	Theme    string
	Category string
	Status   string // a status, or a group: open, fixed, closed
	Area     string
	Body     string
	Bodies   []string
	MinAge   time.Duration // older than
	MaxAge   time.Duration // younger than
	HasPhoto *bool
	// Assignee keeps the reports assigned to that user; Unassigned the
	// reports assigned to no one.
	Assignee   int64
	Unassigned bool
	Text       string // full-text search over title and description
	Sort       string // newest (default), oldest, supported, overdue
	Page       int    // from 1
	PageSize   int
	Now        time.Time
}

// Queue sorts.
const (
	SortNewest    = "newest"
	SortOldest    = "oldest"
	SortSupported = "supported"
	SortOverdue   = "overdue"
	SortPriority  = "priority"
)

// QueueSorts lists the sorts the queue offers.
var QueueSorts = []string{SortNewest, SortOldest, SortSupported, SortOverdue, SortPriority}

// QueuePage is one page of the queue with the total and counts per status
// of everything the filters (but the status filter) match.
type QueuePage struct {
	Reports []Report
	Total   int
	Counts  map[string]int
}

// ftsQuery turns what staff type into an FTS5 query: every word must
// appear, the last one as a prefix ("nid pou" finds "nid-de-poule"), and
// no FTS syntax reaches the engine.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
	if len(words) > 12 {
		words = words[:12]
	}
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"`)
		if i == len(words)-1 {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// queueWhere builds the conditions of q, without the status filter when
// withStatus is false (for the counts per status).
func queueWhere(d *dialect, q QueueQuery, withStatus bool) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if q.Theme != "" {
		add(`theme = ?`, q.Theme)
	}
	if q.Category != "" {
		add(`category = ?`, q.Category)
	}
	if q.Area != "" {
		add(`area_code = ?`, q.Area)
	}
	if q.Body != "" {
		add(`body_code = ?`, q.Body)
	}
	if q.Bodies != nil {
		if len(q.Bodies) == 0 {
			add(`FALSE`)
		} else {
			ph := strings.TrimSuffix(strings.Repeat("?, ", len(q.Bodies)), ", ")
			a := make([]any, len(q.Bodies))
			for i, b := range q.Bodies {
				a[i] = b
			}
			add(`body_code IN (`+ph+`)`, a...)
		}
	}
	now := q.Now
	if q.MinAge > 0 {
		add(`created_at <= ?`, At(now.Add(-q.MinAge)))
	}
	if q.MaxAge > 0 {
		add(`created_at >= ?`, At(now.Add(-q.MaxAge)))
	}
	if q.HasPhoto != nil {
		if *q.HasPhoto {
			add(`photo_count > 0`)
		} else {
			add(`photo_count = 0`)
		}
	}
	if q.Assignee != 0 {
		add(`assignee_id = ?`, q.Assignee)
	} else if q.Unassigned {
		add(`assignee_id IS NULL`)
	}
	if fts := d.allWords(q.Text); fts != "" {
		add(`id IN (`+d.matchIDs+`)`, fts)
	}
	if withStatus && q.Status == "" {
		add(`status <> 'hidden'`) // hidden reports only when asked for
	} else if withStatus && q.Status == report.StatusHidden {
		add(`status = 'hidden'`) // a literal, so the partial index on hidden reports serves it
	} else if withStatus && q.Status != "" {
		if statuses := report.StatusesIn(q.Status); len(statuses) > 0 {
			ph := strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", ")
			a := make([]any, len(statuses))
			for i, s := range statuses {
				a[i] = s
			}
			add(`status IN (`+ph+`)`, a...)
		} else {
			add(`status = ?`, q.Status)
		}
	}
	if len(where) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(where, " AND "), args
}

// MaxQueuePage is the deepest page the queue serves: past it, filters
// narrow the queue better than paging does.
const MaxQueuePage = 2000

// Queue returns one page of the triage queue: from the pin index, or for
// the hidden reports from SQL.
func (s *Store) Queue(ctx context.Context, q QueueQuery) (QueuePage, error) {
	if q.PageSize <= 0 || q.PageSize > 200 {
		q.PageSize = 50
	}
	q.Page = min(max(q.Page, 1), MaxQueuePage)
	return s.queuePage(ctx, q)
}

// queuePage answers a page of the queue whose size and number are set.
func (s *Store) queuePage(ctx context.Context, q QueueQuery) (QueuePage, error) {
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	if q.Status == report.StatusHidden {
		return s.queueSQL(ctx, q)
	}
	return s.queueFromPins(ctx, q)
}

// MaxQueueMarkers is the most reports the queue's map shows: the first of
// the queue in its order, as the list pages through them.
const MaxQueueMarkers = 500

// QueueMap returns the first MaxQueueMarkers reports of the queue, in the
// queue's order, with the total and counts as Queue gives them.
func (s *Store) QueueMap(ctx context.Context, q QueueQuery) (QueuePage, error) {
	q.Page, q.PageSize = 1, MaxQueueMarkers
	return s.queuePage(ctx, q)
}

// queueSQL answers the queue with SQL alone: used for hidden reports, which
// the index does not keep, and by tests as the reference.
func (s *Store) queueSQL(ctx context.Context, q QueueQuery) (QueuePage, error) {
	where, args := queueWhere(s.dialect, q, true)
	order := `id DESC`
	switch q.Sort {
	case SortOldest:
		order = `id ASC`
	case SortSupported:
		order = `support_count DESC, id DESC`
	case SortPriority:
		order = `priority DESC, id ASC`
	case SortOverdue:
		// Open reports first, the longest waiting first: what is late.
		order = `CASE WHEN status IN ('` + strings.Join(report.StatusesIn(report.GroupOpen), `', '`) + `') THEN 0 ELSE 1 END, created_at ASC, id ASC`
	}
	var page QueuePage
	sel := `SELECT ` + reportColumns + ` FROM reports WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	if err := s.read.SelectContext(ctx, &page.Reports, sel, append(args, q.PageSize, (q.Page-1)*q.PageSize)...); err != nil {
		return page, fmt.Errorf("db: queue: %w", err)
	}
	cwhere, cargs := queueWhere(s.dialect, q, false)
	var counts []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.read.SelectContext(ctx, &counts, `SELECT status, count(*) AS n FROM reports WHERE `+cwhere+` GROUP BY status`, cargs...); err != nil {
		return page, fmt.Errorf("db: queue counts: %w", err)
	}
	page.Counts = map[string]int{}
	for _, c := range counts {
		page.Counts[c.Status] = c.N
	}
	if q.Status == "" {
		for _, c := range counts {
			if c.Status != report.StatusHidden {
				page.Total += c.N
			}
		}
	} else if err := s.read.GetContext(ctx, &page.Total, `SELECT count(*) FROM reports WHERE `+where, args...); err != nil {
		return page, fmt.Errorf("db: queue total: %w", err)
	}
	return page, nil
}
