package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"streetfix/account"
	"streetfix/db"
)

// Assignment: a report is given to a named staff member of its body (or
// taken by the one who reads it). Assignees are staff information: only
// staff pages and the staff side of the API name them.

type assignStore interface {
	Assign(ctx context.Context, id int64, assignee *int64, audit db.AuditEntry) (db.Report, error)
	AssignableUsers(ctx context.Context, body string) ([]db.UserRow, error)
	MarkEnteredByStaff(ctx context.Context, id, user int64, channel string, audit db.AuditEntry) (db.Report, error)
}

// optionalID is a JSON field that may be absent (Set false), null (ID
// nil) or a number.
type optionalID struct {
	Set bool
	ID  *int64
}

func (o *optionalID) UnmarshalJSON(b []byte) error {
	o.Set, o.ID = true, nil
	if string(b) == "null" {
		return nil
	}
	var id int64
	if err := json.Unmarshal(b, &id); err != nil {
		// The decoder adds the field's name to the error it returns.
		kind := "number" // a fraction or a number too large: "not a number this service can hold"
		switch b[0] {
		case '"':
			kind = "string"
		case '{':
			kind = "object"
		case '[':
			kind = "array"
		case 't', 'f':
			kind = "bool"
		}
		return &json.UnmarshalTypeError{Value: kind, Type: reflect.TypeOf(id)}
	}
	o.ID = &id
	return nil
}

// parseAssignee reads the queue's assignee filter: "me" (the "mine" view),
// "none" (assigned to no one) or a user id.
func parseAssignee(v string, u *account.User, q *db.QueueQuery) error {
	switch v {
	case "":
	case "me":
		q.Assignee = u.ID
	case "none":
		q.Unassigned = true
	default:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return badRequest("invalid_filter", "assignee", "assignee is me, none or a user id")
		}
		q.Assignee = id
	}
	return nil
}

// assigneeValue reads an assignee from a form: "me", "none" (or empty) or
// a user id.
func assigneeValue(v string, u *account.User) (optionalID, error) {
	switch v {
	case "", "none":
		return optionalID{Set: true}, nil
	case "me":
		id := u.ID
		return optionalID{Set: true, ID: &id}, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return optionalID{}, newError(http.StatusUnprocessableEntity, "invalid_assignee", "assignee", "assignee is me, none or a user id")
	}
	return optionalID{Set: true, ID: &id}, nil
}

// colleagues lists the accounts u may see as assignees, by id: everyone
// who can be assigned (admins, and staff who share a body with u).
func (h *handler) colleagues(ctx context.Context, tr Tr, u *account.User) ([]db.UserRow, map[int64]string, error) {
	users, err := h.store.Users(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	var out []db.UserRow
	for _, x := range users {
		names[x.ID] = h.staffName(tr, x)
		if !x.DisabledAt.IsZero() || x.Role == account.RoleCouncil {
			continue
		}
		shares := x.Role == account.RoleAdmin || u.Role != account.RoleStaff
		for _, b := range x.Bodies {
			shares = shares || u.Sees(b)
		}
		if shares {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(a, b db.UserRow) int { return strings.Compare(names[a.ID], names[b.ID]) })
	return out, names, nil
}

// assigneeFilter is the queue's assignee select.
func assigneeFilter(tr Tr, sel string, users []db.UserRow, names map[int64]string) []option {
	out := []option{{"", tr.T("queue.any"), sel == ""}, {"me", tr.T("assign.mine"), sel == "me"}, {"none", tr.T("assign.nobody"), sel == "none"}}
	for _, x := range users {
		v := strconv.FormatInt(x.ID, 10)
		out = append(out, option{v, names[x.ID], sel == v})
	}
	return out
}

// assignForm fills the report page's assignment: who has it, and whom it
// may go to (the body's staff, then admins).
func (h *handler) assignForm(ctx context.Context, data map[string]any, u *account.User, r db.Report, names map[int64]string) error {
	if r.AssigneeID.Valid {
		data["Assignee"] = names[r.AssigneeID.Int64]
		data["Mine"] = r.AssigneeID.Int64 == u.ID
	}
	data["CanAssign"] = u.CanTouch(account.Assign, r.BodyCode)
	if r.EnteredBy.Valid {
		data["EnteredBy"] = names[r.EnteredBy.Int64]
		data["EntryChannel"] = "entry.channel." + r.EntryChannel
	}
	users, err := h.store.AssignableUsers(ctx, r.BodyCode)
	if err != nil {
		return err
	}
	var opts []option
	for _, x := range users {
		opts = append(opts, option{strconv.FormatInt(x.ID, 10), names[x.ID], r.AssigneeID.Valid && r.AssigneeID.Int64 == x.ID})
	}
	data["Assignees"] = opts
	return nil
}

// userNames maps every account's id to how staff pages name it.
func (h *handler) userNames(ctx context.Context, tr Tr) (map[int64]string, error) {
	users, err := h.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(users))
	for _, x := range users {
		names[x.ID] = h.staffName(tr, x)
	}
	return names, nil
}

// assignEventText says what an assignment event did, in the page's language.
func assignEventText(tr Tr, names map[int64]string, note string) string {
	id, err := strconv.ParseInt(note, 10, 64)
	if err != nil {
		return tr.T("assign.event_none")
	}
	name, ok := names[id]
	if !ok {
		name = "#" + note
	}
	return tr.T("assign.event", "Name", name)
}
