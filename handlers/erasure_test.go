package handlers_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"streetfix/db"
	"streetfix/handlers"
	"streetfix/internal/testpg"
	"streetfix/notify"
)

// personalColumns lists every table that can hold a person's data, with
// the columns that hold it and whose it is. Erasure (db.EraseReporter)
// and retention must reach each of them; TestErasureBytes checks that they
// do by searching the database file's bytes.
var personalColumns = map[string]string{
	"reporters":           "name, email, phone (reporter)",
	"reports":             "public_name, answers (reporter; title and description are their public text, moderated by staff), assignee_id, entered_by (staff, by reference)",
	"subscriptions":       "email (subscriber)",
	"notify_messages":     "recipient, subject, body_text, body_html, headers, payload, response_excerpt, last_error (reporter, subscriber, body)",
	"moderation_history":  "original (reporter's text and shown name)",
	"audit_log":           "before, after, target (reporter's values in staff actions), actor (staff)",
	"report_events":       "note (may name the reporter)",
	"idempotency_keys":    "response (the created report, with the shown name)",
	"photo_originals":     "data (an unblurred face or number plate)",
	"photo_data":          "data (photos, blurred by moderation where needed)",
	"users":               "email, name (staff)",
	"sessions":            "token_hash (staff)",
	"password_resets":     "token_hash, user_id (staff; deleted with the account)",
	"login_failures":      "subject (a staff email or a client address)",
	"rate_buckets":        "key (a client address)",
	"supports":            "supporter (a keyed hash of a client address)",
	"support_quota":       "network (a client's network)",
	"reporter_clients":    "client (a keyed hash of the reporter's app; erased with their data)",
	"merge_followers":     "subscription_id (subscriber, by reference)",
	"merge_supports":      "supporter (a keyed hash of a client address; kept to undo a merge)",
	"merge_subscriptions": "subscription_id (subscriber, by reference; kept to undo a merge)",
	"api_keys":            "name (an integration, sometimes a person's)",
	"email_blocks":        "email_hash (a keyed hash of an address whose owner said \"this wasn't me\")",
}

// tablesWithoutPersonalData is every other table: reference data, the
// report's public side, the change feed and the machinery.
var tablesWithoutPersonalData = []string{
	"themes", "areas", "bodies", "categories", "photos", "settings", "user_bodies", "response_templates",
	"notify_outbox", "webhooks", "feed_marks", "report_deletions", "targets", "report_points", "reports_fts",
	"schema_migrations", "api_key_bodies", "service_changesets", "questionnaires", "message_reports",
}

// Every table is classified, so a new one is either added to the personal
// list (and to erasure and retention) or said to hold none.
func TestPersonalTablesClassified(t *testing.T) {
	s := newTestServer(t)
	conn := s.sqlDB()
	tables := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.IsPostgres(s.path) {
		// PostGIS's own table of coordinate systems is reference data.
		tables = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys'`
	}
	rows, err := conn.Query(tables)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	known := map[string]bool{}
	for _, n := range tablesWithoutPersonalData {
		known[n] = true
	}
	var virtual []string
	for n := range known {
		if n == "reports_fts" || n == "report_points" {
			virtual = append(virtual, n+"_")
		}
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		shadow := false
		for _, v := range virtual {
			shadow = shadow || strings.HasPrefix(name, v)
		}
		if _, ok := personalColumns[name]; !ok && !known[name] && !shadow {
			t.Errorf("table %s is not classified: add it to personalColumns (and make erasure and retention reach it) or to tablesWithoutPersonalData in handlers/erasure_test.go", name)
		}
	}
}

