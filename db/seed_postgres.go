package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// seedSQL writes one demo report with its reporter, its history and its
// supports, in one statement. It is pgx's own SQL ($N placeholders): Seed
// sends a whole batch of them to PostgreSQL in one round trip.
const seedSQL = `WITH r AS (` + insertReportSQL + `
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, DEFAULT) RETURNING id),
	rp AS (INSERT INTO reporters (report_id, token_hash, name, email, phone, contact_consent)
		SELECT id, $24, $25, $26, $27, $28 FROM r),
	ev AS (INSERT INTO report_events (report_id, kind, actor, from_status, to_status, note, public, created_at)
		SELECT r.id, e.kind, e.actor, e.from_status, e.to_status, e.note, e.public, e.created_at
		FROM r, unnest($29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::boolean[], $35::bigint[])
			WITH ORDINALITY AS e (kind, actor, from_status, to_status, note, public, created_at, n)
		ORDER BY e.n),
	sp AS (INSERT INTO supports (report_id, supporter, created_at)
		SELECT r.id, 'seed:' || r.id || ':' || k, $16 FROM r, generate_series(0, $36::int - 1) AS k)
	SELECT id FROM r`

// seedPostgres is Seed on PostgreSQL. Statement by statement (six or so a
// report, each a round trip), seeding ran at about 100 to 200 reports a
// second, which put a million-report database out of reach; pipelined,
// the server's own work is what remains.
func (s *Store) seedPostgres(ctx context.Context, reports []SeedReport) ([]int64, error) {
	conn, err := s.writer(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: seed: %w", err)
	}
	defer conn.Close()
	ids := make([]int64, len(reports))
	err = conn.Raw(func(dc any) error {
		tx, err := dc.(*rebindConn).Conn.Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		if _, err := tx.Exec(ctx, s.dialect.writeLock); err != nil {
			return err
		}
		var b pgx.Batch
		for i := range reports {
			sr := &reports[i]
			r, rep := &sr.Report, &sr.Reporter
			s.fillAddress(r)
			n := len(sr.Events)
			kinds, actors, froms, tos, notes := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			public, at := make([]bool, n), make([]int64, n)
			for j, e := range sr.Events {
				kinds[j], actors[j], froms[j], tos[j], notes[j], public[j], at[j] = e.Kind, e.Actor, e.FromStatus, e.ToStatus, e.Note, e.Public, e.CreatedAt.UnixMilli()
			}
			b.Queue(seedSQL, append(reportArgs(r),
				rep.TokenHash, rep.Name, rep.Email, rep.Phone, rep.ContactConsent,
				kinds, actors, froms, tos, notes, public, at, sr.Supporters)...)
		}
		br := tx.SendBatch(ctx, &b)
		for i := range reports {
			if err := br.QueryRow().Scan(&ids[i]); err != nil {
				br.Close()
				return fmt.Errorf("report %d: %w", i, err)
			}
		}
		if err := br.Close(); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("db: seed: %w", err)
	}
	for i := range reports {
		reports[i].Report.ID = ids[i]
		reports[i].Reporter.ReportID = ids[i]
		for j := range reports[i].Events {
			reports[i].Events[j].ReportID = ids[i]
		}
	}
	s.afterWrite(ctx)
	return ids, nil
}
