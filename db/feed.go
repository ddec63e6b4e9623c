package db

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The change feed keeps what this process holds in memory (the pin index
// behind maps, nearby searches, the queue and the dashboard, and the
// catalog) in step with the database, whoever wrote to it: this process,
// another instance, or a command such as `streetfix seed` on a live file.
//
// Every change to a report gives it the next revision number (triggers
// assign them, see the 0008 migrations), so a pass reads the reports whose
// revision is above the last one it applied, in revision order. Revisions
// are given in commit order (SQLite has one writer; PostgreSQL writers take
// one advisory lock), so a pass never skips a write that commits later.
//
// There is one way in: this process's own writes do not touch the index
// themselves but run a pass after they commit (sync), which also makes
// them visible to the writer's next read. A loop (RunFeed) runs a pass
// every second and, on PostgreSQL, when another instance notifies a write.

// feedBatch is how many changed reports one query of a pass reads.
const feedBatch = 4096

// FeedPoll is how often RunFeed looks for writes it was not told about.
const FeedPoll = time.Second

type feed struct {
	mu      sync.Mutex
	loaded  bool  // LoadPins has run: passes may start
	rev     int64 // reports applied up to this revision
	marks   map[string]int64
	running *feedPass // the pass under way
	queued  *feedPass // the next one, for writes that committed during it

	// caughtUp is when the last complete pass started (Unix nanoseconds):
	// everything committed before then is in memory.
	caughtUp atomic.Int64
	watchers map[string][]func()
	wake     chan struct{}
}

type feedPass struct {
	done chan struct{}
	err  error
}

func newFeed() *feed {
	return &feed{marks: map[string]int64{}, watchers: map[string][]func(){}, wake: make(chan struct{}, 1)}
}

// Feed mark names: a change to these tables bumps the mark.
const (
	MarkCatalog  = "catalog"  // themes, categories, bodies, areas
	MarkSettings = "settings" // the settings table
)

// OnMark registers fn to run, on every instance, after a write changes the
// tables behind the named mark (MarkCatalog is reloaded before fn runs).
func (s *Store) OnMark(name string, fn func()) {
	s.feed.mu.Lock()
	defer s.feed.mu.Unlock()
	s.feed.watchers[name] = append(s.feed.watchers[name], fn)
}

// FeedLag is how far behind the database what this process holds in
// memory may be: the time since the start of the last complete pass.
func (s *Store) FeedLag() time.Duration {
	t := s.feed.caughtUp.Load()
	if t == 0 {
		return 0
	}
	return time.Since(time.Unix(0, t))
}

// FeedRevision returns the last report revision applied in memory.
func (s *Store) FeedRevision() int64 {
	s.feed.mu.Lock()
	defer s.feed.mu.Unlock()
	return s.feed.rev
}

// sync runs a pass that starts after it is called and waits for it: a
// writer calls it after its commit, so its write is in memory when sync
// returns. Concurrent callers share passes. A failed pass is left to the
// next one (the write itself is committed), so sync reports no error.
func (s *Store) sync(ctx context.Context) {
	f := s.feed
	f.mu.Lock()
	if !f.loaded {
		f.mu.Unlock()
		return
	}
	var p *feedPass
	switch {
	case f.running == nil:
		p = &feedPass{done: make(chan struct{})}
		f.running = p
		go s.runPass(p)
	case f.queued == nil:
		// The pass under way may have read before this caller committed.
		p = &feedPass{done: make(chan struct{})}
		f.queued = p
	default:
		p = f.queued
	}
	f.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
	}
}

// runPass runs p, then the pass queued meanwhile, if any.
func (s *Store) runPass(p *feedPass) {
	f := s.feed
	for p != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		p.err = s.pass(ctx)
		cancel()
		f.mu.Lock()
		close(p.done)
		p, f.running, f.queued = f.queued, f.queued, nil
		f.mu.Unlock()
	}
}

// wakeFeed asks RunFeed for a pass soon; it never blocks.
func (s *Store) wakeFeed() {
	select {
	case s.feed.wake <- struct{}{}:
	default:
	}
}

// RunFeed follows writes made elsewhere until ctx ends: a pass every
// FeedPoll, and at once when woken (on PostgreSQL, by a notification).
func (s *Store) RunFeed(ctx context.Context) {
	if s.listenCfg != nil {
		go s.listen(ctx)
	}
	t := time.NewTicker(FeedPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.feed.wake:
		}
		s.sync(ctx)
	}
}

// pass applies what changed since the last pass: reference data first
// (new codes come before the reports that use them), then reports and
// deletions in revision order.
func (s *Store) pass(ctx context.Context) error {
	start := time.Now()
	changed, err := s.passMarks(ctx)
	if err != nil {
		return err
	}
	for {
		n, err := s.passReports(ctx)
		if err != nil {
			return err
		}
		changed = changed || n > 0
		if n < feedBatch {
			break
		}
	}
	s.feed.caughtUp.Store(start.UnixNano())
	if changed {
		s.notifyWrite()
	}
	return nil
}

