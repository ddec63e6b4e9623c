package db

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Erasure of a reporter's personal data. Their name, email and phone are
// copied, as they were, into more places than the reporters row: the
// messages sent about the report (a body's copy with their contact, a
// webhook payload with the name they chose to show, a receiver's echo),
// the emails sent to them, their subscriptions, the moderation history
// (a name staff anonymised), audit values, the stored answer to a retried
// creation and the notes of the report's history. Erasure reaches each of
// them in one transaction; secure_delete (db.Open) zeroes what is deleted,
// and a checkpoint afterwards moves it out of the write-ahead log, so that
// the values are gone from the database file's bytes too (TestErasureBytes).

// Erased is what replaces an erased value where text around it stays.
const Erased = "[…]"

// EraseReporter erases the personal data of report reportID's reporter:
// the name, email and phone, the name shown on the report, every copy of
// them the service keeps, the subscriptions and messages of their email
// address, moderation originals and the originals of redacted photos. The
// token stays, so the manage link still works. Erasing twice keeps the
// first time.
func (s *Store) EraseReporter(ctx context.Context, reportID int64, at time.Time) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	defer tx.Rollback()
	var old Reporter
	if err := tx.GetContext(ctx, &old, `SELECT report_id, token_hash, name, email, phone, erased_at FROM reporters WHERE report_id = ?`, reportID); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, notFound(err))
	}
	var rep struct {
		Shown    string `db:"public_name"`
		Category string `db:"category"`
	}
	if err := tx.GetContext(ctx, &rep, `SELECT public_name, category FROM reports WHERE id = ?`, reportID); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, notFound(err))
	}
	if err := eraseReporterTx(ctx, tx, old, rep.Shown, s.publicAnswers(rep.Category), At(at), true); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: erase reporter %d: %w", reportID, err)
	}
	s.afterWrite(ctx)
	s.Checkpoint(ctx)
	return nil
}

// eraseReporterTx is EraseReporter inside tx; shown is the report's public
// name, keep the codes of its category's public questions: the answers to
// every other go too. Retention runs it too, without the address's
// subscriptions (withAddress false): those have their own consent and
// period, and only the messages to the reporter about this report go.
func eraseReporterTx(ctx context.Context, tx *sqlx.Tx, old Reporter, shown string, keep []string, at Time, withAddress bool) error {
	id := old.ReportID
	if err := eraseAnswers(ctx, tx, id, keep); err != nil {
		return err
	}
	// The moderation history may hold names that are no longer anywhere
	// else (a public name staff anonymised).
	var names []string
	if err := tx.SelectContext(ctx, &names, `SELECT original FROM moderation_history WHERE report_id = ? AND field = 'public_name'`, id); err != nil {
		return err
	}
	values := append([]string{old.Email, old.Phone, old.Name, shown}, names...)
	switch {
	case old.Email != "" && withAddress:
		if err := eraseAddress(ctx, tx, old.Email); err != nil {
			return err
		}
	case old.Email != "":
		const mine = `DELETE FROM notify_messages WHERE report_id = ? AND recipient IN (?, lower(?))`
		if _, err := tx.ExecContext(ctx, mine, id, old.Email, old.Email); err != nil {
			return err
		}
	}
	var pairs []replacement
	for _, v := range values {
		pairs = append(pairs, replacement{old: v, new: Erased})
	}
	// The webhook field that carried the shown name goes first, whole.
	if shown != "" {
		pairs = append([]replacement{{old: `,"reporter_name":` + jsonString(shown), new: "", raw: true}}, pairs...)
	}
	if err := rewriteReport(ctx, tx, id, pairs); err != nil {
		return err
	}
	const rep = `UPDATE reporters SET name = '', email = '', phone = '', erased_at = COALESCE(erased_at, ?) WHERE report_id = ?`
	if _, err := tx.ExecContext(ctx, rep, at, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reports SET public_name = '' WHERE id = ? AND public_name <> ''`, id); err != nil {
		return err
	}
	// What moderation replaced may be what had to go: it is the reporter's
	// text, kept for admins, and goes with the rest of their data.
	if _, err := tx.ExecContext(ctx, `UPDATE moderation_history SET original = ? WHERE report_id = ? AND field <> 'photo' AND original <> ''`, Erased, id); err != nil {
		return err
	}
	// A retry of the creation would get the stored answer, which may show
	// the name; after erasure it gets none (the key is simply unknown).
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE report_id = ?`, id); err != nil {
		return err
	}
	return erasePhotoOriginals(ctx, tx, id)
}

// EraseSubscriber erases what the service keeps about an email address
// as a subscriber, at their own request: every subscription of the
// address, whatever its state, and every message to it. It returns how
// many subscriptions went. The audit log counts them without naming the
// address.
func (s *Store) EraseSubscriber(ctx context.Context, email string, at time.Time) (int, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: erase subscriber: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM subscriptions WHERE email = lower(?)`, email); err != nil {
		return 0, fmt.Errorf("db: erase subscriber: %w", err)
	}
	if err := eraseAddress(ctx, tx, email); err != nil {
		return 0, fmt.Errorf("db: erase subscriber: %w", err)
	}
	audit := AuditEntry{Actor: "subscriber", Action: "erase_subscriber", After: map[string]any{"subscriptions": n}, CreatedAt: At(at)}
	if err := s.insertAudit(ctx, tx, audit); err != nil {
		return 0, fmt.Errorf("db: erase subscriber: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("db: erase subscriber: %w", err)
	}
	s.afterWrite(ctx)
	s.Checkpoint(ctx)
	return n, nil
}

// eraseAddress deletes the subscriptions of an email address and every
// message to it: what was sent to the person is theirs.
// Subscriptions keep addresses in lower case (notify.CheckEmail); a
// reporter's is kept as typed.
func eraseAddress(ctx context.Context, tx *sqlx.Tx, email string) error {
	const msgs = `DELETE FROM notify_messages WHERE recipient IN (?1, lower(?1))
		OR subscription_id IN (SELECT id FROM subscriptions WHERE email = lower(?1))`
	if _, err := tx.ExecContext(ctx, msgs, email); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE email = lower(?)`, email)
	return err
}

