// Package account holds what staff accounts are: roles, what each role may
// do, and how passwords are kept.
package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum for argon2id (19 MiB, 2 passes, one
// lane). A stored hash carries its parameters, so raising them later keeps
// old hashes working.
var params = struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
}{memory: 19 * 1024, time: 2, threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// MinPassword and MaxPassword bound a password's length in characters.
	MinPassword = 12
	MaxPassword = 256
)

// ErrWeakPassword is returned for a password too short or too long.
var ErrWeakPassword = fmt.Errorf("a password needs %d to %d characters", MinPassword, MaxPassword)

// CheckPasswordRules reports whether p is acceptable as a new password.
func CheckPasswordRules(p string) error {
	if n := utf8.RuneCountInString(p); n < MinPassword || n > MaxPassword || !utf8.ValidString(p) {
		return ErrWeakPassword
	}
	return nil
}

// HashPassword returns p hashed with argon2id in the PHC string format.
func HashPassword(p string) (string, error) {
	if err := CheckPasswordRules(p); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(p), salt, params.time, params.memory, params.threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, params.memory, params.time, params.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether p matches the stored hash.
func CheckPassword(hash, p string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("account: not an argon2id hash")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("account: unsupported argon2 version")
	}
	var m, t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil || m == 0 || t == 0 || th == 0 {
		return false, errors.New("account: bad argon2 parameters")
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errors.New("account: bad salt")
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, errors.New("account: bad key")
	}
	if len(p) > 4*MaxPassword {
		return false, nil // do not spend memory hashing a megabyte
	}
	got := argon2.IDKey([]byte(p), salt, t, m, th, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when an email is unknown, so a login takes
// as long whether or not the account exists.
var dummyHash, _ = HashPassword("streetfix-no-such-account")

// CheckUnknown spends the time of one password check and fails.
func CheckUnknown(p string) {
	CheckPassword(dummyHash, p)
}
