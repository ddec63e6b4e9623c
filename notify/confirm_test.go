package notify_test

import (
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/intake"
)

// An email address typed into six report forms in a day gets five
// confirmations (whatever the letter case); the reports are made all the
// same; a day later the address gets them again.
func TestConfirmationsPerAddress(t *testing.T) {
	e := newEnv(t)
	victim := func(addr string) func(*intake.Input) { return func(in *intake.Input) { in.Email = addr } }
	for i := 0; i < 6; i++ {
		addr := "stranger@example.org"
		if i == 3 {
			addr = "Stranger@Example.org"
		}
		e.report(etterbeek, "pothole", "fr", victim(addr))
	}
	e.run()
	count := func() (toVictim, all int) {
		ms := e.messages(db.MessageQuery{Channel: db.ChannelEmail})
		for _, m := range ms {
			if strings.EqualFold(m.Recipient, "stranger@example.org") {
				toVictim++
			}
		}
		return toVictim, len(ms)
	}
	if n, _ := count(); n != 5 {
		t.Errorf("after six reports: %d confirmations to the address, want 5", n)
	}
	e.clock.add(25 * time.Hour)
	e.report(etterbeek, "pothole", "fr", victim("stranger@example.org"))
	e.run()
	if n, _ := count(); n != 6 {
		t.Errorf("a day later: %d confirmations, want 6", n)
	}
}
