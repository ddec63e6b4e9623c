package db

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Time is an instant stored as Unix milliseconds: integers sort and compare
// the same way in SQLite and PostgreSQL. The zero Time is stored as NULL.
type Time struct{ time.Time }

// At wraps t, dropping precision below a millisecond.
func At(t time.Time) Time { return Time{time.UnixMilli(t.UnixMilli()).UTC()} }

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UnixMilli(), nil
}

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		t.Time = time.Time{}
	case int64:
		t.Time = time.UnixMilli(x).UTC()
	case float64:
		t.Time = time.UnixMilli(int64(x)).UTC()
	default:
		return fmt.Errorf("db: cannot scan %T into Time", v)
	}
	return nil
}
