package handlers

import (
	"context"
	"strconv"
	"strings"

	"streetfix/account"
	"streetfix/db"
)

// Who acted on a report, as staff read it in the report's history: the
// body and the person's initial and surname ("Ixelles – A. Martin"), never
// the email, which is private.

// actorNames maps the report's audit entries to shown names, by time: a
// staff event and its audit entry are written in one transaction with
// the same time. It also returns the priority changes, which have no
// event of their own.
func (h *handler) actorNames(ctx context.Context, tr Tr, reportID int64) (func(at db.Time) string, []db.AuditEntry, error) {
	entries, err := h.store.AuditLog(ctx, db.AuditQuery{ReportID: reportID, Limit: 500})
	if err != nil {
		return nil, nil, err
	}
	users := map[int64]string{}
	type acted struct {
		at   int64
		name string
	}
	var byTime []acted
	var priorities []db.AuditEntry
	for _, e := range entries {
		name := ""
		switch {
		case e.UserID != nil:
			n, ok := users[*e.UserID]
			if !ok {
				if u, err := h.store.UserByID(ctx, *e.UserID); err == nil {
					n = h.staffName(tr, u)
				}
				users[*e.UserID] = n
			}
			name = n
		case strings.HasPrefix(e.Actor, "apikey:"):
			name = strings.TrimPrefix(e.Actor, "apikey:")
		}
		if name != "" {
			byTime = append(byTime, acted{e.CreatedAt.UnixMilli(), name})
		}
		if e.Action == "set_priority" {
			priorities = append(priorities, e)
		}
	}
	who := func(at db.Time) string {
		best, gap := "", int64(2000) // within two seconds: the same transaction
		for _, a := range byTime {
			if d := max(a.at-at.UnixMilli(), at.UnixMilli()-a.at); d <= gap {
				best, gap = a.name, d
			}
		}
		return best
	}
	return who, priorities, nil
}

// staffName is how staff pages and the staff API name a colleague:
// "Body – A. Martin", the first body the person works for (none for
// administrators and council) and their initial and surname. An account
// with no name is named by its role and number ("Ixelles – agent #12"):
// the email is private to its owner and the administrators.
func (h *handler) staffName(tr Tr, u db.UserRow) string {
	name := tr.T("role."+u.Role) + " #" + strconv.FormatInt(u.ID, 10)
	if f := strings.Fields(u.Name); len(f) > 1 {
		name = string([]rune(f[0])[:1]) + ". " + strings.Join(f[1:], " ")
	} else if len(f) == 1 {
		name = f[0]
	}
	if u.Role == account.RoleStaff && len(u.Bodies) > 0 {
		if b, ok := h.store.Catalog().Body(u.Bodies[0]); ok {
			return b.Name.Get(tr.Lang) + " – " + name
		}
	}
	return name
}
