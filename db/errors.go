package db

import (
	"database/sql"
	"errors"
)

// notFound turns sql.ErrNoRows into ErrNotFound and leaves other errors be.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Refusal is a change the store will not make, for a reason the person
// asking can act on. Text is the English sentence the API answers with;
// pages show the message ID (web/locales/office.*.json) filled with Args
// (name, value pairs) in the reader's language.
type Refusal struct {
	ID   string
	Args []any
	Text string
}

func (e *Refusal) Error() string { return ErrInvalid.Error() + ": " + e.Text }

// Unwrap makes every refusal an ErrInvalid.
func (e *Refusal) Unwrap() error { return ErrInvalid }

// refuse returns a Refusal with message id, English text and the message's
// values as name, value pairs.
func refuse(id, text string, pairs ...any) error {
	return &Refusal{ID: id, Text: text, Args: pairs}
}
