package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/calendar"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/notify"
	"streetfix/report"
)

// Admin and shared back-office pages: response templates, the audit log,
// users, bodies and categories. Each form redirects back with ?done= or
// shows the page again with the error and what was typed.

func (h *handler) redirectDone(c *gin.Context, path, done string) {
	c.Redirect(http.StatusSeeOther, path+"?done="+url.QueryEscape(done))
}

// pageError re-renders a page with an error when the input was wrong, and
// fails the request otherwise.
func (h *handler) pageError(c *gin.Context, err error, again func(status int, msg string)) {
	e := h.toAPIError(c, err)
	if e.Status >= 500 || e.Status == http.StatusForbidden || e.Status == http.StatusNotFound {
		h.failPage(c, err)
		return
	}
	again(e.Status, h.staffMessage(h.translator(pageLang(c)), e))
}

// canEditTemplate reports whether u may create, change or delete a template
// of body ("" for a shared one, which only admins change).
func canEditTemplate(u *account.User, body string) bool {
	if body == "" {
		return u.Role == account.RoleAdmin && u.Can(account.EditTemplates)
	}
	return u.CanTouch(account.EditTemplates, body)
}

func templateRefusal(u *account.User, body string) *apiError {
	e := newError(http.StatusForbidden, "forbidden", "", "this template belongs to another body, or is shared: only its body's staff or an administrator may change it")
	if body == "" {
		return e.say("refusal.template_shared")
	}
	return e.say("refusal.template_body", "Body", bodyName(body))
}

// templatesPage lists response templates with a form to add one; ?edit=ID
// fills the form with that template.
func (h *handler) templatesPage(c *gin.Context) {
	h.renderTemplates(c, http.StatusOK, "", db.ResponseTemplate{})
}

func (h *handler) renderTemplates(c *gin.Context, status int, msg string, form db.ResponseTemplate) {
	ctx := c.Request.Context()
	tr, data := h.staffData(c, "")
	data["Title"] = tr.T("staff.templates")
	list, err := h.store.Templates(ctx, "", "")
	if err != nil {
		h.failPage(c, err)
		return
	}
	u := currentUser(c)
	if id, _ := strconv.ParseInt(c.Query("edit"), 10, 64); id > 0 && form.ID == 0 && msg == "" {
		if t, err := h.store.Template(ctx, id); err == nil && canEditTemplate(u, t.Body) {
			form = t
		}
	}
	type row struct {
		T                      db.ResponseTemplate
		Status, Category, Body string
		Editable               bool
	}
	var rows []row
	cat := h.store.Catalog()
	for _, t := range list {
		if t.Body != "" && !u.Sees(t.Body) {
			continue // another body's
		}
		r := row{T: t, Status: tr.T("status." + t.Status), Category: tr.T("templates.any_category"), Body: tr.T("templates.shared"),
			Editable: canEditTemplate(u, t.Body)}
		if b, ok := cat.Body(t.Body); ok {
			r.Body = b.Name.Get(tr.Lang)
		}
		if x, ok := cat.Category(t.Category); ok {
			r.Category = x.Name.Get(tr.Lang)
		}
		rows = append(rows, r)
	}
	var statuses, cats []option
	for _, s := range report.Visible() {
		statuses = append(statuses, option{Value: s, Label: tr.T("status." + s), Selected: s == form.Status})
	}
	cats = append(cats, option{Value: "", Label: tr.T("templates.any_category"), Selected: form.Category == ""})
	for _, x := range cat.Categories {
		cats = append(cats, option{Value: x.Code, Label: x.Name.Get(tr.Lang), Selected: x.Code == form.Category})
	}
	var bodies []option
	if u.Role == account.RoleAdmin {
		bodies = append(bodies, option{Value: "", Label: tr.T("templates.shared"), Selected: form.Body == ""})
	}
	for _, b := range cat.Bodies {
		if u.Role == account.RoleAdmin || u.Sees(b.Code) {
			bodies = append(bodies, option{Value: b.Code, Label: b.Name.Get(tr.Lang), Selected: b.Code == form.Body})
		}
	}
	data["TemplateBodies"] = bodies
	data["Rows"], data["Form"], data["Statuses"], data["Categories"] = rows, form, statuses, cats
	data["Error"] = msg
	if msg == "" {
		data["Done"] = c.Query("done")
	}
	h.render(c, status, "staff_templates.html", data)
}

