package db

import (
	"context"
	"encoding/json"
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
	codes := map[string]bool{}
	for _, q := range c.Questions {
		if q.Code == "" || codes[q.Code] {
			return invalid("each question needs its own code")
		}
		codes[q.Code] = true
		switch q.Datatype {
		case "string", "number", "datetime", "text", "singlevaluelist", "multivaluelist":
		default:
			return invalid("question %s: datatype %q is not string, number, datetime, text, singlevaluelist or multivaluelist", q.Code, q.Datatype)
		}
		if strings.HasSuffix(q.Datatype, "valuelist") && len(q.Values) == 0 {
			return invalid("question %s: a list needs values", q.Code)
		}
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

// BodyEdit is an admin's version of a body.
type BodyEdit struct {
	Code  string
	Owner string // the label categories use; empty for communes
	Name  city.Names
	Email string
}

// SaveBody creates a regional body or updates any body's names and email,
// and reloads the catalog.
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
			// Names only: the address is set on the notifications page,
			// one place for it.
			a.Action, a.Before = "update_body", old.Name
			a.After = b.Name
			_, err := tx.ExecContext(ctx, `UPDATE bodies SET name_en = ?, name_fr = ?, name_nl = ? WHERE code = ?`,
				b.Name.EN, b.Name.FR, b.Name.NL, b.Code)
			return err
		}
		a.Action = "create_body"
		b.Owner = strings.TrimSpace(b.Owner)
		if b.Owner == "" || b.Owner == city.OwnerCommune {
			return invalid("a new regional body needs an owner label other than %q", city.OwnerCommune)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO bodies (code, kind, owner, name_en, name_fr, name_nl, email) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			b.Code, city.BodyRegional, b.Owner, b.Name.EN, b.Name.FR, b.Name.NL, b.Email)
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
