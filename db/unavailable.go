package db

import (
	"errors"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// BusyTimeout bounds how long a write waits for the database when another
// process holds its write lock (SQLite's busy timeout), and how long a new
// report waits for its turn at the writer. A write that waited that long
// fails with ErrBusy, so that a request answers "try again" within a few
// of these however long the lock is held, rather than hanging with it.
const BusyTimeout = 5 * time.Second

// The database cannot take writes for now; both are worth retrying later
// and neither is the client's fault.
var (
	// ErrBusy: another process holds the database's write lock, or the
	// writer is stuck behind it.
	ErrBusy = errors.New("db: database busy")
	// ErrFull: the disk under the database is full.
	ErrFull = errors.New("db: disk full")
)

// IsBusy reports whether err means the database was locked past BusyTimeout.
func IsBusy(err error) bool { return errors.Is(err, ErrBusy) || engineCode(err) == ErrBusy }

// IsFull reports whether err means the disk under the database is full.
func IsFull(err error) bool { return errors.Is(err, ErrFull) || engineCode(err) == ErrFull }

// engineCode names what the engine's error means: ErrBusy, ErrFull or nil.
func engineCode(err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return ErrBusy
		case sqlite3.ErrFull:
			return ErrFull
		}
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03": // lock_not_available
			return ErrBusy
		case "53100": // disk_full
			return ErrFull
		}
	}
	return nil
}
