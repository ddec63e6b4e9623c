package db

import "context"

// QueueSQL exposes the SQL-only queue to the tests as the reference the
// index-backed queue must agree with.
func (s *Store) QueueSQL(ctx context.Context, q QueueQuery) (QueuePage, error) {
	return s.queueSQL(ctx, q)
}

// SetTextCap changes how many of a search's newest matches a list is
// first looked for in, until the returned function restores it.
func SetTextCap(n int) (restore func()) {
	old := textCap
	textCap = n
	return func() { textCap = old }
}
