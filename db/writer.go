package db

import (
	"context"

	"github.com/jmoiron/sqlx"
)

// reportWriter holds the prepared statements that write a report and what
// belongs to it, so a batch of reports compiles its SQL once.
type reportWriter struct {
	reportStmt, reporterStmt, pointStmt, eventStmt, supportStmt, outboxStmt *sqlx.Stmt
	// createStmt, where the dialect has one (createSQL), writes a report,
	// its reporter, its first event and its outbox row in one statement.
	createStmt *sqlx.Stmt
}

// createSQL is PostgreSQL's report creation in one statement. Each
// statement is a round trip to the server, made while the transaction
// holds the write lock that every instance waits on (beginWrite): four
// became one. On loopback that changed little (cmd/benchmark -pg, 5,000
// reports: one instance 1,104 then 1,376 reports/s, two 665 then 767),
// as the server's own work per report (about 0.4 ms: fourteen indexes,
// four foreign keys) dominates; across a network each round trip saved
// is held lock time saved. The parameters are those of the separate
// statements, in their order.
const createSQL = `WITH r AS (` + insertReportSQL + `
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, DEFAULT) RETURNING id),
	rp AS (INSERT INTO reporters (report_id, token_hash, name, email, phone, contact_consent)
		VALUES ((SELECT id FROM r), ?, ?, ?, ?, ?)),
	ev AS (INSERT INTO report_events (report_id, kind, actor, from_status, to_status, note, public, created_at)
		VALUES ((SELECT id FROM r), ?, ?, ?, ?, ?, ?, ?)),
	ob AS (INSERT INTO notify_outbox (kind, report_id, event_id, created_at) VALUES (?, (SELECT id FROM r), NULL, ?))
	SELECT id FROM r`

// insertReportSQL begins a report's insert: its columns in the order of
// the parameters that createSQL, prepareReportWriter and seedSQL pass,
// then rev, whose value is the dialect's {new_rev}. On SQLite that is the
// next revision, named in the insert: a trigger that set it by updating
// the new row cost 6.7 % of SQLite's instructions per report (migration
// 0150).
// PostgreSQL's trigger draws it from a sequence, so its inserts say DEFAULT.
const insertReportSQL = `INSERT INTO reports (category, theme, status, title, description, lon, lat, area_code,
		body_code, answers, locale, public_name, support_count, photo_count, duplicate_of,
		created_at, updated_at, acknowledged_at, fixed_at, closed_at, address_en, address_fr, address_nl, rev)`

// reportArgs are r's values for insertReportSQL's columns, in their order.
func reportArgs(r *Report) []any {
	return []any{r.Category, r.Theme, r.Status, r.Title, r.Description,
		r.Lon, r.Lat, r.AreaCode, r.BodyCode, r.Answers, r.Locale, r.PublicName, r.SupportCount,
		r.PhotoCount, r.DuplicateOf, r.CreatedAt, r.UpdatedAt, r.AcknowledgedAt, r.FixedAt, r.ClosedAt,
		r.Address.EN, r.Address.FR, r.Address.NL}
}

// insertPointSQL is the dialect-specific statement that indexes a report's
// point; SQLite's R*Tree wants a degenerate box.
const insertPointSQL = `INSERT INTO report_points (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)`

// preparer is a *sqlx.DB or a *sqlx.Tx.
type preparer interface {
	PreparexContext(ctx context.Context, query string) (*sqlx.Stmt, error)
}

