package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Photo redaction: staff blur part of a photo (a face, a number plate). The
// redacted photo takes a new id, so its old public address (cached by
// browsers under an ETag that never changes) stops serving the original;
// the original goes to photo_originals, which only admins read and which
// is erased with the reporter's data.

// RedactPhoto replaces photo photoID of report id by red, the same photo
// with areas blurred (red.ID is its new id). The photo keeps its place and
// its hidden flag. The first original is kept: a photo redacted twice
// still has the photo as it was uploaded behind it.
func (s *Store) RedactPhoto(ctx context.Context, id int64, photoID string, red NewPhoto, areas any, audit AuditEntry) (Report, error) {
	audit.Action, audit.Target = "redact_photo", "photo:"+photoID
	return s.reportTx(ctx, id, audit, func(tx *sqlx.Tx, r *Report, a *AuditEntry) error {
		var old Photo
		const q = `SELECT id, report_id, position, width, height, thumb_width, thumb_height, hidden, created_at FROM photos WHERE id = ? AND report_id = ?`
		if err := tx.GetContext(ctx, &old, q, photoID, id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return refuse("refusal.no_photo", fmt.Sprintf("report %d has no photo %s: it may have been changed meanwhile; reload the page", id, photoID))
			}
			return err
		}
		var data []byte
		if err := tx.GetContext(ctx, &data, `SELECT data FROM photo_data WHERE photo_id = ? AND variant = ?`, photoID, VariantLarge); err != nil {
			return err
		}
		if err := insertPhoto(ctx, tx, id, old.Position, &red, old.CreatedAt); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE photos SET hidden = ? WHERE id = ?`, old.Hidden, red.ID); err != nil {
			return err
		}
		now := At(s.now())
		res, err := tx.ExecContext(ctx, `UPDATE photo_originals SET photo_id = ? WHERE photo_id = ?`, red.ID, photoID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			const ins = `INSERT INTO photo_originals (photo_id, report_id, original_id, width, height, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
			if _, err := tx.ExecContext(ctx, ins, red.ID, id, photoID, old.Width, old.Height, data, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM photos WHERE id = ?`, photoID); err != nil {
			return err
		}
		if err := addModeration(ctx, tx, Moderation{ReportID: id, Field: "photo", Original: photoID, Replaced: "redacted: " + red.ID, UserID: a.UserID, CreatedAt: now}); err != nil {
			return err
		}
		a.Before, a.After = map[string]any{"photo": photoID}, map[string]any{"photo": red.ID, "areas": areas}
		return touch(ctx, tx, r, now)
	})
}

// PhotoOriginal is the photo as it was before its first redaction.
type PhotoOriginal struct {
	PhotoID    string `db:"photo_id"`
	ReportID   int64  `db:"report_id"`
	OriginalID string `db:"original_id"`
	Width      int    `db:"width"`
	Height     int    `db:"height"`
	Data       []byte `db:"data"`
	CreatedAt  Time   `db:"created_at"`
	BodyCode   string `db:"body_code"`
}

// PhotoOriginal returns the original behind redacted photo photoID, with
// its report's body; callers check that the reader may see originals.
func (s *Store) PhotoOriginal(ctx context.Context, photoID string) (PhotoOriginal, error) {
	var o PhotoOriginal
	const q = `SELECT o.photo_id, o.report_id, o.original_id, o.width, o.height, o.data, o.created_at, r.body_code
		FROM photo_originals o JOIN reports r ON r.id = o.report_id WHERE o.photo_id = ?`
	if err := s.read.GetContext(ctx, &o, q, photoID); err != nil {
		return o, fmt.Errorf("db: original of photo %s: %w", photoID, notFound(err))
	}
	return o, nil
}

// RedactedPhotos returns the ids of a report's photos that have an original
// behind them.
func (s *Store) RedactedPhotos(ctx context.Context, reportID int64) (map[string]bool, error) {
	var ids []string
	if err := s.read.SelectContext(ctx, &ids, `SELECT photo_id FROM photo_originals WHERE report_id = ?`, reportID); err != nil {
		return nil, fmt.Errorf("db: redacted photos of report %d: %w", reportID, err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// erasePhotoOriginals deletes the originals of a report's redacted photos,
// in the transaction that erases the reporter's data: what was blurred
// (a face, a number plate) is personal data like their name.
func erasePhotoOriginals(ctx context.Context, tx *sqlx.Tx, reportID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM photo_originals WHERE report_id = ?`, reportID)
	return err
}
