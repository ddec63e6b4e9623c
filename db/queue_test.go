package db_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"testing"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
)

// The queue served from the index agrees with plain SQL over the same
// demo data, for every sort and many filters, hidden reports included.
func TestQueueFromIndexMatchesSQL(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	c, _ := city.Default()
	if err := app.Seed(ctx, s, c, 3000, 7, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	// Some priorities and a hidden report, as staff would leave them.
	for id := int64(1); id <= 60; id += 7 {
		if _, err := s.SetPriority(ctx, id, int(id%2)+1, db.AuditEntry{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetHidden(ctx, 5, true, "test", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	// Assignments, to two people, one of them on the hidden report.
	var assignees [2]int64
	for i := range assignees {
		u, err := s.CreateUser(ctx, db.NewUser{Email: fmt.Sprintf("a%d@example.org", i), Role: "admin", Password: "correct horse battery staple"}, db.AuditEntry{Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		assignees[i] = u.ID
	}
	for id := int64(1); id <= 3000; id += 9 {
		if _, err := s.Assign(ctx, id, &assignees[id%2], db.AuditEntry{Actor: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	now := s.Now()
	filters := []db.QueueQuery{
		{}, {Theme: "safe"}, {Status: "open"}, {Status: "fixed", Area: "21009"}, {Category: "pothole", Sort: db.SortOldest},
		{Body: "commune-21015"}, {Bodies: []string{"commune-21009", "sibelga"}}, {Bodies: []string{}}, {Bodies: []string{"commune-21009"}, Body: "commune-21016"},
		{HasPhoto: &yes}, {HasPhoto: &no, Status: "new"}, {MinAge: 30 * 24 * time.Hour}, {MaxAge: 60 * 24 * time.Hour, Theme: "mobile"},
		{Text: "trottoir"}, {Text: "stoep", Status: "open"}, {Status: "hidden"}, {Status: "closed", Sort: db.SortSupported},
		{Assignee: assignees[0]}, {Assignee: assignees[1], Status: "hidden"}, {Assignee: assignees[1], Text: "trottoir"}, {Unassigned: true},
		{Unassigned: true, Status: "open", Text: "stoep"}, {Unassigned: true, Bodies: []string{"commune-21009"}}, {Assignee: 999},
	}
	for _, f := range filters {
		for _, sort := range db.QueueSorts {
			for _, page := range []int{1, 3} {
				q := f
				q.Sort, q.Page, q.PageSize, q.Now = sort, page, 20, now
				name := fmt.Sprintf("%+v", q)
				got, err := s.Queue(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.QueueSQL(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != want.Total || !maps.Equal(got.Counts, want.Counts) {
					t.Errorf("%s: total %d counts %v, want %d %v", name, got.Total, got.Counts, want.Total, want.Counts)
				}
				if len(got.Reports) != len(want.Reports) {
					t.Errorf("%s: %d rows, want %d", name, len(got.Reports), len(want.Reports))
					continue
				}
				for i := range got.Reports {
					if got.Reports[i].ID != want.Reports[i].ID {
						t.Errorf("%s: row %d is %d, want %d", name, i, got.Reports[i].ID, want.Reports[i].ID)
						break
					}
				}
			}
		}
	}
}
