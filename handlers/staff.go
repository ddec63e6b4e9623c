package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
	"streetfix/intake"
)

// The back office's rules live here, once: the pages, the bulk actions and
// PATCH /api/v1/reports/{id} all describe what they want as a staffChange
// and apply it with applyChange, which checks who may do what.

type staffStore interface {
	Report(ctx context.Context, id int64) (db.Report, error)
	Events(ctx context.Context, reportID int64, withPrivate bool) ([]db.Event, error)
	Photos(ctx context.Context, reportID int64, withHidden bool) ([]db.Photo, error)
	ChangeStatus(ctx context.Context, ch db.StatusChange) (db.Report, db.Event, error)
	SetPriority(ctx context.Context, id int64, priority int, audit db.AuditEntry) (db.Report, error)
	Reassign(ctx context.Context, id int64, category, body string, audit db.AuditEntry) (db.Report, error)
	MarkDuplicate(ctx context.Context, id, kept int64, note string, audit db.AuditEntry) (db.Report, error)
	UndoMerge(ctx context.Context, id int64, audit db.AuditEntry) (db.Report, error)
	SetHidden(ctx context.Context, id int64, hidden bool, reason string, audit db.AuditEntry) (db.Report, error)
	EditText(ctx context.Context, id int64, title, description string, audit db.AuditEntry) (db.Report, error)
	EditAnswer(ctx context.Context, id int64, code, value string, audit db.AuditEntry) (db.Report, error)
	SetPhotoHidden(ctx context.Context, id int64, photoID string, hidden bool, audit db.AuditEntry) (db.Report, error)
	Anonymise(ctx context.Context, id int64, audit db.AuditEntry) (db.Report, error)
	ModerationHistory(ctx context.Context, id int64) ([]db.Moderation, error)
	ReporterOf(ctx context.Context, id int64) (db.Reporter, error)
	Queue(ctx context.Context, q db.QueueQuery) (db.QueuePage, error)
	QueueMap(ctx context.Context, q db.QueueQuery) (db.QueuePage, error)
	AuditLog(ctx context.Context, q db.AuditQuery) ([]db.AuditEntry, error)
	Templates(ctx context.Context, status, category string) ([]db.ResponseTemplate, error)
	Template(ctx context.Context, id int64) (db.ResponseTemplate, error)
	SaveTemplate(ctx context.Context, t db.ResponseTemplate, audit db.AuditEntry) (db.ResponseTemplate, error)
	DeleteTemplate(ctx context.Context, id int64, audit db.AuditEntry) error
	Users(ctx context.Context) ([]db.UserRow, error)
	UserByID(ctx context.Context, id int64) (db.UserRow, error)
	CreateUser(ctx context.Context, u db.NewUser, audit db.AuditEntry) (db.UserRow, error)
	SetTarget(ctx context.Context, code string, d time.Duration, audit db.AuditEntry) error
	UpdateUser(ctx context.Context, id int64, ch db.UserChange, audit db.AuditEntry) (db.UserRow, db.UserRow, error)
	EraseUser(ctx context.Context, id int64, at time.Time, audit db.AuditEntry) (string, error)
	SaveCategory(ctx context.Context, c db.CategoryEdit, audit db.AuditEntry) error
	AnswersUnder(ctx context.Context, category string, codes []string) (map[string]int, error)
	SaveBody(ctx context.Context, b db.BodyEdit, audit db.AuditEntry) error
}

// staffChange is what one request asks of a report. Empty fields ask nothing.
type staffChange struct {
	Status      string     `json:"status"`
	Note        string     `json:"note"`          // public: with the status change, or alone
	Internal    string     `json:"internal_note"` // never public
	Priority    *int       `json:"priority"`
	Category    string     `json:"category"`
	Body        string     `json:"body"`
	DuplicateOf int64      `json:"duplicate_of"`
	UndoMerge   bool       `json:"undo_merge"` // reopens a duplicate and takes back what its merge moved
	Hidden      *bool      `json:"hidden"`
	Title       *string    `json:"title"`
	Description *string    `json:"description"`
	HidePhoto   string     `json:"hide_photo"`
	ShowPhoto   string     `json:"show_photo"`
	Redact      *redaction `json:"redact_photo"`
	Anonymise   bool       `json:"anonymise"`
	// Answers edits answers to the category's questions: a new value, or
	// null to blank one (moderation, sessions only).
	Answers map[string]*string `json:"answers"`
	// Assignee assigns the report to a staff member of its body (a user
	// id) or to no one (null).
	Assignee optionalID `json:"assignee"`
}

func (ch staffChange) empty() bool {
	return ch.Status == "" && ch.Note == "" && ch.Internal == "" && ch.Priority == nil && ch.Category == "" && ch.Body == "" &&
		ch.DuplicateOf == 0 && !ch.UndoMerge && ch.Hidden == nil && ch.Title == nil && ch.Description == nil && ch.HidePhoto == "" &&
		ch.ShowPhoto == "" && ch.Redact == nil && !ch.Anonymise && len(ch.Answers) == 0 && !ch.Assignee.Set
}