// cleanForm checks admin text like citizens' text: valid UTF-8, no control
// characters or noncharacters, a length limit; each field's value is
// replaced by its cleaned form.
func cleanForm(fields ...cleanField) error {
	for _, f := range fields {
		v, err := intake.CleanText(f.name, *f.p, f.max, f.multiline)
		if err != nil {
			return err
		}
		*f.p = v
	}
	return nil
}

type cleanField struct {
	name      string
	p         *string
	max       int
	multiline bool
}

func formID(c *gin.Context) (int64, error) {
	v := c.PostForm("id")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, badRequest("invalid_form", "id", "id is a positive whole number")
	}
	return id, nil
}

func (h *handler) saveTemplate(c *gin.Context) {
	id, err := formID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	t := db.ResponseTemplate{ID: id, Status: c.PostForm("status"), Category: c.PostForm("category"), Name: c.PostForm("name"),
		TextEN: c.PostForm("text_en"), TextFR: c.PostForm("text_fr"), TextNL: c.PostForm("text_nl"), Body: c.PostForm("body")}
	// A template belongs to a body, or is shared: staff change only their
	// bodies' templates, admins any (issue 16).
	u := currentUser(c)
	if id > 0 {
		old, err := h.store.Template(c.Request.Context(), id)
		if err != nil {
			h.failPage(c, err)
			return
		}
		if !canEditTemplate(u, old.Body) {
			h.failPage(c, templateRefusal(u, old.Body))
			return
		}
		if c.PostForm("delete") == "1" {
			t.Body = old.Body
		}
	}
	if !canEditTemplate(u, t.Body) {
		h.failPage(c, templateRefusal(u, t.Body))
		return
	}
	if err := cleanForm(cleanField{"name", &t.Name, 200, false}, cleanField{"text_en", &t.TextEN, 2000, true},
		cleanField{"text_fr", &t.TextFR, 2000, true}, cleanField{"text_nl", &t.TextNL, 2000, true}); err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderTemplates(c, status, msg, t) })
		return
	}
	if c.PostForm("delete") == "1" && id > 0 {
		if err := h.store.DeleteTemplate(c.Request.Context(), id, actorOf(c).audit()); err != nil {
			h.failPage(c, err)
			return
		}
		h.redirectDone(c, "/staff/templates", "deleted")
		return
	}
	if _, err := h.store.SaveTemplate(c.Request.Context(), t, actorOf(c).audit()); err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderTemplates(c, status, msg, t) })
		return
	}
	h.redirectDone(c, "/staff/templates", "saved")
}

type auditRow struct {
	E             db.AuditEntry
	At            string
	Before, After string
}

// auditPage is the searchable audit log, for admins.
func (h *handler) auditPage(c *gin.Context) {
	tr, data := h.staffData(c, "")
	data["Title"] = tr.T("staff.audit")
	q := db.AuditQuery{Text: strings.TrimSpace(c.Query("q")), Action: c.Query("action"), Limit: 100}
	if len(q.Text) > 200 {
		h.failPage(c, badRequest("invalid_filter", "q", "the search is at most 200 characters"))
		return
	}
	if v := c.Query("report"); v != "" {
		id, err := strconv.ParseInt(strings.TrimPrefix(v, "#"), 10, 64)
		if err != nil || id <= 0 {
			h.failPage(c, badRequest("invalid_filter", "report", "report is a report number"))
			return
		}
		q.ReportID = id
	}
	if v := c.Query("before"); v != "" {
		q.BeforeID, _ = strconv.ParseInt(v, 10, 64)
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"since", &q.Since}, {"until", &q.Until}} {
		if v := c.Query(p.name); v != "" {
			t, err := calendar.ParseDay(v, h.cfg.Location)
			if err != nil {
				h.failPage(c, badRequest("invalid_filter", p.name, p.name+" is a date like 2026-11-25"))
				return
			}
			if p.name == "until" {
				t = t.AddDate(0, 0, 1) // the day is included, to the next local midnight
			}
			*p.dst = t
		}
	}
	entries, err := h.store.AuditLog(c.Request.Context(), q)
	if err != nil {
		h.failPage(c, err)
		return
	}
	var rows []auditRow
	for _, e := range entries {
		b, a := e.Pretty()
		rows = append(rows, auditRow{E: e, At: e.CreatedAt.In(h.cfg.Location).Format("2006-01-02 15:04:05"), Before: b, After: a})
	}
	data["Rows"] = rows
	data["Q"], data["Action"], data["Report"], data["Since"], data["Until"] = q.Text, q.Action, c.Query("report"), c.Query("since"), c.Query("until")
	if len(entries) == q.Limit {
		v := c.Request.URL.Query()
		v.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		data["More"] = "/staff/audit?" + v.Encode()
	}
	h.render(c, http.StatusOK, "staff_audit.html", data)
}

