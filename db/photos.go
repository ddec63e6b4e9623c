package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Photo variants.
const (
	VariantLarge = "large"
	VariantThumb = "thumb"
)

// NewPhoto is a processed photo ready to store.
type NewPhoto struct {
	ID                      string // random, unguessable: it appears in public URLs
	Width, Height           int
	ThumbWidth, ThumbHeight int
	Large, Thumb            []byte
}

// Photo is a stored photo's description.
type Photo struct {
	ID          string `db:"id"`
	ReportID    int64  `db:"report_id"`
	Position    int    `db:"position"`
	Width       int    `db:"width"`
	Height      int    `db:"height"`
	ThumbWidth  int    `db:"thumb_width"`
	ThumbHeight int    `db:"thumb_height"`
	Hidden      bool   `db:"hidden"`
	CreatedAt   Time   `db:"created_at"`
}

func insertPhoto(ctx context.Context, tx *sqlx.Tx, reportID int64, pos int, p *NewPhoto, at Time) error {
	const photo = `INSERT INTO photos (id, report_id, position, width, height, thumb_width, thumb_height, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	if _, err := tx.ExecContext(ctx, photo, p.ID, reportID, pos, p.Width, p.Height, p.ThumbWidth, p.ThumbHeight, at); err != nil {
		return fmt.Errorf("photo %s: %w", p.ID, err)
	}
	const data = `INSERT INTO photo_data (photo_id, variant, data) VALUES (?, ?, ?)`
	for _, v := range []struct {
		name string
		b    []byte
	}{{VariantLarge, p.Large}, {VariantThumb, p.Thumb}} {
		if _, err := tx.ExecContext(ctx, data, p.ID, v.name, v.b); err != nil {
			return fmt.Errorf("photo %s %s: %w", p.ID, v.name, err)
		}
	}
	return nil
}

// Photos returns a report's photos in upload order, hidden ones only when asked.
func (s *Store) Photos(ctx context.Context, reportID int64, withHidden bool) ([]Photo, error) {
	const q = `SELECT id, report_id, position, width, height, thumb_width, thumb_height, hidden, created_at
		FROM photos WHERE report_id = ? AND (hidden = FALSE OR ?) ORDER BY position`
	var out []Photo
	st, err := s.stmt(ctx, q)
	if err == nil {
		err = st.SelectContext(ctx, &out, reportID, withHidden)
	}
	if err != nil {
		return nil, fmt.Errorf("db: photos of report %d: %w", reportID, err)
	}
	return out, nil
}

// PhotoData returns the bytes of a public photo variant: not hidden, and of
// a report that is not hidden.
func (s *Store) PhotoData(ctx context.Context, id, variant string) ([]byte, error) {
	const q = `SELECT d.data FROM photo_data d
		JOIN photos p ON p.id = d.photo_id
		JOIN reports r ON r.id = p.report_id
		WHERE d.photo_id = ? AND d.variant = ? AND p.hidden = FALSE AND r.status <> 'hidden'`
	var b []byte
	err := s.read.GetContext(ctx, &b, q, id, variant)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("db: photo %s %s: %w", id, variant, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("db: photo %s %s: %w", id, variant, err)
	}
	return b, nil
}

// AnyPhotoData returns a photo variant whatever its moderation, with the
// body of its report, for staff who may see that body.
func (s *Store) AnyPhotoData(ctx context.Context, id, variant string) ([]byte, string, error) {
	const q = `SELECT d.data, r.body_code FROM photo_data d
		JOIN photos p ON p.id = d.photo_id
		JOIN reports r ON r.id = p.report_id
		WHERE d.photo_id = ? AND d.variant = ?`
	var row struct {
		Data []byte `db:"data"`
		Body string `db:"body_code"`
	}
	err := s.read.GetContext(ctx, &row, q, id, variant)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("db: photo %s %s: %w", id, variant, ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("db: photo %s %s: %w", id, variant, err)
	}
	return row.Data, row.Body, nil
}
