package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
)

// Purposes of signed links. A signature covers the purpose and the id, so
// a confirmation link cannot unsubscribe, and a link for one subscription
// says nothing about another.
const (
	PurposeConfirm     = "confirm"
	PurposeUnsubscribe = "unsubscribe"
	PurposeReporterOff = "reporter-unsubscribe" // the reporter's emails about their report
	PurposeManage      = "manage"               // the reporter's manage link, bound to their token's hash
	PurposeQuestion    = "questionnaire"        // the answers to "has this been fixed?"
)

// SecretName names the server secret (db.Store.Secret) that signs links.
const SecretName = "notify-links"

// Signer makes and checks the signatures of emailed links.
type Signer struct{ key []byte }

// NewSigner signs with key.
func NewSigner(key []byte) Signer { return Signer{key: key} }

// Sign returns the signature of purpose for id: 128 bits of HMAC-SHA256,
// URL-safe.
func (s Signer) Sign(purpose string, id int64) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(purpose))
	m.Write([]byte{0})
	m.Write([]byte(strconv.FormatInt(id, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// Verify checks sig in constant time.
func (s Signer) Verify(purpose string, id int64, sig string) bool {
	return len(s.key) > 0 && hmac.Equal([]byte(sig), []byte(s.Sign(purpose, id)))
}

// Manage returns the manage credential of a report's emails: a signature
// over the report and the stored hash of the reporter's token. Only the
// hash is stored, so emails sent after the report was made cannot carry
// the token itself; this credential works wherever the token does and,
// bound to the hash, dies with it.
func (s Signer) Manage(id int64, tokenHash string) string {
	return s.Sign(PurposeManage+":"+tokenHash, id)
}

// VerifyManage checks a manage credential in constant time.
func (s Signer) VerifyManage(id int64, tokenHash, credential string) bool {
	return tokenHash != "" && s.Verify(PurposeManage+":"+tokenHash, id, credential)
}
