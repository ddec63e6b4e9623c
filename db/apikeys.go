package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// API key scopes.
const (
	ScopeCreate  = "reports:create" // post service requests
	ScopeUpdate  = "reports:update" // push status changes and notes
	DefaultScope = ScopeCreate
)

// Scopes lists every scope a key can have.
var Scopes = []string{ScopeCreate, ScopeUpdate}

// APIKey describes a stored key; the key itself is never stored.
type APIKey struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	Scopes    string `db:"scopes"` // space-separated
	CreatedAt Time   `db:"created_at"`
	RevokedAt Time   `db:"revoked_at"`
	// Bodies are the bodies whose reports the key acts on, like a staff
	// account's; empty covers every body.
	Bodies []string `db:"-"`
}

// Covers reports whether the key acts on reports of body.
func (k APIKey) Covers(body string) bool {
	return len(k.Bodies) == 0 || slices.Contains(k.Bodies, body)
}

// Has reports whether the key has scope.
func (k APIKey) Has(scope string) bool {
	for _, s := range strings.Fields(k.Scopes) {
		if s == scope {
			return true
		}
	}
	return false
}

func hashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

// CreateAPIKey makes a key with the given scopes, acting for bodies (none:
// every body), and returns it: this is the only time it can be read.
func (s *Store) CreateAPIKey(ctx context.Context, name string, scopes []string, bodies ...string) (string, APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", APIKey{}, errors.New("db: an API key needs a name")
	}
	for _, sc := range scopes {
		known := false
		for _, k := range Scopes {
			known = known || k == sc
		}
		if !known {
			return "", APIKey{}, fmt.Errorf("db: unknown scope %q (known: %s)", sc, strings.Join(Scopes, ", "))
		}
	}
	cat := s.Catalog()
	for _, b := range bodies {
		if _, ok := cat.Body(b); !ok {
			return "", APIKey{}, fmt.Errorf("db: no body %q", b)
		}
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", APIKey{}, err
	}
	key := "sfk_" + base64.RawURLEncoding.EncodeToString(b)
	k := APIKey{Name: name, Scopes: strings.Join(scopes, " "), CreatedAt: At(s.now())}
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return "", APIKey{}, fmt.Errorf("db: create api key: %w", err)
	}
	defer tx.Rollback()
	const q = `INSERT INTO api_keys (name, key_hash, scopes, created_at) VALUES (?, ?, ?, ?) RETURNING id`
	if err := tx.QueryRowxContext(ctx, q, k.Name, hashKey(key), k.Scopes, k.CreatedAt).Scan(&k.ID); err != nil {
		return "", APIKey{}, fmt.Errorf("db: create api key: %w", err)
	}
	for _, b := range bodies {
		const q = `INSERT INTO api_key_bodies (key_id, body_code) VALUES (?, ?) ON CONFLICT DO NOTHING`
		if _, err := tx.ExecContext(ctx, q, k.ID, b); err != nil {
			return "", APIKey{}, fmt.Errorf("db: create api key: %w", err)
		}
		if !slices.Contains(k.Bodies, b) {
			k.Bodies = append(k.Bodies, b)
		}
	}
	slices.Sort(k.Bodies)
	if err := tx.Commit(); err != nil {
		return "", APIKey{}, fmt.Errorf("db: create api key: %w", err)
	}
	return key, k, nil
}

// APIKeyFor returns the live key matching key, or ErrNotFound.
func (s *Store) APIKeyFor(ctx context.Context, key string) (APIKey, error) {
	var k APIKey
	const q = `SELECT id, name, scopes, created_at, revoked_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL`
	err := s.read.GetContext(ctx, &k, q, hashKey(key))
	if errors.Is(err, sql.ErrNoRows) {
		return k, ErrNotFound
	}
	if err != nil {
		return k, fmt.Errorf("db: api key: %w", err)
	}
	const qb = `SELECT body_code FROM api_key_bodies WHERE key_id = ? ORDER BY body_code`
	if err := s.read.SelectContext(ctx, &k.Bodies, qb, k.ID); err != nil {
		return k, fmt.Errorf("db: api key %d bodies: %w", k.ID, err)
	}
	return k, nil
}

// APIKeys lists every key, revoked ones included.
func (s *Store) APIKeys(ctx context.Context) ([]APIKey, error) {
	var out []APIKey
	const q = `SELECT id, name, scopes, created_at, revoked_at FROM api_keys ORDER BY id`
	if err := s.read.SelectContext(ctx, &out, q); err != nil {
		return nil, fmt.Errorf("db: api keys: %w", err)
	}
	var links []struct {
		Key  int64  `db:"key_id"`
		Body string `db:"body_code"`
	}
	if err := s.read.SelectContext(ctx, &links, `SELECT key_id, body_code FROM api_key_bodies ORDER BY body_code`); err != nil {
		return nil, fmt.Errorf("db: api key bodies: %w", err)
	}
	for _, l := range links {
		for i := range out {
			if out[i].ID == l.Key {
				out[i].Bodies = append(out[i].Bodies, l.Body)
			}
		}
	}
	return out, nil
}

// RevokeAPIKey stops a key from working.
func (s *Store) RevokeAPIKey(ctx context.Context, id int64) error {
	const q = `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`
	res, err := s.writeExec(ctx, q, At(s.now()), id)
	if err != nil {
		return fmt.Errorf("db: revoke api key %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("db: api key %d: %w", id, ErrNotFound)
	}
	return nil
}