// adminPage lists users, bodies and categories with their forms.
func (h *handler) adminPage(c *gin.Context) { h.renderAdmin(c, http.StatusOK, "") }

func (h *handler) renderAdmin(c *gin.Context, status int, msg string) {
	h.renderAdminTyped(c, status, msg, nil)
}

// renderAdminTyped is the admin page with an error about a category's form,
// shown open again with what was typed.
func (h *handler) renderAdminTyped(c *gin.Context, status int, msg string, typed *db.CategoryEdit) {
	tr, data := h.staffData(c, "")
	data["Title"] = tr.T("staff.admin")
	users, err := h.store.Users(c.Request.Context())
	if err != nil {
		h.failPage(c, err)
		return
	}
	cat := h.store.Catalog()
	type catRow struct {
		C      db.Category
		Theme  string
		Blocks []questionBlock
		Open   bool // the form an error is about
	}
	var cats []catRow
	for _, x := range cat.Categories {
		r := catRow{C: x, Blocks: questionBlocks(x.Questions)}
		if typed != nil && typed.Code == x.Code {
			r.Blocks, r.Open = questionBlocks(typed.Questions), true
		}
		if t, ok := cat.Theme(x.Theme); ok {
			r.Theme = t.Name.Get(tr.Lang)
		}
		cats = append(cats, r)
	}
	newBlocks, newOpen := questionBlocks(nil), false
	if typed != nil {
		if _, known := cat.Category(typed.Code); !known {
			newBlocks, newOpen = questionBlocks(typed.Questions), true
		}
	}
	data["NewBlocks"], data["NewOpen"], data["Types"] = newBlocks, newOpen, datatypeOptions(tr)
	var roles, themes, owners []option
	for _, r := range account.Roles {
		roles = append(roles, option{Value: r, Label: tr.T("role." + r), Selected: r == account.LeastPrivileged()})
	}
	for _, t := range cat.Themes {
		themes = append(themes, option{Value: t.Code, Label: t.Name.Get(tr.Lang)})
	}
	owners = append(owners, option{Value: city.OwnerCommune, Label: tr.T("admin.owner_commune")})
	for _, b := range cat.Bodies {
		if b.Owner != "" {
			owners = append(owners, option{Value: b.Owner, Label: b.Name.Get(tr.Lang)})
		}
	}
	contacts, err := h.store.BodyContacts(c.Request.Context())
	if err != nil {
		h.failPage(c, err)
		return
	}
	langs := map[string]string{}
	for _, b := range contacts {
		langs[b.Code] = b.Langs
	}
	data["Users"], data["Bodies"], data["Cats"], data["BodyLangs"] = users, cat.Bodies, cats, langs
	data["BodyNames"] = bodyNames(cat, tr.Lang)
	data["Roles"], data["Themes"], data["Owners"] = roles, themes, owners
	data["Error"] = msg
	if msg == "" {
		data["Done"] = c.Query("done")
		if data["AnswersKept"], err = h.answersKept(c, tr); err != nil {
			h.failPage(c, err)
			return
		}
	}
	data["Me"] = currentUser(c).ID
	data["Targets"] = h.targetRows(cat, tr.Lang)
	if link, ok := c.Get("resetLink"); ok {
		data["ResetLink"] = link
	}
	h.render(c, status, "staff_admin.html", data)
}

