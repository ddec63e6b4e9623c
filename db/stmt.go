package db

import (
	"context"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps read statements compiled: SQLite spends as long parsing
// a short query as running it. database/sql prepares a cached statement on
// each pooled connection the first time that connection runs it.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sqlx.Stmt
}

// stmt returns the prepared form of query on the read pool.
func (s *Store) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := s.read.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sqlx.Stmt{}
	}
	c.stmts[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}
