package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
)

// Secret returns the named secret, creating a random one on first use. It
// keys hashes (of supporters, for instance) that must stay stable across
// restarts and instances but be unguessable from outside.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	const ins = `INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`
	if _, err := s.writeExec(ctx, ins, "secret:"+name, hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("db: secret %s: %w", name, err)
	}
	var v string
	if err := s.writeGet(ctx, &v, `SELECT value FROM settings WHERE name = ?`, "secret:"+name); err != nil {
		return nil, fmt.Errorf("db: secret %s: %w", name, err)
	}
	return hex.DecodeString(v)
}
