package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"streetfix/report"
)

// Questionnaires ask a reporter, once, some time after their report was
// acknowledged and while it is still open, whether it has been fixed. The
// notification worker asks (AskQuestionnaire, with the email in the same
// transaction); the answer, through a signed link, becomes an event of the
// report's public history and may fix or reopen it (AnswerQuestionnaire).

// Errors of a questionnaire link that can no longer be answered.
var (
	ErrAnswered = errors.New("the questionnaire was answered already")
	ErrExpired  = errors.New("the questionnaire has expired")
)

// Questionnaire is one question asked.
type Questionnaire struct {
	ID         int64          `db:"id"`
	ReportID   int64          `db:"report_id"`
	SentAt     Time           `db:"sent_at"`
	ExpiresAt  Time           `db:"expires_at"`
	Answer     sql.NullString `db:"answer"`
	AnsweredAt Time           `db:"answered_at"`
	EventID    sql.NullInt64  `db:"event_id"`
}

const questionnaireColumns = `id, report_id, sent_at, expires_at, answer, answered_at, event_id`

// QuestionnaireDue is a report whose reporter is to be asked.
type QuestionnaireDue struct {
	Report   Report
	Reporter Reporter
}

// dueQuestionnaireSQL finds the open reports acknowledged between two
// times whose reporter can be written to and was never asked about them.
const dueQuestionnaireSQL = ` FROM reports r JOIN reporters p ON p.report_id = r.id
	WHERE r.acknowledged_at > ? AND r.acknowledged_at <= ?
	AND r.status IN ('new', 'acknowledged', 'in_progress', 'scheduled')
	AND p.email <> '' AND p.notify_off = FALSE AND p.erased_at IS NULL
	AND NOT EXISTS (SELECT 1 FROM questionnaires q WHERE q.report_id = r.id)`

// QuestionnaireWindow is how late a question may still be asked: a report
// acknowledged longer than this before it became due is never asked about,
// so that a new deployment (or a worker stopped for weeks) does not write
// to everyone about old reports at once.
const QuestionnaireWindow = 14 * 24 * time.Hour

// dueWindow is the range of acknowledgement times due now.
func dueWindow(now time.Time, after time.Duration) (Time, Time) {
	hi := now.Add(-after)
	return At(hi.Add(-QuestionnaireWindow)), At(hi)
}

