package db

import (
	"context"
	"fmt"
)

// ReporterData is everything the service keeps about a report's reporter,
// for their own download ("download my data"): their contact and choices,
// the subscriptions of the same address, and what was sent to them.
type ReporterData struct {
	Reporter      Reporter
	PublicName    string // the name shown on the report, if they chose to show it
	Subscriptions []Subscription
	// Messages are the emails sent (or kept, or waiting) to their address
	// or under their subscriptions, whatever they were about: new kinds
	// of message reach the download without changing it.
	Messages []Message
}

// ReporterData returns the reporter's data of report id.
func (s *Store) ReporterData(ctx context.Context, id int64) (ReporterData, error) {
	var d ReporterData
	const rep = `SELECT report_id, token_hash, name, email, phone, erased_at, contact_consent, notify_off FROM reporters WHERE report_id = ?`
	if err := s.read.GetContext(ctx, &d.Reporter, rep, id); err != nil {
		return d, fmt.Errorf("db: data of reporter %d: %w", id, notFound(err))
	}
	if err := s.read.GetContext(ctx, &d.PublicName, `SELECT public_name FROM reports WHERE id = ?`, id); err != nil {
		return d, fmt.Errorf("db: data of reporter %d: %w", id, notFound(err))
	}
	email := d.Reporter.Email
	if email == "" {
		return d, nil // erased, or never given: no address to follow
	}
	// Subscriptions keep addresses in lower case; a reporter's is as typed.
	const subs = `SELECT ` + subscriptionColumns + ` FROM subscriptions WHERE email = lower(?) ORDER BY id`
	if err := s.read.SelectContext(ctx, &d.Subscriptions, subs, email); err != nil {
		return d, fmt.Errorf("db: data of reporter %d: %w", id, err)
	}
	const msgs = `SELECT ` + messageColumns + ` FROM notify_messages WHERE channel = 'email' AND (recipient IN (?1, lower(?1))
		OR subscription_id IN (SELECT id FROM subscriptions WHERE email = lower(?1))) ORDER BY id`
	if err := s.read.SelectContext(ctx, &d.Messages, msgs, email); err != nil {
		return d, fmt.Errorf("db: data of reporter %d: %w", id, err)
	}
	return d, nil
}
