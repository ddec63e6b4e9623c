package notify_test

import (
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
)

// Questionnaires go out in batches a few seconds apart, so a backlog never
// holds the writer; a report acknowledged long before it became due (a new
// deployment, a worker stopped for weeks) is never asked about.
func TestQuestionnaireBacklogAndWindow(t *testing.T) {
	e := newEnv(t)
	old := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) { in.Email = "old@example.org" })
	e.status(old.ID, "acknowledged", "")
	e.clock.add(30 * 24 * time.Hour)
	for i := 0; i < 60; i++ {
		r := e.report(etterbeek, "pothole", "nl", func(in *intake.Input) { in.Email = "r@example.org" })
		e.status(r.ID, "in_progress", "")
	}
	count := func() (n int) {
		for _, m := range e.messages(db.MessageQuery{Limit: 1000}) {
			if m.Event == notify.EventQuestionnaire {
				n++
			}
		}
		return n
	}
	e.clock.add(29 * 24 * time.Hour) // the old report: acknowledged 59 days ago, and never seen by a worker
	e.run()
	if n := count(); n != 50 {
		t.Fatalf("%d questionnaires in the first run, want one batch of 50", n)
	}
	e.run()
	if n := count(); n != 50 {
		t.Fatalf("%d questionnaires right after, want still 50", n)
	}
	e.clock.add(6 * time.Second)
	e.run()
	if n := count(); n != 60 {
		t.Fatalf("%d questionnaires seconds later, want 60", n)
	}
	for _, m := range e.messages(db.MessageQuery{Limit: 1000}) {
		if m.Event == notify.EventQuestionnaire && m.Recipient == "old@example.org" {
			t.Error("the report acknowledged 59 days ago was asked about")
		}
	}
	e.clock.add(time.Hour)
	e.run()
	if n := count(); n != 60 {
		t.Errorf("%d questionnaires an hour later, want 60: each report is asked once", n)
	}
}
