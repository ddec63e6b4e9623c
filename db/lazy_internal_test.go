package db

import (
	"context"
	"path/filepath"
	"testing"
)

// lazyExec relaxes SQLite's sync for its own statement only: the writer
// is back to FULL after it, whether the statement worked or not, and a
// store opened with SyncNormal stays NORMAL.
func TestLazyExecKeepsTheWriterDurable(t *testing.T) {
	ctx := context.Background()
	for _, normal := range []bool{false, true} {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "lazy.db"), Options{SyncNormal: normal})
		if err != nil {
			t.Fatal(err)
		}
		want := 2 // FULL
		if normal {
			want = 1
		}
		sync := func(when string) {
			t.Helper()
			var v int
			if err := s.writeGet(ctx, &v, `PRAGMA synchronous`); err != nil || v != want {
				t.Errorf("SyncNormal %v, %s: the writer's synchronous is %d (%v), want %d", normal, when, v, err, want)
			}
		}
		if _, err := s.writeExec(ctx, `CREATE TABLE t (x INTEGER)`); err != nil {
			t.Fatal(err)
		}
		sync("at first")
		if _, err := s.lazyExec(ctx, `INSERT INTO t VALUES (?)`, 1); err != nil {
			t.Fatal(err)
		}
		sync("after a lazy write")
		if _, err := s.lazyExec(ctx, `INSERT INTO missing VALUES (?)`, 1); err == nil {
			t.Error("a write to a missing table worked")
		}
		sync("after a failed lazy write")
		var n int
		if err := s.read.GetContext(ctx, &n, `SELECT count(*) FROM t`); err != nil || n != 1 {
			t.Errorf("rows: %d %v", n, err)
		}
		s.Close()
	}
}

// BenchmarkOutcome compares a one-row update committed durably (FULL,
// an fsync each) with lazyExec, as the notification worker records each
// message's outcome.
func BenchmarkOutcome(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "outcome.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.writeExec(ctx, `CREATE TABLE m (id INTEGER PRIMARY KEY, status TEXT)`); err != nil {
		b.Fatal(err)
	}
	if _, err := s.writeExec(ctx, `INSERT INTO m VALUES (1, 'pending')`); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		exec func(context.Context, string, ...any) (any, error)
	}{
		{"durable", func(ctx context.Context, q string, a ...any) (any, error) { return s.writeExec(ctx, q, a...) }},
		{"lazy", func(ctx context.Context, q string, a ...any) (any, error) { return s.lazyExec(ctx, q, a...) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if _, err := c.exec(ctx, `UPDATE m SET status = ? WHERE id = 1`, i); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