// actor is who applies a change: a signed-in user or an API key.
type actor struct {
	user *account.User
	key  *db.APIKey
}

func actorOf(c *gin.Context) actor {
	if k, ok := c.Get(ctxAPIKey); ok {
		key := k.(db.APIKey)
		return actor{key: &key}
	}
	return actor{user: currentUser(c)}
}

func (a actor) audit() db.AuditEntry {
	if a.key != nil {
		return db.AuditEntry{Actor: "apikey:" + a.key.Name}
	}
	id := a.user.ID
	return db.AuditEntry{UserID: &id, Actor: a.user.AuditName()}
}

// may reports whether the actor may take action on a report of body. API
// keys with the update scope may do what integrations need, not moderate,
// and only on the reports of the bodies they were made for.
func (a actor) may(action, body string) bool {
	if a.key != nil {
		switch action {
		case account.ChangeStatus, account.AddNote, account.SetPriority, account.Reassign, account.MergeDuplicate, account.Hide, account.Assign:
			return a.key.Has(db.ScopeUpdate) && a.key.Covers(body)
		}
		return false
	}
	return a.user.CanTouch(action, body)
}

// canView reports whether the actor may see the report at all.
func (a actor) canView(body string) bool {
	if a.key != nil {
		return a.key.Has(db.ScopeUpdate) && a.key.Covers(body)
	}
	return a.user.Can(account.ViewQueue) && a.user.Sees(body)
}

// refusal explains why the actor may not act on a report of body.
func (a actor) refusal(body string) *apiError {
	if a.key != nil && !a.key.Covers(body) {
		return newError(http.StatusForbidden, "forbidden", "", "this API key acts for "+strings.Join(a.key.Bodies, ", ")+
			", and this report belongs to "+body)
	}
	return forbidden(a.user, body)
}

// forbidden refuses an action on a report of body, saying why: the report
// belongs to a body the user does not work for, or their role may not do it.
func forbidden(u *account.User, body string) *apiError {
	e := newError(http.StatusForbidden, "forbidden", "", "you may not do this to this report")
	if u != nil && !u.Sees(body) {
		return e.say("refusal.other_body", "Body", bodyName(body))
	}
	return e.say("refusal.role")
}