func splitCodes(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

// saveUser creates an account (id empty) or changes one.
func (h *handler) saveUser(c *gin.Context) {
	ctx := c.Request.Context()
	again := func(status int, msg string) { h.renderAdmin(c, status, msg) }
	id, err := formID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	audit := actorOf(c).audit()
	if id == 0 {
		nu := db.NewUser{Email: c.PostForm("email"), Name: c.PostForm("name"), Role: c.PostForm("role"),
			Bodies: formBodies(c), Password: c.PostForm("password"), Lang: c.PostForm("lang")}
		if err := cleanForm(cleanField{"name", &nu.Name, 200, false}); err != nil {
			h.pageError(c, err, again)
			return
		}
		if !isLang(nu.Lang) {
			nu.Lang = "fr"
		}
		if _, err := h.store.CreateUser(ctx, nu, audit); err != nil {
			h.pageError(c, err, again)
			return
		}
		h.redirectDone(c, "/staff/admin", "user_created")
		return
	}
	if c.PostForm("erase") == "1" {
		// Deleting an account erases its personal data (db.EraseUser);
		// the row stays under a neutral label for what points to it.
		if id == currentUser(c).ID {
			again(http.StatusUnprocessableEntity, "you cannot delete your own account: another admin can")
			return
		}
		if _, err := h.store.EraseUser(ctx, id, h.now(), audit); err != nil {
			h.pageError(c, err, again)
			return
		}
		h.redirectDone(c, "/staff/admin", "user_erased")
		return
	}
	var ch db.UserChange
	role := c.PostForm("role")
	if role != "" {
		if id == currentUser(c).ID && role != account.RoleAdmin {
			again(http.StatusUnprocessableEntity, "you cannot take the admin role from your own account: another admin can")
			return
		}
		ch.Role, ch.Bodies = &role, formBodies(c)
	}
	if p := c.PostForm("password"); p != "" {
		ch.Password = &p
	}
	switch c.PostForm("disabled") {
	case "1", "0":
		d := c.PostForm("disabled") == "1"
		if d && id == currentUser(c).ID {
			again(http.StatusUnprocessableEntity, "you cannot disable your own account")
			return
		}
		ch.Disabled = &d
	}
	audit.Action, audit.Target = "update_user", fmt.Sprintf("user:%d", id)
	if _, _, err := h.store.UpdateUser(ctx, id, ch, audit); err != nil {
		h.pageError(c, err, again)
		return
	}
	h.redirectDone(c, "/staff/admin", "user_saved")
}

// saveBody creates a regional body, or changes a body's names, email
// address and email languages: one form, one audited change.
func (h *handler) saveBody(c *gin.Context) {
	again := func(status int, msg string) { h.renderAdmin(c, status, msg) }
	b := db.BodyEdit{Code: c.PostForm("code"), Owner: c.PostForm("owner"), Email: strings.TrimSpace(c.PostForm("email")),
		Langs: strings.ReplaceAll(c.PostForm("langs"), " ", ""),
		Name:  city.Names{EN: c.PostForm("name_en"), FR: c.PostForm("name_fr"), NL: c.PostForm("name_nl")}}
	if err := cleanForm(cleanField{"name_en", &b.Name.EN, 200, false}, cleanField{"name_fr", &b.Name.FR, 200, false},
		cleanField{"name_nl", &b.Name.NL, 200, false}, cleanField{"owner", &b.Owner, 100, false}); err != nil {
		h.pageError(c, err, again)
		return
	}
	if b.Email != "" {
		e, err := notify.CheckEmail(b.Email)
		if err != nil {
			h.pageError(c, newError(http.StatusUnprocessableEntity, "invalid_email", "email", "the address is not valid").say("admin.bodies.bad_email"), again)
			return
		}
		b.Email = e
	}
	if b.Langs != "" {
		if _, err := notify.ParseLangs(b.Langs); err != nil {
			h.pageError(c, newError(http.StatusUnprocessableEntity, "invalid_langs", "langs", err.Error()).say("admin.bodies.bad_langs"), again)
			return
		}
	}
	if err := h.store.SaveBody(c.Request.Context(), b, actorOf(c).audit()); err != nil {
		h.pageError(c, err, again)
		return
	}
	h.redirectDone(c, "/staff/admin", "body_saved")
}

// saveCategory creates or changes a category. Its questions come from the
// page's question blocks, or, from scripts, as JSON in questions.
func (h *handler) saveCategory(c *gin.Context) {
	again := func(status int, msg string) { h.renderAdmin(c, status, msg) }
	ce := db.CategoryEdit{Code: c.PostForm("code"), Theme: c.PostForm("theme"), Owner: c.PostForm("owner"), Active: c.PostForm("active") == "1",
		Name:   city.Names{EN: c.PostForm("name_en"), FR: c.PostForm("name_fr"), NL: c.PostForm("name_nl")},
		Notice: city.Names{EN: c.PostForm("notice_en"), FR: c.PostForm("notice_fr"), NL: c.PostForm("notice_nl")}}
	if err := cleanForm(cleanField{"name_en", &ce.Name.EN, 200, false}, cleanField{"name_fr", &ce.Name.FR, 200, false},
		cleanField{"name_nl", &ce.Name.NL, 200, false}, cleanField{"notice_en", &ce.Notice.EN, city.MaxNotice, true},
		cleanField{"notice_fr", &ce.Notice.FR, city.MaxNotice, true}, cleanField{"notice_nl", &ce.Notice.NL, city.MaxNotice, true}); err != nil {
		h.pageError(c, err, again) // in the page's language
		return
	}
	if q := strings.TrimSpace(c.PostForm("questions")); q != "" {
		dec := json.NewDecoder(strings.NewReader(q))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ce.Questions); err != nil {
			again(http.StatusUnprocessableEntity, "the questions are not a JSON list of questions: "+err.Error())
			return
		}
	} else {
		qs, err := formQuestions(c)
		if err != nil {
			h.pageError(c, err, again)
			return
		}
		ce.Questions = qs
	}
	before, _ := h.store.Catalog().Category(strings.TrimSpace(ce.Code))
	if err := h.store.SaveCategory(c.Request.Context(), ce, actorOf(c).audit()); err != nil {
		h.pageError(c, err, func(status int, msg string) { h.renderAdminTyped(c, status, msg, &ce) })
		return
	}
	// The codes this change removed or renamed: the page then says how
	// many reports keep answers under them (staff still see those).
	var gone []string
	for _, q := range before.Questions {
		if !slices.ContainsFunc(ce.Questions, func(n city.Question) bool { return n.Code == q.Code }) {
			gone = append(gone, q.Code)
		}
	}
	done := url.Values{"done": {"category_saved"}}
	if len(gone) > 0 {
		done.Set("retired", before.Code)
		done.Set("codes", strings.Join(gone, ","))
	}
	if c.PostForm("move") != "" || len(gone) > 0 {
		c.Redirect(http.StatusSeeOther, "/staff/admin?"+done.Encode()+"#cat-"+url.PathEscape(ce.Code))
		return
	}
	h.redirectDone(c, "/staff/admin", "category_saved")
}

// answersKept says, after a category's questions were saved, how many
// reports keep answers under the codes the change removed or renamed
// (?retired=category&codes=a,b). The counts are read again here, and only
// for codes the category no longer asks, so the link tells nothing false.
func (h *handler) answersKept(c *gin.Context, tr Tr) ([]string, error) {
	x, ok := h.store.Catalog().Category(c.Query("retired"))
	if !ok {
		return nil, nil
	}
	var codes []string
	for _, code := range strings.Split(c.Query("codes"), ",") {
		if code == "" || len(code) > 40 || slices.Contains(codes, code) ||
			slices.ContainsFunc(x.Questions, func(q city.Question) bool { return q.Code == code }) {
			continue
		}
		if codes = append(codes, code); len(codes) == city.MaxQuestions {
			break
		}
	}
	counts, err := h.store.AnswersUnder(c.Request.Context(), x.Code, codes)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, code := range codes {
		if n := counts[code]; n > 0 {
			out = append(out, tr.N("admin.answers_kept", n, "Code", code))
		}
	}
	return out, nil
}