// DueQuestionnaires returns up to limit reports whose reporter is to be
// asked now: acknowledged after ago (within QuestionnaireWindow), still
// open, and never asked about.
func (s *Store) DueQuestionnaires(ctx context.Context, now time.Time, after time.Duration, limit int) ([]QuestionnaireDue, error) {
	lo, hi := dueWindow(now, after)
	var ids []int64
	q := `SELECT r.id` + dueQuestionnaireSQL + ` ORDER BY r.acknowledged_at, r.id LIMIT ?`
	if err := s.read.SelectContext(ctx, &ids, q, lo, hi, limit); err != nil {
		return nil, fmt.Errorf("db: due questionnaires: %w", err)
	}
	out := make([]QuestionnaireDue, 0, len(ids))
	for _, id := range ids {
		var d QuestionnaireDue
		if err := s.read.GetContext(ctx, &d.Report, `SELECT `+reportColumns+` FROM reports WHERE id = ?`, id); err != nil {
			return nil, fmt.Errorf("db: due questionnaire of report %d: %w", id, err)
		}
		const rep = `SELECT report_id, token_hash, name, email, phone, erased_at, contact_consent, notify_off FROM reporters WHERE report_id = ?`
		if err := s.read.GetContext(ctx, &d.Reporter, rep, id); err != nil {
			return nil, fmt.Errorf("db: due questionnaire of report %d: %w", id, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// QuestionFunc makes the email of a questionnaire, once its id is known.
type QuestionFunc func(q Questionnaire) (NewMessage, error)

// AskQuestionnaire records a question about the report and queues its
// email in one transaction, if the report is still due (another worker
// may have asked meanwhile); it reports whether it asked.
func (s *Store) AskQuestionnaire(ctx context.Context, reportID int64, now time.Time, after, ttl time.Duration, email QuestionFunc) (bool, error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return false, fmt.Errorf("db: ask questionnaire of report %d: %w", reportID, err)
	}
	defer tx.Rollback()
	lo, hi := dueWindow(now, after)
	q := Questionnaire{ReportID: reportID, SentAt: At(now), ExpiresAt: At(now.Add(ttl))}
	ins := `INSERT INTO questionnaires (report_id, sent_at, expires_at) SELECT r.id, ?, ?` + dueQuestionnaireSQL +
		` AND r.id = ? RETURNING id`
	err = tx.QueryRowxContext(ctx, ins, q.SentAt, q.ExpiresAt, lo, hi, reportID).Scan(&q.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("db: ask questionnaire of report %d: %w", reportID, err)
	}
	m, err := email(q)
	if err != nil {
		return false, err
	}
	if _, err := insertMessage(ctx, tx, &m); err != nil {
		return false, fmt.Errorf("db: ask questionnaire of report %d: %w", reportID, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("db: ask questionnaire of report %d: %w", reportID, err)
	}
	return true, nil
}

// Questionnaire returns one question asked.
func (s *Store) Questionnaire(ctx context.Context, id int64) (Questionnaire, error) {
	var q Questionnaire
	if err := s.read.GetContext(ctx, &q, `SELECT `+questionnaireColumns+` FROM questionnaires WHERE id = ?`, id); err != nil {
		return q, fmt.Errorf("db: questionnaire %d: %w", id, notFound(err))
	}
	return q, nil
}

// Questionnaires returns the questions asked about a report, oldest first.
func (s *Store) Questionnaires(ctx context.Context, reportID int64) ([]Questionnaire, error) {
	var out []Questionnaire
	q := `SELECT ` + questionnaireColumns + ` FROM questionnaires WHERE report_id = ? ORDER BY id`
	if err := s.read.SelectContext(ctx, &out, q, reportID); err != nil {
		return nil, fmt.Errorf("db: questionnaires of report %d: %w", reportID, err)
	}
	return out, nil
}

// AnswerQuestionnaire records the reporter's answer with its public event,
// in one transaction: note is the event's text, and the report moves as
// report.AnswerStatus says. An answered question is ErrAnswered, an
// expired one ErrExpired; either changes nothing.
func (s *Store) AnswerQuestionnaire(ctx context.Context, id int64, answer, note string, now time.Time) (Report, error) {
	if !report.IsAnswer(answer) {
		return Report{}, fmt.Errorf("db: questionnaire %d: %w", id, invalid("answer must be fixed or not_fixed"))
	}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, err)
	}
	defer tx.Rollback()
	var q Questionnaire
	if err := tx.GetContext(ctx, &q, `SELECT `+questionnaireColumns+` FROM questionnaires WHERE id = ?`, id); err != nil {
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, notFound(err))
	}
	switch {
	case q.Answer.Valid:
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, ErrAnswered)
	case !now.Before(q.ExpiresAt.Time):
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, ErrExpired)
	}
	var status string
	if err := tx.GetContext(ctx, &status, `SELECT status FROM reports WHERE id = ?`, q.ReportID); err != nil {
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, notFound(err))
	}
	r, ev, err := s.changeStatus(ctx, tx, StatusChange{ReportID: q.ReportID, To: report.AnswerStatus(status, answer), Note: note,
		Public: true, Actor: ActorReporter, At: now})
	if err != nil {
		return Report{}, err
	}
	const upd = `UPDATE questionnaires SET answer = ?, answered_at = ?, event_id = ? WHERE id = ? AND answer IS NULL`
	if _, err := tx.ExecContext(ctx, upd, answer, At(now), ev.ID, id); err != nil {
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return Report{}, fmt.Errorf("db: answer questionnaire %d: %w", id, err)
	}
	s.afterWrite(ctx)
	return r, nil
}

// QuestionnaireCounts is what became of the questions asked.
type QuestionnaireCounts struct {
	Asked    int `db:"asked"`
	Fixed    int `db:"fixed"`     // answered: fixed
	NotFixed int `db:"not_fixed"` // answered: not fixed
	Waiting  int `db:"waiting"`   // not answered, still open
	Expired  int `db:"expired"`   // not answered in time
}

// CountQuestionnaires counts the questions asked, by outcome, as of now.
func (s *Store) CountQuestionnaires(ctx context.Context, now time.Time) (QuestionnaireCounts, error) {
	var c QuestionnaireCounts
	const q = `SELECT count(*) AS asked,
		coalesce(sum(CASE WHEN answer = 'fixed' THEN 1 ELSE 0 END), 0) AS fixed,
		coalesce(sum(CASE WHEN answer = 'not_fixed' THEN 1 ELSE 0 END), 0) AS not_fixed,
		coalesce(sum(CASE WHEN answer IS NULL AND expires_at > ? THEN 1 ELSE 0 END), 0) AS waiting,
		coalesce(sum(CASE WHEN answer IS NULL AND expires_at <= ? THEN 1 ELSE 0 END), 0) AS expired
		FROM questionnaires`
	n := At(now)
	if err := s.read.GetContext(ctx, &c, q, n, n); err != nil {
		return c, fmt.Errorf("db: count questionnaires: %w", err)
	}
	return c, nil
}