func prepareReportWriter(ctx context.Context, tx preparer, d *dialect) (*reportWriter, error) {
	report := d.sql(insertReportSQL + `
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {new_rev}) RETURNING id`)
	const reporter = `INSERT INTO reporters (report_id, token_hash, name, email, phone, contact_consent) VALUES (?, ?, ?, ?, ?, ?)`
	const event = `INSERT INTO report_events (report_id, kind, actor, from_status, to_status, note, public, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	const support = `INSERT INTO supports (report_id, supporter, created_at) VALUES (?, ?, ?)`
	const outbox = insertOutboxSQL
	w := &reportWriter{}
	for _, p := range []struct {
		stmt **sqlx.Stmt
		sql  string
	}{{&w.reportStmt, report}, {&w.reporterStmt, reporter}, {&w.pointStmt, d.pointSQL}, {&w.eventStmt, event}, {&w.supportStmt, support},
		{&w.outboxStmt, outbox}, {&w.createStmt, d.createSQL}} {
		if p.sql == "" {
			continue
		}
		st, err := tx.PreparexContext(ctx, p.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*p.stmt = st
	}
	return w, nil
}

// in binds statements prepared on the writer connection to a transaction on
// it, reusing the compiled statements instead of preparing them again.
func (w *reportWriter) in(ctx context.Context, tx *sqlx.Tx) *reportWriter {
	return &reportWriter{
		reportStmt:   tx.StmtxContext(ctx, w.reportStmt),
		reporterStmt: tx.StmtxContext(ctx, w.reporterStmt),
		pointStmt:    stmtIn(ctx, tx, w.pointStmt),
		eventStmt:    tx.StmtxContext(ctx, w.eventStmt),
		supportStmt:  tx.StmtxContext(ctx, w.supportStmt),
		outboxStmt:   tx.StmtxContext(ctx, w.outboxStmt),
		createStmt:   stmtIn(ctx, tx, w.createStmt),
	}
}

func stmtIn(ctx context.Context, tx *sqlx.Tx, st *sqlx.Stmt) *sqlx.Stmt {
	if st == nil {
		return nil
	}
	return tx.StmtxContext(ctx, st)
}

func (w *reportWriter) close() {
	for _, st := range []*sqlx.Stmt{w.reportStmt, w.reporterStmt, w.pointStmt, w.eventStmt, w.supportStmt, w.outboxStmt, w.createStmt} {
		if st != nil {
			st.Close()
		}
	}
}

// insert writes the report, its reporter and its point, and sets r.ID.
func (w *reportWriter) insert(ctx context.Context, r *Report, rep *Reporter) (int64, error) {
	err := w.reportStmt.QueryRowxContext(ctx, reportArgs(r)...).Scan(&r.ID)
	if err != nil {
		return 0, err
	}
	rep.ReportID = r.ID
	if _, err := w.reporterStmt.ExecContext(ctx, r.ID, rep.TokenHash, rep.Name, rep.Email, rep.Phone, rep.ContactConsent); err != nil {
		return 0, err
	}
	if w.pointStmt != nil {
		if _, err := w.pointStmt.ExecContext(ctx, r.ID, r.Lon, r.Lon, r.Lat, r.Lat); err != nil {
			return 0, err
		}
	}
	return r.ID, nil
}

// create writes what insert, event and outbox write for a new report, in
// one statement where the dialect has it (createSQL); it sets r.ID and
// ev.ReportID.
func (w *reportWriter) create(ctx context.Context, r *Report, rep *Reporter, ev *Event) error {
	if w.createStmt == nil {
		id, err := w.insert(ctx, r, rep)
		if err != nil {
			return err
		}
		ev.ReportID = id
		if err := w.event(ctx, ev); err != nil {
			return err
		}
		return w.outbox(ctx, id, r.CreatedAt)
	}
	err := w.createStmt.QueryRowxContext(ctx, append(reportArgs(r),
		rep.TokenHash, rep.Name, rep.Email, rep.Phone, rep.ContactConsent,
		ev.Kind, ev.Actor, ev.FromStatus, ev.ToStatus, ev.Note, ev.Public, ev.CreatedAt,
		OutboxCreated, r.CreatedAt)...).Scan(&r.ID)
	if err != nil {
		return err
	}
	rep.ReportID, ev.ReportID = r.ID, r.ID
	return nil
}

func (w *reportWriter) event(ctx context.Context, e *Event) error {
	_, err := w.eventStmt.ExecContext(ctx, e.ReportID, e.Kind, e.Actor, e.FromStatus, e.ToStatus, e.Note, e.Public, e.CreatedAt)
	return err
}

// outbox queues the notifications of a report's creation: one row, however
// many recipients there are; the worker fans it out after the commit.
func (w *reportWriter) outbox(ctx context.Context, reportID int64, at Time) error {
	_, err := w.outboxStmt.ExecContext(ctx, OutboxCreated, reportID, nil, at)
	return err
}