// applyChange applies ch to report id step by step; each step is its own
// transaction with its audit entry. It stops at the first refusal, which
// it returns; steps before it stay applied and audited.
func (h *handler) applyChange(ctx context.Context, a actor, id int64, ch staffChange) (db.Report, error) {
	r, err := h.store.Report(ctx, id)
	if err != nil {
		return r, err
	}
	if !a.canView(r.BodyCode) {
		return r, a.refusal(r.BodyCode)
	}
	if ch.empty() {
		return r, badRequest("empty_change", "", "say what to change: status, note, internal_note, priority, category, body, duplicate_of, undo_merge, hidden, title, description, hide_photo, show_photo, redact_photo, anonymise, answers or assignee")
	}
	if err := cleanChange(&ch); err != nil {
		return r, err
	}
	// Every right the change needs is checked first, against the report
	// as it is: a refusal must not leave half the change applied.
	for _, need := range []struct {
		asked  bool
		action string
	}{
		{ch.Hidden != nil, account.Hide},
		{ch.DuplicateOf != 0 || ch.UndoMerge, account.MergeDuplicate},
		{ch.Status != "" || ch.Note != "", account.ChangeStatus},
		{ch.Internal != "" && ch.Hidden == nil, account.AddNote},
		{ch.Priority != nil, account.SetPriority},
		{ch.Assignee.Set, account.Assign},
		{ch.Category != "" || ch.Body != "", account.Reassign},
		{ch.Title != nil || ch.Description != nil || ch.HidePhoto != "" || ch.ShowPhoto != "" || ch.Redact != nil || ch.Anonymise || len(ch.Answers) > 0, account.Moderate},
	} {
		if need.asked && !a.may(need.action, r.BodyCode) {
			return r, a.refusal(r.BodyCode)
		}
	}
	cat := h.store.Catalog()
	if _, ok := cat.Category(ch.Category); ch.Category != "" && !ok {
		return r, newError(http.StatusUnprocessableEntity, "invalid_change", "category", "no category "+strconv.Quote(ch.Category))
	}
	if _, ok := cat.Body(ch.Body); ch.Body != "" && !ok {
		return r, newError(http.StatusUnprocessableEntity, "invalid_change", "body", "no body "+strconv.Quote(ch.Body))
	}
	if ch.DuplicateOf != 0 {
		if err := h.checkMergeTarget(ctx, a, r, ch.DuplicateOf); err != nil {
			return r, err
		}
	}
	step := func(_ string, f func() (db.Report, error)) error { // the action was checked above
		nr, err := f()
		if err == nil {
			r = nr
		}
		return err
	}
	now := h.now()
	if ch.Hidden != nil && !*ch.Hidden {
		if err := step(account.Hide, func() (db.Report, error) { return h.store.SetHidden(ctx, id, false, ch.Internal, a.audit()) }); err != nil {
			return r, err
		}
	}
	if ch.UndoMerge {
		if err := step(account.MergeDuplicate, func() (db.Report, error) { return h.store.UndoMerge(ctx, id, a.audit()) }); err != nil {
			return r, err
		}
	}
	if ch.DuplicateOf != 0 {
		if err := step(account.MergeDuplicate, func() (db.Report, error) {
			return h.store.MarkDuplicate(ctx, id, ch.DuplicateOf, ch.Note, a.audit())
		}); err != nil {
			return r, err
		}
		ch.Note = "" // went with the merge
	}
	if ch.Status != "" || ch.Note != "" {
		if err := step(account.ChangeStatus, func() (db.Report, error) {
			audit := a.audit()
			audit.Action = "change_status"
			if ch.Status == "" {
				audit.Action = "public_note"
			}
			nr, _, err := h.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, To: ch.Status, Note: ch.Note, Public: true,
				Actor: db.ActorStaff, At: now, Audit: &audit})
			return nr, err
		}); err != nil {
			return r, err
		}
	}
	if ch.Internal != "" && ch.Hidden == nil { // with hidden, it is the reason
		if err := step(account.AddNote, func() (db.Report, error) {
			audit := a.audit()
			audit.Action = "internal_note"
			nr, _, err := h.store.ChangeStatus(ctx, db.StatusChange{ReportID: id, Note: ch.Internal, Public: false,
				Actor: db.ActorStaff, At: now, Audit: &audit})
			return nr, err
		}); err != nil {
			return r, err
		}
	}
	if ch.Priority != nil {
		if err := step(account.SetPriority, func() (db.Report, error) { return h.store.SetPriority(ctx, id, *ch.Priority, a.audit()) }); err != nil {
			return r, err
		}
	}
	if ch.Assignee.Set {
		if err := step(account.Assign, func() (db.Report, error) {
			nr, err := h.store.Assign(ctx, id, ch.Assignee.ID, a.audit())
			if errors.Is(err, db.ErrNotAssignable) {
				return nr, newError(http.StatusUnprocessableEntity, "invalid_assignee", "assignee",
					"assign the report to a staff member of its body ("+r.BodyCode+")").say("refusal.assignee")
			}
			return nr, err
		}); err != nil {
			return r, err
		}
	}
	if ch.Category != "" || ch.Body != "" {
		if err := step(account.Reassign, func() (db.Report, error) { return h.store.Reassign(ctx, id, ch.Category, ch.Body, a.audit()) }); err != nil {
			return r, err
		}
	}
	if ch.Title != nil || ch.Description != nil {
		title, desc := r.Title, r.Description
		if ch.Title != nil {
			title = *ch.Title
		}
		if ch.Description != nil {
			desc = *ch.Description
		}
		if err := step(account.Moderate, func() (db.Report, error) { return h.store.EditText(ctx, id, title, desc, a.audit()) }); err != nil {
			return r, err
		}
	}
	for _, p := range []struct {
		id     string
		hidden bool
	}{{ch.HidePhoto, true}, {ch.ShowPhoto, false}} {
		if p.id == "" {
			continue
		}
		if err := step(account.Moderate, func() (db.Report, error) { return h.store.SetPhotoHidden(ctx, id, p.id, p.hidden, a.audit()) }); err != nil {
			return r, err
		}
	}
	if ch.Redact != nil {
		if err := step(account.Moderate, func() (db.Report, error) { return h.redactPhoto(ctx, a, id, *ch.Redact) }); err != nil {
			return r, err
		}
	}
	if ch.Anonymise {
		if err := step(account.Moderate, func() (db.Report, error) { return h.store.Anonymise(ctx, id, a.audit()) }); err != nil {
			return r, err
		}
	}
	if len(ch.Answers) > 0 {
		edits, err := answerEdits(cat, r.Category, r.Answers, ch.Answers)
		if err != nil {
			return r, err
		}
		for _, e := range edits {
			if err := step(account.Moderate, func() (db.Report, error) { return h.store.EditAnswer(ctx, id, e.code, e.value, a.audit()) }); err != nil {
				return r, err
			}
		}
	}
	if ch.Hidden != nil && *ch.Hidden {
		if err := step(account.Hide, func() (db.Report, error) { return h.store.SetHidden(ctx, id, true, ch.Internal, a.audit()) }); err != nil {
			return r, err
		}
	}
	return r, nil
}

