package db

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
)

// sealer encrypts the reporter tokens kept with idempotency keys for a day,
// so that a copy of the database alone does not hand out manage links.
type sealer struct{ aead cipher.AEAD }

// loadSealer reads (or creates) the key; called once the schema exists.
func (s *Store) loadSealer(ctx context.Context) error {
	key, err := s.Secret(ctx, "idempotency-tokens")
	if err != nil {
		return err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("db: token key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return fmt.Errorf("db: token key: %w", err)
	}
	s.sealer.Store(&sealer{aead: aead})
	return nil
}

func (s *Store) seal(plain string) (string, error) {
	sl := s.sealer.Load()
	if sl == nil {
		return "", errors.New("db: token key not loaded")
	}
	nonce := make([]byte, sl.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	return base64.RawStdEncoding.EncodeToString(sl.aead.Seal(nonce, nonce, []byte(plain), nil)), nil
}

func (s *Store) unseal(sealed string) (string, error) {
	sl := s.sealer.Load()
	if sl == nil {
		return "", errors.New("db: token key not loaded")
	}
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	if err != nil || len(b) < sl.aead.NonceSize() {
		return "", errors.New("db: sealed token is malformed")
	}
	n := sl.aead.NonceSize()
	plain, err := sl.aead.Open(nil, b[:n], b[n:], nil)
	if err != nil {
		return "", fmt.Errorf("db: sealed token: %w", err)
	}
	return string(plain), nil
}
