package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"streetfix/city"
	"streetfix/report"
)

// Report is a stored report: public fields only. The reporter's private data
// is a Reporter, kept in another table.
type Report struct {
	ID             int64         `db:"id"`
	Category       string        `db:"category"`
	Theme          string        `db:"theme"`
	Status         string        `db:"status"`
	Title          string        `db:"title"`
	Description    string        `db:"description"`
	Lon            float64       `db:"lon"`
	Lat            float64       `db:"lat"`
	AreaCode       string        `db:"area_code"`
	BodyCode       string        `db:"body_code"`
	Answers        string        `db:"answers"` // JSON object of question code to answer
	Locale         string        `db:"locale"`
	PublicName     string        `db:"public_name"` // the reporter's name, only when they chose to show it
	SupportCount   int           `db:"support_count"`
	PhotoCount     int           `db:"photo_count"`
	DuplicateOf    sql.NullInt64 `db:"duplicate_of"`
	CreatedAt      Time          `db:"created_at"`
	UpdatedAt      Time          `db:"updated_at"`
	AcknowledgedAt Time          `db:"acknowledged_at"`
	FixedAt        Time          `db:"fixed_at"`
	ClosedAt       Time          `db:"closed_at"`
	Priority       int           `db:"priority"` // staff's triage priority: 0 normal, 1 high, 2 urgent
	// AssigneeID is the staff member the report is assigned to: staff
	// information, which no public type carries.
	AssigneeID sql.NullInt64 `db:"assignee_id"`
	// EnteredBy is the staff member who entered the report for a citizen
	// (by phone or at the counter: EntryChannel); staff information too.
	EnteredBy    sql.NullInt64 `db:"entered_by"`
	EntryChannel string        `db:"entry_channel"`
	// Address is where the report is, in words: the nearest street or the
	// municipality (Catalog.Address), or what an integration sent.
	Address city.Names `db:"address"`
}

// Reporter is the private side of a report: never serialised publicly.
type Reporter struct {
	ReportID  int64  `db:"report_id"`
	TokenHash string `db:"token_hash"`
	Name      string `db:"name"`
	Email     string `db:"email"`
	Phone     string `db:"phone"`
	ErasedAt  Time   `db:"erased_at"`
	// ContactConsent lets the responsible body see Name, Email and Phone.
	ContactConsent bool `db:"contact_consent"`
	// NotifyOff is set when the reporter unsubscribed from their report's emails.
	NotifyOff bool `db:"notify_off"`
}

// Event kinds and actors of a report's history.
const (
	EventCreated = "created"
	EventStatus  = "status"
	EventNote    = "note"

	ActorReporter = report.ActorReporter
	ActorStaff    = report.ActorStaff
	ActorSystem   = report.ActorSystem
)

// Event is one entry in a report's history.
type Event struct {
	ID         int64  `db:"id"`
	ReportID   int64  `db:"report_id"`
	Kind       string `db:"kind"`
	Actor      string `db:"actor"`
	FromStatus string `db:"from_status"`
	ToStatus   string `db:"to_status"`
	Note       string `db:"note"`
	Public     bool   `db:"public"`
	CreatedAt  Time   `db:"created_at"`
}

const reportColumns = `id, category, theme, status, title, description, lon, lat, area_code,
	body_code, answers, locale, public_name, support_count, photo_count, duplicate_of,
	created_at, updated_at, acknowledged_at, fixed_at, closed_at, priority, assignee_id, entered_by, entry_channel,
	address_en AS "address.en", address_fr AS "address.fr", address_nl AS "address.nl"`

// Report returns the report with the given id, hidden ones included; the
// caller decides who may see a hidden report.
func (s *Store) Report(ctx context.Context, id int64) (Report, error) {
	var r Report
	st, err := s.stmt(ctx, `SELECT `+reportColumns+` FROM reports WHERE id = ?`)
	if err == nil {
		err = st.GetContext(ctx, &r, id)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("db: report %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("db: report %d: %w", id, err)
	}
	return r, nil
}

// PublicReport returns the report unless it is hidden, which it reports as
// not found: the public must not learn that a hidden report exists.
func (s *Store) PublicReport(ctx context.Context, id int64) (Report, error) {
	r, err := s.Report(ctx, id)
	if err == nil && r.Status == report.StatusHidden {
		return Report{}, fmt.Errorf("db: report %d: %w", id, ErrNotFound)
	}
	return r, err
}

// ReportsByID returns the public reports with the given ids, in id order;
// hidden ones are left out whatever the caller's index said.
func (s *Store) ReportsByID(ctx context.Context, ids []int64) ([]Report, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := `SELECT ` + reportColumns + ` FROM reports WHERE id IN (` + inClause(len(ids)) + `) AND status <> 'hidden' ORDER BY id`
	var out []Report
	if err := s.read.SelectContext(ctx, &out, q, idArgs(ids)...); err != nil {
		return nil, fmt.Errorf("db: reports by id: %w", err)
	}
	return out, nil
}

// Events returns a report's history, oldest first; private notes only when
// withPrivate is set.
func (s *Store) Events(ctx context.Context, reportID int64, withPrivate bool) ([]Event, error) {
	const q = `SELECT id, report_id, kind, actor, from_status, to_status, note, public, created_at
		FROM report_events WHERE report_id = ? AND (public = TRUE OR ?) ORDER BY id`
	var out []Event
	st, err := s.stmt(ctx, q)
	if err == nil {
		err = st.SelectContext(ctx, &out, reportID, withPrivate)
	}
	if err != nil {
		return nil, fmt.Errorf("db: events of report %d: %w", reportID, err)
	}
	return out, nil
}