// replacement replaces old by new in stored text. Unless raw, old and new
// are plain text, replaced in each form the service writes text in: as
// is (text emails, notes), escaped for HTML (html/template) and as a JSON
// string (webhook payloads, audit values).
type replacement struct {
	old, new string
	raw      bool
}

// forms returns the (old, new) pairs to replace, or none when old is too
// short to replace safely inside other text.
func (r replacement) forms() [][2]string {
	if r.raw {
		return [][2]string{{r.old, r.new}}
	}
	if len(strings.TrimSpace(r.old)) < 3 || r.old == r.new {
		return nil
	}
	out := [][2]string{{r.old, r.new}}
	add := func(o, n string) {
		for _, p := range out {
			if p[0] == o {
				return
			}
		}
		out = append(out, [2]string{o, n})
	}
	add(htmlText(r.old), htmlText(r.new))
	add(html.EscapeString(r.old), html.EscapeString(r.new))
	add(jsonText(r.old), jsonText(r.new))
	return out
}

// htmlText escapes s as html/template does in text and attributes.
func htmlText(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "+", "&#43;")
}

// jsonString is s as encoding/json writes it, quotes included.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsonText is s as encoding/json writes it inside a string.
func jsonText(s string) string {
	j := jsonString(s)
	return j[1 : len(j)-1]
}

// rewriteReport applies pairs to every stored copy of a report's text
// outside the report's own title and description: its messages, audit
// values, the notes of its history and its answers.
func rewriteReport(ctx context.Context, tx *sqlx.Tx, id int64, pairs []replacement) error {
	if err := rewriteMessages(ctx, tx, id, pairs); err != nil {
		return err
	}
	const (
		audit   = `UPDATE audit_log SET before = replace(before, ?1, ?2), after = replace(after, ?1, ?2), target = replace(target, ?1, ?2) WHERE report_id = ?3`
		notes   = `UPDATE report_events SET note = replace(note, ?1, ?2) WHERE report_id = ?3 AND instr(note, ?1) > 0`
		answers = `UPDATE reports SET answers = replace(answers, ?1, ?2) WHERE id = ?3 AND instr(answers, ?1) > 0`
	)
	return applyPairs(ctx, tx, id, pairs, audit, notes, answers)
}

// rewriteMessages applies pairs to a report's messages, sent or queued,
// email or webhook, with what a receiver answered, and to the digests that
// quote it (message_reports): moderation and erasure
// change what a retry sends and what the notification pages show.
func rewriteMessages(ctx context.Context, tx *sqlx.Tx, id int64, pairs []replacement) error {
	const msgs = `UPDATE notify_messages SET subject = replace(subject, ?1, ?2), body_text = replace(body_text, ?1, ?2),
		body_html = replace(body_html, ?1, ?2), headers = replace(headers, ?1, ?2), payload = replace(payload, ?1, ?2),
		response_excerpt = replace(response_excerpt, ?1, ?2), last_error = replace(last_error, ?1, ?2)
		WHERE report_id = ?3 OR id IN (SELECT message_id FROM message_reports WHERE report_id = ?3)`
	return applyPairs(ctx, tx, id, pairs, msgs)
}

// applyPairs runs each query (?1 old, ?2 new, ?3 the report) for each form
// of each pair.
func applyPairs(ctx context.Context, tx *sqlx.Tx, id int64, pairs []replacement, queries ...string) error {
	for _, p := range pairs {
		for _, f := range p.forms() {
			for _, q := range queries {
				if _, err := tx.ExecContext(ctx, q, f[0], f[1], id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Checkpoint copies the write-ahead log into the database file and
// truncates it, so that what an erasure or a retention run overwrote is
// no longer in the log's bytes. It gives up quietly while readers hold
// old pages; the next checkpoint (SQLite's own, or the next run) does it.
func (s *Store) Checkpoint(ctx context.Context) {
	if s.dialect.name != "sqlite" {
		return
	}
	_, _ = s.writeExec(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
}

// publicAnswers returns the codes of a category's questions whose answers
// are public: erasure keeps those and nothing else.
func (s *Store) publicAnswers(category string) []string {
	var out []string
	if c, ok := s.Catalog().Category(category); ok {
		for _, q := range c.Questions {
			if !q.Private {
				out = append(out, q.Code)
			}
		}
	}
	return out
}

// eraseAnswers deletes a report's answers but those to the category's
// public questions (keep): the private ones are the reporter's personal
// data (a licence plate, a name in free text), and so may be an answer to
// a question no longer asked (removed or renamed), which nothing can tell
// was public.
func eraseAnswers(ctx context.Context, tx *sqlx.Tx, id int64, keep []string) error {
	var stored string
	if err := tx.GetContext(ctx, &stored, `SELECT answers FROM reports WHERE id = ?`, id); err != nil {
		return err
	}
	answers := map[string]json.RawMessage{}
	if json.Unmarshal([]byte(stored), &answers) != nil {
		return nil
	}
	n := len(answers)
	for code := range answers {
		if !slices.Contains(keep, code) {
			delete(answers, code)
		}
	}
	if len(answers) == n {
		return nil
	}
	b, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET answers = ? WHERE id = ?`, string(b), id)
	return err
}