// After a reporter erases their data, none of their values is left
// anywhere in the database file or its write-ahead log: not in the
// messages sent about the report (the body's copy with their contact, a
// webhook payload with their shown name and the receiver's echo of it),
// the emails sent to them, their subscriptions, the moderation history of
// a name staff anonymised, audit values, the stored answer of a retried
// creation, or a public note that named them. The same search finds each
// value before the erasure, so it is a real search.
func TestErasureBytes(t *testing.T) {
	s, svc := newNotifyServer(t, nil)
	ctx := context.Background()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write(b) // a receiver that echoes what it got: the excerpt is kept
	}))
	defer echo.Close()
	if _, err := s.store.AddWebhook(ctx, db.Webhook{Name: "GIS", URL: echo.URL, Secret: "secret", Active: true}, s.store.Now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	const (
		name  = "Zébulon Quatremare"
		email = "zebulon.quatremare@example.org"
		phone = "+32 470 12 34 99"
	)
	in := grandPlace()
	in["name"], in["email"], in["phone"], in["show_name"], in["contact_consent"] = name, email, phone, true, true
	w := s.postJSON("/api/v1/reports", in, "Idempotency-Key", "erasure-test-1")
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	created := decode[createdBody](t, w)
	id, token := created.Report.ID, created.Token
	r, err := s.store.PublicReport(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.SetBodyContact(ctx, r.BodyCode, "travaux@ville.example", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	other := s.createReport(grandPlace())
	for _, sub := range []string{
		`{"email":"` + email + `","kind":"report","report_id":` + itoa(id) + `}`,
		`{"email":"` + email + `","kind":"report","report_id":` + itoa(other) + `}`,
		`{"email":"` + email + `","kind":"area","area":"` + r.AreaCode + `"}`,
	} {
		if w := s.postJSON("/api/v1/subscriptions", sub); w.Code != http.StatusAccepted {
			t.Fatalf("subscribe %s: %d %s", sub, w.Code, w.Body)
		}
	}
	runWorker(t, svc)
	ms, err := s.store.Messages(ctx, db.MessageQuery{Channel: db.ChannelEmail})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Event == "subscription.confirm" && m.Recipient == email {
			sid := m.SubscriptionID.Int64
			if _, err := svc.Confirm(ctx, sid, svc.Signer().Sign(notify.PurposeConfirm, sid)); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	for _, patch := range []string{
		`{"status":"acknowledged","note":"Merci ` + name + `, nous passons demain."}`,
		`{"anonymise":true}`,
	} {
		if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), patch); w.Code != http.StatusOK {
			t.Fatalf("PATCH %s: %d %s", patch, w.Code, w.Body)
		}
	}
	if w := b.sendJSON("POST", "/api/v1/reports/"+itoa(id)+"/notes", `{"note":"Rappeler au `+phone+`","public":false}`); w.Code != http.StatusCreated {
		t.Fatalf("internal note: %d %s", w.Code, w.Body)
	}
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(other), `{"status":"acknowledged","note":"Vu."}`); w.Code != http.StatusOK {
		t.Fatalf("PATCH other: %d %s", w.Code, w.Body)
	}
	runWorker(t, svc)
	if w := b.get("/dashboard/reports.csv?personal=1"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), email) {
		t.Fatalf("personal export before erasure: %d", w.Code)
	}

	values := map[string][]string{"name": byteForms(name), "email": byteForms(email), "phone": byteForms(phone)}
	file := checkpointedBytes(t, s.path)
	for what, forms := range values {
		if !containsAny(file, forms) {
			t.Fatalf("before erasure the %s is nowhere in the file: the search cannot find it", what)
		}
	}

	w = s.postJSON("/api/v1/reports/"+itoa(id)+"/reporter-actions", map[string]string{"token": token, "action": "erase"})
	if w.Code != http.StatusOK {
		t.Fatalf("erase: %d %s", w.Code, w.Body)
	}
	runWorker(t, svc)
	file = checkpointedBytes(t, s.path)
	for what, forms := range values {
		for _, f := range forms {
			if i := bytes.Index(file, []byte(f)); i >= 0 {
				lo, hi := max(0, i-80), min(len(file), i+len(f)+80)
				t.Errorf("after erasure the %s (%q) is still in the database file: …%q…", what, f, file[lo:hi])
			}
		}
	}
	// What is left works: the report, its manage link, the other report's history.
	if w := s.do("GET", "/api/v1/reports/"+itoa(id), nil); w.Code != http.StatusOK {
		t.Errorf("the report after erasure: %d", w.Code)
	}
	if w := s.do("GET", "/reports/"+itoa(id)+"/manage?token="+token, nil); w.Code != http.StatusOK {
		t.Errorf("the manage page after erasure: %d", w.Code)
	}
	if w := b.get("/staff/notify"); w.Code != http.StatusOK || strings.Contains(w.Body.String(), email) {
		t.Errorf("notification page after erasure: %d", w.Code)
	}
}

