package db

import "context"

// QueueSQL exposes the SQL-only queue to the tests as the reference the
// index-backed queue must agree with.
func (s *Store) QueueSQL(ctx context.Context, q QueueQuery) (QueuePage, error) {
	return s.queueSQL(ctx, q)
}
