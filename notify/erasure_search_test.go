package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testpg"
	"streetfix/notify"
)

// After a reporter erases their data, no column of any table holds a
// value of theirs, on either engine: every text, bytea and JSON column of
// every table is read whole and searched (on SQLite every column; the
// handlers' TestErasureBytes searches the file's bytes too); so is the
// address of a follower who erased their own data. The reporter's values
// were copied into the messages about the report (the body's email with
// their contact, a webhook call waiting for its retry with their shown
// name, the emails to them), their subscription, a public note naming
// them, the moderation history of the name staff anonymised and the
// audit log. The same search finds each value before the erasure.
func TestErasureSearchEveryColumn(t *testing.T) {
	hook := startHook(t, "s", 100) // down: the call waits for a retry
	mail := startSMTP(t)
	e := newEnv(t, mail.configure, func(c *notify.Config) { c.MaxAttempts = 5 })
	ctx := context.Background()
	e.addHook(hook.srv.URL, "s", "")
	if err := e.store.SetBodyContact(ctx, etterbeekBody, "travaux@ville.example", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	const (
		name  = "Zébulon Quatremare"
		email = "zebulon.quatremare@example.org"
		phone = "+32 470 12 34 99"
	)
	r := e.report(etterbeek, "pothole", "fr", func(in *intake.Input) {
		in.Name, in.Email, in.Phone, in.ShowName, in.ContactConsent = name, email, phone, true, true
	})
	sub, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: email, Kind: db.SubReport, ReportID: r.ID}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, sub.ID, e.svc.Signer().Sign(notify.PurposeConfirm, sub.ID)); err != nil {
		t.Fatal(err)
	}
	// A neighbour follows the report too, and erases their own data from
	// an unsubscribe link.
	const neighbour = "voisine.erasure@example.org"
	theirs, err := e.svc.Subscribe(ctx, notify.SubscribeRequest{Email: neighbour, Kind: db.SubReport, ReportID: r.ID}, "fr")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Confirm(ctx, theirs.ID, e.svc.Signer().Sign(notify.PurposeConfirm, theirs.ID)); err != nil {
		t.Fatal(err)
	}
	e.status(r.ID, "acknowledged", "Merci "+name+", nous passons demain.")
	if _, err := e.store.Anonymise(ctx, r.ID, db.AuditEntry{Actor: "user:admin@example.org"}); err != nil {
		t.Fatal(err)
	}
	e.run()
	raw := testpg.Open(t, e.path)
	values := map[string]string{"name": name, "email": email, "phone": phone, "neighbour's email": neighbour}
	for what, v := range values {
		if where := holding(t, raw, v); len(where) == 0 {
			t.Fatalf("before erasure the %s is in no column: the search cannot find it", what)
		}
	}
	if err := e.store.EraseReporter(ctx, r.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	if n, err := e.svc.EraseSubscriber(ctx, theirs.ID, e.svc.Signer().Sign(notify.PurposeUnsubscribe, theirs.ID)); err != nil || n != 1 {
		t.Fatalf("the neighbour's erasure: %d subscriptions, %v", n, err)
	}
	e.run()
	for what, v := range values {
		if where := holding(t, raw, v); len(where) > 0 {
			t.Errorf("after erasure the %s (%q) is still in %s", what, v, strings.Join(where, ", "))
		}
	}
}

// holding returns the table.column of every column, of every table, that
// holds v in one of the forms the service writes text in: as is, escaped
// for HTML and inside a JSON string.
func holding(t *testing.T, raw *sqlx.DB, v string) []string {
	t.Helper()
	j, _ := json.Marshal(v)
	forms := [][]byte{[]byte(v), []byte(html.EscapeString(v)), []byte(strings.ReplaceAll(html.EscapeString(v), "+", "&#43;")), j[1 : len(j)-1]}
	var out []string
	for _, c := range columns(t, raw) {
		rows, err := raw.Queryx(c.query)
		if err != nil {
			t.Fatalf("%s.%s: %v", c.table, c.column, err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatalf("%s.%s: %v", c.table, c.column, err)
			}
			found := false
			for _, f := range forms {
				found = found || bytes.Contains(b, f)
			}
			if found {
				out = append(out, c.table+"."+c.column)
				break
			}
		}
		rows.Close()
	}
	return out
}

type column struct{ table, column, query string }

// columns lists the columns that can hold text, with a query that reads
// each whole, as bytes.
func columns(t *testing.T, raw *sqlx.DB) []column {
	t.Helper()
	var out []column
	if testpg.On() {
		for _, c := range testpg.TextColumns(t, raw.DB) {
			out = append(out, column{c.Table, c.Column, c.Query})
		}
		return out
	}
	var tables []string
	if err := raw.Select(&tables, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`); err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		var cols []string
		if err := raw.Select(&cols, `SELECT name FROM pragma_table_info(?)`, table); err != nil {
			t.Fatal(err)
		}
		for _, col := range cols {
			out = append(out, column{table, col, `SELECT CAST("` + col + `" AS BLOB) FROM "` + table + `" WHERE "` + col + `" IS NOT NULL`})
		}
	}
	return out
}
