package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jmoiron/sqlx"

	"streetfix/city"
)

// Admins edit bodies and categories here. The catalog in memory is reloaded
// after each change, so routing uses it from the next report on; reports
// already routed keep their body.

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,62}$`)

// CategoryEdit is an admin's version of a category.
type CategoryEdit struct {
	Code      string
	Theme     string
	Name      city.Names
	Owner     string // city.OwnerCommune or a regional body's owner label
	Questions []city.Question
	Active    bool
	Notice    city.Names // the emergency notice; empty for none
}

func (s *Store) checkCategory(c *CategoryEdit) error {
	cat := s.Catalog()
	c.Code = strings.TrimSpace(c.Code)
	if !codePattern.MatchString(c.Code) {
		return invalid("a category code has 2 to 63 lower-case letters, digits, - or _")
	}
	if _, ok := cat.Theme(c.Theme); !ok {
		return invalid("no theme %q", c.Theme)
	}
	for _, n := range []*string{&c.Name.EN, &c.Name.FR, &c.Name.NL} {
		*n = strings.TrimSpace(*n)
		if *n == "" || len(*n) > 200 {
			return invalid("a category needs a name of at most 200 bytes in English, French and Dutch")
		}
	}
	for _, n := range []*string{&c.Notice.EN, &c.Notice.FR, &c.Notice.NL} {
		*n = strings.TrimSpace(*n)
	}
	if err := city.CheckNotice(c.Notice); err != nil {
		return invalid("%s", err.Error())
	}
	owners := []string{city.OwnerCommune}
	for _, b := range cat.Bodies {
		if b.Owner != "" {
			owners = append(owners, b.Owner)
		}
	}
	found := false
	for _, o := range owners {
		found = found || o == c.Owner
	}
	if !found {
		return invalid("owner %q is not %s", c.Owner, strings.Join(owners, ", "))
	}
	if err := city.CheckQuestions(c.Questions); err != nil {
		var qe *city.QuestionError
		if errors.As(err, &qe) {
			return refuse(qe.ID, qe.Text, qe.Args...)
		}
		return invalid("%v", err)
	}
	return nil
}

// SaveCategory creates or updates a category and reloads the catalog.
func (s *Store) SaveCategory(ctx context.Context, c CategoryEdit, audit AuditEntry) error {
	if err := s.checkCategory(&c); err != nil {
		return err
	}
	if c.Questions == nil {
		c.Questions = []city.Question{}
	}
	qs, err := json.Marshal(c.Questions)
	if err != nil {
		return err
	}
	old, exists := s.Catalog().Category(c.Code)
	err = s.auditTx(ctx, audit, func(tx *sqlx.Tx, a *AuditEntry) error {
		a.Target, a.After = "category:"+c.Code, c
		if exists {
			a.Action, a.Before = "update_category", old
			const q = `UPDATE categories SET theme = ?, name_en = ?, name_fr = ?, name_nl = ?, owner = ?, questions = ?, active = ?,
				notice_en = ?, notice_fr = ?, notice_nl = ? WHERE code = ?`
			_, err := tx.ExecContext(ctx, q, c.Theme, c.Name.EN, c.Name.FR, c.Name.NL, c.Owner, string(qs), c.Active,
				c.Notice.EN, c.Notice.FR, c.Notice.NL, c.Code)
			return err
		}
		a.Action = "create_category"
		const q = `INSERT INTO categories (code, theme, position, name_en, name_fr, name_nl, owner, questions, active,
			notice_en, notice_fr, notice_nl)
			VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM categories), ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		_, err := tx.ExecContext(ctx, q, c.Code, c.Theme, c.Name.EN, c.Name.FR, c.Name.NL, c.Owner, string(qs), c.Active,
			c.Notice.EN, c.Notice.FR, c.Notice.NL)
		return err
	})
	if err != nil {
		return err
	}
	s.afterWrite(ctx) // routing and the admin pages read the catalog the feed reloads
	return nil
}