// passMarks reloads the catalog, and calls the watchers, of every mark
// that moved.
func (s *Store) passMarks(ctx context.Context) (bool, error) {
	var marks []struct {
		Name string `db:"name"`
		Rev  int64  `db:"rev"`
	}
	if err := s.read.SelectContext(ctx, &marks, `SELECT name, rev FROM feed_marks WHERE name <> 'reports'`); err != nil {
		return false, fmt.Errorf("db: feed marks: %w", err)
	}
	f := s.feed
	changed := false
	for _, m := range marks {
		f.mu.Lock()
		old, seen := f.marks[m.Name]
		watchers := f.watchers[m.Name]
		f.mu.Unlock()
		if seen && old == m.Rev {
			continue
		}
		if m.Name == MarkCatalog {
			if _, err := s.reloadCatalog(ctx); err != nil {
				return changed, err
			}
		}
		f.mu.Lock()
		f.marks[m.Name] = m.Rev
		f.mu.Unlock()
		if seen {
			changed = true
			for _, fn := range watchers {
				fn()
			}
		}
	}
	return changed, nil
}

// feedRow is what a pass reads of a changed report: what a pin holds.
const pinColumns = `id, category, theme, status, lon, lat, area_code, created_at, updated_at,
	body_code, support_count, acknowledged_at, fixed_at, photo_count, priority`

// passReports applies up to feedBatch changed reports, and the deletions
// among them, and returns how many revisions it read.
func (s *Store) passReports(ctx context.Context) (int, error) {
	f := s.feed
	f.mu.Lock()
	from := f.rev
	f.mu.Unlock()
	rows, err := s.read.QueryxContext(ctx, `SELECT rev, `+pinColumns+` FROM reports WHERE rev > ? ORDER BY rev LIMIT ?`, from, feedBatch)
	if err != nil {
		return 0, fmt.Errorf("db: feed: %w", err)
	}
	var changes []feedChange
	for rows.Next() {
		var c feedChange
		r := &c.r
		if err := rows.Scan(&c.rev, &r.ID, &r.Category, &r.Theme, &r.Status, &r.Lon, &r.Lat, &r.AreaCode, &r.CreatedAt, &r.UpdatedAt,
			&r.BodyCode, &r.SupportCount, &r.AcknowledgedAt, &r.FixedAt, &r.PhotoCount, &r.Priority); err != nil {
			rows.Close()
			return 0, fmt.Errorf("db: feed: %w", err)
		}
		changes = append(changes, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("db: feed: %w", err)
	}
	// Deletions up to the last revision read (all of them when the batch
	// was not full), merged in revision order: an id SQLite gave again
	// after a deletion must not lose its new report.
	q, args := `SELECT rev, id FROM report_deletions WHERE rev > ?`, []any{from}
	if len(changes) == feedBatch {
		q, args = q+` AND rev <= ?`, append(args, changes[len(changes)-1].rev)
	}
	var dels []struct {
		Rev int64 `db:"rev"`
		ID  int64 `db:"id"`
	}
	if err := s.read.SelectContext(ctx, &dels, q+` ORDER BY rev`, args...); err != nil {
		return 0, fmt.Errorf("db: feed deletions: %w", err)
	}
	for _, d := range dels {
		changes = append(changes, feedChange{rev: d.Rev, deleted: true, r: Report{ID: d.ID}})
	}
	if len(dels) > 0 {
		sortChanges(changes)
	}
	if len(changes) == 0 {
		return 0, nil
	}
	s.pins.apply(changes)
	f.mu.Lock()
	f.rev = max(f.rev, changes[len(changes)-1].rev)
	f.mu.Unlock()
	return len(changes), nil
}

// feedChange is one revision: a report's state, or its deletion.
type feedChange struct {
	rev     int64
	deleted bool
	r       Report
}

func sortChanges(c []feedChange) {
	// Few deletions among many changes: insertion sort is plenty.
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].rev < c[j-1].rev; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

// startFeed records where the feed starts: called by LoadPins with the
// revision read before the load, so nothing committed after it is missed.
func (s *Store) startFeed(rev int64) {
	f := s.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rev, f.loaded = rev, true
	f.caughtUp.Store(time.Now().UnixNano())
}

// headRevision is the newest committed revision of reports and deletions.
func (s *Store) headRevision(ctx context.Context) (int64, error) {
	var rev int64
	const q = `SELECT coalesce(max(rev), 0) FROM (SELECT max(rev) AS rev FROM reports UNION ALL SELECT max(rev) FROM report_deletions) AS t`
	if err := s.read.GetContext(ctx, &rev, q); err != nil {
		return 0, fmt.Errorf("db: feed head: %w", err)
	}
	return rev, nil
}

// afterWrite is what every write that changed reports or reference data
// calls once committed: the change reaches memory through the feed.
func (s *Store) afterWrite(ctx context.Context) { s.sync(context.WithoutCancel(ctx)) }