// cleanChange checks the change's text like citizens' text is checked.
func cleanChange(ch *staffChange) error {
	var err error
	for _, f := range []struct {
		name string
		p    *string
		max  int
	}{{"note", &ch.Note, 2000}, {"internal_note", &ch.Internal, 2000}} {
		if *f.p, err = intake.CleanText(f.name, *f.p, f.max, true); err != nil {
			return err
		}
	}
	if ch.Redact != nil {
		if _, err := ch.Redact.areas(); err != nil {
			return err
		}
	}
	if ch.Title != nil {
		t, err := intake.CleanText("title", *ch.Title, intake.MaxTitle, false)
		if err != nil {
			return err
		}
		if t == "" {
			return newError(http.StatusUnprocessableEntity, "missing_field", "title", "a report needs a title").say("refusal.need_title")
		}
		ch.Title = &t
	}
	if ch.Description != nil {
		d, err := intake.CleanText("description", *ch.Description, intake.MaxDescription, true)
		if err != nil {
			return err
		}
		ch.Description = &d
	}
	switch {
	case ch.Status == "hidden":
		return newError(http.StatusUnprocessableEntity, "unknown_status", "status", `hide a report with "hidden": true`)
	case ch.Status == "duplicate" && ch.DuplicateOf == 0:
		return newError(http.StatusUnprocessableEntity, "missing_field", "duplicate_of", "a duplicate needs duplicate_of, the report it repeats")
	case ch.Status == "duplicate":
		ch.Status = "" // the merge sets it
	case ch.Priority != nil && (*ch.Priority < 0 || *ch.Priority > 2):
		return newError(http.StatusUnprocessableEntity, "invalid_change", "priority", "priority must be 0 (normal), 1 (high) or 2 (urgent)").say("refusal.priority")
	}
	return nil
}

// patchReport is PATCH /api/v1/reports/{id}: a staffChange as JSON, from a
// staff session (with X-CSRF-Token) or an API key with reports:update.
func (h *handler) patchReport(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var ch staffChange
	if err := h.decodeJSONBody(c, &ch); err != nil {
		h.fail(c, err)
		return
	}
	r, err := h.applyChange(c.Request.Context(), actorOf(c), id, ch)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.staffReportJSON(c, r)
}

// addNoteAPI is POST /api/v1/reports/{id}/notes: {"note": "...", "public": bool}.
func (h *handler) addNoteAPI(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	var in struct {
		Note   string `json:"note"`
		Public bool   `json:"public"`
	}
	if err := h.decodeJSONBody(c, &in); err != nil {
		h.fail(c, err)
		return
	}
	if strings.TrimSpace(in.Note) == "" {
		h.fail(c, newError(http.StatusUnprocessableEntity, "missing_field", "note", "a note needs text"))
		return
	}
	ch := staffChange{Internal: in.Note}
	if in.Public {
		ch = staffChange{Note: in.Note}
	}
	r, err := h.applyChange(c.Request.Context(), actorOf(c), id, ch)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusCreated)
	h.staffReportJSON(c, r)
}

// staffReportJSON answers with the report as staff see it: the public view
// plus status, priority and whether it is hidden.
func (h *handler) staffReportJSON(c *gin.Context, r db.Report) {
	ctx := c.Request.Context()
	photos, err := h.store.Photos(ctx, r.ID, true)
	if err != nil {
		h.fail(c, err)
		return
	}
	events, err := h.store.Events(ctx, r.ID, true)
	if err != nil {
		h.fail(c, err)
		return
	}
	v := newReportView(h.store.Catalog(), r, photos, events, lang(c))
	status := c.Writer.Status()
	if !c.Writer.Written() && status == 0 {
		status = http.StatusOK
	}
	var assignee any
	if r.AssigneeID.Valid {
		u, err := h.store.UserByID(ctx, r.AssigneeID.Int64)
		if err != nil {
			h.fail(c, err)
			return
		}
		assignee = gin.H{"id": u.ID, "name": h.staffName(h.translator(lang(c)), u)}
	}
	c.JSON(status, gin.H{"report": v, "status": r.Status, "priority": r.Priority, "hidden": r.Status == "hidden",
		"duplicate_of": nullID(r.DuplicateOf.Int64, r.DuplicateOf.Valid), "assignee": assignee})
}

func nullID(id int64, ok bool) any {
	if !ok {
		return nil
	}
	return id
}

// decodeJSONBody is decodeJSON for JSON-only routes: other content types get 415.
func (h *handler) decodeJSONBody(c *gin.Context, v any) error {
	if ct := c.ContentType(); ct != "application/json" {
		return newError(http.StatusUnsupportedMediaType, "unsupported_media_type", "", "send JSON with Content-Type: application/json")
	}
	return h.decodeJSON(c, v)
}