// AnswersUnder counts, for each of codes, the reports of category that
// hold an answer under it (reports.answers is a JSON object keyed by
// question code): after an admin removes or renames a question, the
// reports that keep answers under its old code, which staff still see.
// Codes with no such report are left out.
func (s *Store) AnswersUnder(ctx context.Context, category string, codes []string) (map[string]int, error) {
	out := map[string]int{}
	if len(codes) == 0 {
		return out, nil
	}
	// LIKE narrows the reports down (an _ in a code matches any character
	// there: the JSON decides); it is the same in both dialects.
	var like []string
	args := []any{category}
	for _, code := range codes {
		like = append(like, "answers LIKE ?")
		args = append(args, `%"`+code+`"%`)
	}
	rows, err := s.read.QueryxContext(ctx, `SELECT answers FROM reports WHERE category = ? AND (`+strings.Join(like, " OR ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("db: answers of %s: %w", category, err)
	}
	defer rows.Close()
	for rows.Next() {
		var stored string
		if err := rows.Scan(&stored); err != nil {
			return nil, fmt.Errorf("db: answers of %s: %w", category, err)
		}
		var answers map[string]json.RawMessage
		if json.Unmarshal([]byte(stored), &answers) != nil {
			continue
		}
		for _, code := range codes {
			if _, ok := answers[code]; ok {
				out[code]++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: answers of %s: %w", category, err)
	}
	return out, nil
}

// BodyEdit is an admin's version of a body.
type BodyEdit struct {
	Code  string
	Owner string // the label categories use; empty for communes
	Name  city.Names
	Email string // where its new reports are emailed; empty for none
	Langs string // the languages of those emails, comma-separated; empty for the default
}

// SaveBody creates a regional body or updates any body's names, email
// address and email languages in one audited change, and reloads the
// catalog.
func (s *Store) SaveBody(ctx context.Context, b BodyEdit, audit AuditEntry) error {
	b.Code = strings.TrimSpace(b.Code)
	if !codePattern.MatchString(b.Code) {
		return invalid("a body code has 2 to 63 lower-case letters, digits, - or _")
	}
	for _, n := range []*string{&b.Name.EN, &b.Name.FR, &b.Name.NL} {
		*n = strings.TrimSpace(*n)
		if *n == "" || len(*n) > 200 {
			return invalid("a body needs a name of at most 200 bytes in English, French and Dutch")
		}
	}
	if b.Email = strings.TrimSpace(b.Email); b.Email != "" {
		e, err := NormalizeEmail(b.Email)
		if err != nil {
			return invalid("%v", err)
		}
		b.Email = e
	}
	old, exists := s.Catalog().Body(b.Code)
	err := s.auditTx(ctx, audit, func(tx *sqlx.Tx, a *AuditEntry) error {
		a.Target, a.After = "body:"+b.Code, b
		if exists {
			var langs string
			if err := tx.GetContext(ctx, &langs, `SELECT notify_langs FROM bodies WHERE code = ?`, b.Code); err != nil {
				return fmt.Errorf("db: body %s: %w", b.Code, err)
			}
			a.Action = "update_body"
			a.Before = map[string]any{"name": old.Name, "email": old.Email, "langs": langs}
			a.After = map[string]any{"name": b.Name, "email": b.Email, "langs": b.Langs}
			_, err := tx.ExecContext(ctx, `UPDATE bodies SET name_en = ?, name_fr = ?, name_nl = ?, email = ?, notify_langs = ? WHERE code = ?`,
				b.Name.EN, b.Name.FR, b.Name.NL, b.Email, b.Langs, b.Code)
			return err
		}
		a.Action = "create_body"
		b.Owner = strings.TrimSpace(b.Owner)
		if b.Owner == "" || b.Owner == city.OwnerCommune {
			return invalid("a new regional body needs an owner label other than %q", city.OwnerCommune)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bodies (code, kind, owner, name_en, name_fr, name_nl, email, notify_langs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			b.Code, city.BodyRegional, b.Owner, b.Name.EN, b.Name.FR, b.Name.NL, b.Email, b.Langs)
		return err
	})
	if err != nil {
		return err
	}
	s.afterWrite(ctx) // routing and the admin pages read the catalog the feed reloads
	return nil
}

// prettyJSON is for showing stored JSON to admins.
func prettyJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// Pretty returns the entry's before and after, indented.
func (e AuditEntry) Pretty() (before, after string) {
	return prettyJSON(e.BeforeRaw), prettyJSON(e.AfterRaw)
}