// byteForms are the ways a value is written in the file: as is, escaped
// for HTML and as a JSON string.
func byteForms(v string) []string {
	j, _ := json.Marshal(v)
	out := []string{v, html.EscapeString(v), strings.ReplaceAll(html.EscapeString(v), "+", "&#43;"), string(j[1 : len(j)-1])}
	return out
}

func containsAny(b []byte, forms []string) bool {
	for _, f := range forms {
		if bytes.Contains(b, []byte(f)) {
			return true
		}
	}
	return false
}

// checkpointedBytes checkpoints the write-ahead log into the database
// file (waiting until no reader holds it back) and returns the bytes of
// the file and of what is left of the log. On PostgreSQL, whose files
// are the server's, it returns every column that can hold text of every
// table, each value read whole (as notify's TestErasureSearchEveryColumn).
func checkpointedBytes(t *testing.T, path string) []byte {
	t.Helper()
	if db.IsPostgres(path) {
		return columnBytes(t, path)
	}
	conn, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var busy, logFrames, done int
		if err := conn.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &done); err != nil {
			t.Fatal(err)
		}
		if busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the checkpoint stayed busy")
		}
		time.Sleep(20 * time.Millisecond) // a reader holds old pages: wait for it to finish
	}
	var out []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		out = append(out, b...)
	}
	return out
}

// columnBytes reads every text, JSON, bytea and tsvector column of every
// table of the PostgreSQL database at url, each value whole, one after
// another with a zero byte between.
func columnBytes(t *testing.T, url string) []byte {
	t.Helper()
	conn, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var out []byte
	for _, c := range testpg.TextColumns(t, conn) {
		q := c.Query
		rows, err := conn.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			out = append(append(out, b...), 0)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return out
}

// Moderation reaches what is queued: a webhook call that failed and waits
// for its retry, and the body's email kept, carry the moderated title and
// no longer the anonymised name.
func TestModerationRewritesQueued(t *testing.T) {
	s, svc := newNotifyServer(t, func(_ *handlers.Config, n *notify.Config) { n.MaxAttempts = 5 })
	ctx := context.Background()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) }))
	defer down.Close()
	if _, err := s.store.AddWebhook(ctx, db.Webhook{Name: "GIS", URL: down.URL, Secret: "secret", Active: true}, s.store.Now(), db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	in := grandPlace()
	in["title"], in["name"], in["show_name"] = "Trou devant chez Hortense Vandeputte", "Hortense Vandeputte", true
	id := s.createReport(in)
	r, _ := s.store.PublicReport(ctx, id)
	if err := s.store.SetBodyContact(ctx, r.BodyCode, "travaux@ville.example", "", db.AuditEntry{Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	runWorker(t, svc)
	queued := func() (hook, mail db.Message) {
		ms, err := s.store.Messages(ctx, db.MessageQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			switch {
			case m.Channel == db.ChannelWebhook:
				hook = m
			case m.Recipient == "travaux@ville.example":
				mail = m
			}
		}
		return hook, mail
	}
	hook, mail := queued()
	if hook.Status != db.MessagePending || !strings.Contains(hook.Payload, `"reporter_name":"Hortense Vandeputte"`) || !strings.Contains(mail.Text, "Hortense Vandeputte") {
		t.Fatalf("before moderation: webhook %s %s; email %q", hook.Status, hook.Payload, mail.Subject)
	}
	s.addUser("admin@example.org", "admin")
	b := s.signIn("admin@example.org")
	if w := b.sendJSON("PATCH", "/api/v1/reports/"+itoa(id), `{"title":"Trou dans la chaussée","anonymise":true}`); w.Code != http.StatusOK {
		t.Fatalf("moderate: %d %s", w.Code, w.Body)
	}
	hook, mail = queued()
	for what, text := range map[string]string{"the queued webhook call": hook.Payload, "the body's email": mail.Subject + mail.Text + mail.HTML} {
		if strings.Contains(text, "Hortense") || strings.Contains(text, "Vandeputte") || !strings.Contains(text, "Trou dans la chaussée") {
			t.Errorf("%s after moderation: %s", what, text)
		}
	}
	if strings.Contains(hook.Payload, "reporter_name") || !json.Valid([]byte(hook.Payload)) {
		t.Errorf("the queued payload: %s", hook.Payload)
	}
}
