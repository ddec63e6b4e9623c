package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/account"
	"streetfix/city"
	"streetfix/db"
	"streetfix/gazetteer"
	"streetfix/report"
)

// The back office's pages: the triage queue, one report, bulk actions.
// Every form posts back here and redirects (post/redirect/get), so a
// reload never repeats an action.

const queuePageSize = 50

// queueFilter is the queue's query string, parsed and checked.
type queueFilter struct {
	Theme, Category, Status, Area, Body, Photo, Q, Sort string
	Assignee                                            string // me, none or a user id
	View                                                string // map: the map rather than the list on a narrow screen
	MinDays, MaxDays                                    int
	Page                                                int
}

func (h *handler) parseQueue(c *gin.Context) (queueFilter, db.QueueQuery, error) {
	f := queueFilter{Theme: c.Query("theme"), Category: c.Query("category"), Status: c.Query("status"), Area: c.Query("area"),
		Body: c.Query("body"), Photo: c.Query("photo"), Q: strings.TrimSpace(c.Query("q")), Sort: c.DefaultQuery("sort", db.SortNewest), Page: 1,
		Assignee: c.Query("assignee"), View: c.Query("view")}
	if _, asked := c.GetQuery("status"); !asked {
		f.Status = report.GroupOpen // the queue opens on the work to do; "any" is status=
	}
	cat := h.store.Catalog()
	bad := func(field, msg string) error { return badRequest("invalid_filter", field, msg) }
	if _, ok := cat.Theme(f.Theme); f.Theme != "" && !ok {
		return f, db.QueueQuery{}, bad("theme", "no theme "+strconv.Quote(f.Theme))
	}
	if _, ok := cat.Category(f.Category); f.Category != "" && !ok {
		return f, db.QueueQuery{}, bad("category", "no category "+strconv.Quote(f.Category))
	}
	if f.Status != "" && !report.IsStatus(f.Status) && !report.IsGroup(f.Status) {
		return f, db.QueueQuery{}, bad("status", "status is a status or one of open, fixed, closed")
	}
	if _, ok := cat.Area(f.Area); f.Area != "" && !ok {
		return f, db.QueueQuery{}, bad("area", "no area "+strconv.Quote(f.Area))
	}
	if _, ok := cat.Body(f.Body); f.Body != "" && !ok {
		return f, db.QueueQuery{}, bad("body", "no body "+strconv.Quote(f.Body))
	}
	if f.View != "" && f.View != "map" {
		return f, db.QueueQuery{}, bad("view", "view is map or omitted")
	}
	validSort := false
	for _, s := range db.QueueSorts {
		validSort = validSort || s == f.Sort
	}
	if !validSort {
		return f, db.QueueQuery{}, bad("sort", "sort is one of "+strings.Join(db.QueueSorts, ", "))
	}
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"min_days", &f.MinDays, 36500}, {"max_days", &f.MaxDays, 36500}, {"page", &f.Page, 100000}} {
		if v := c.Query(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > p.max {
				return f, db.QueueQuery{}, bad(p.name, fmt.Sprintf("%s is a whole number from 0 to %d", p.name, p.max))
			}
			*p.dst = n
		}
	}
	if len(f.Q) > 200 {
		return f, db.QueueQuery{}, bad("q", "the search is at most 200 characters")
	}
	q := db.QueueQuery{Theme: f.Theme, Category: f.Category, Status: f.Status, Area: f.Area, Body: f.Body, Text: f.Q, Sort: f.Sort,
		Page: f.Page, PageSize: queuePageSize, MinAge: time.Duration(f.MinDays) * 24 * time.Hour, MaxAge: time.Duration(f.MaxDays) * 24 * time.Hour}
	if err := parseAssignee(f.Assignee, currentUser(c), &q); err != nil {
		return f, db.QueueQuery{}, err
	}
	switch f.Photo {
	case "yes", "no":
		v := f.Photo == "yes"
		q.HasPhoto = &v
	case "":
	default:
		return f, db.QueueQuery{}, bad("photo", "photo is yes or no")
	}
	q.Bodies = staffScope(currentUser(c))
	return f, q, nil
}

// encode returns the filter as a query string, with changes applied.
func (f queueFilter) encode(changes ...string) string {
	v := url.Values{}
	for k, s := range map[string]string{"theme": f.Theme, "category": f.Category, "status": f.Status, "area": f.Area, "body": f.Body,
		"photo": f.Photo, "q": f.Q, "sort": f.Sort, "assignee": f.Assignee, "view": f.View} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Status == "" {
		v.Set("status", "") // any status, not the default open ones
	}
	if f.MinDays > 0 {
		v.Set("min_days", strconv.Itoa(f.MinDays))
	}
	if f.MaxDays > 0 {
		v.Set("max_days", strconv.Itoa(f.MaxDays))
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			v.Del(changes[i])
		} else {
			v.Set(changes[i], changes[i+1])
		}
	}
	return v.Encode()
}

type option struct {
	Value, Label string
	Selected     bool
}

type queueRow struct {
	R                                   db.Report
	Category, Theme, Area, Body, Status string
	Group, Age, Created                 string
	Assignee                            string
	Overdue                             bool
}

func (h *handler) staffData(c *gin.Context, title string) (Tr, map[string]any) {
	l := pageLang(c)
	tr := h.translator(l)
	return tr, map[string]any{"Lang": l, "Tr": tr, "Langs": langLinks(c, l), "Title": title}
}

// queuePage is /staff: the triage queue.
func (h *handler) queuePage(c *gin.Context) {
	f, q, err := h.parseQueue(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	page, err := h.store.Queue(c.Request.Context(), q)
	if err != nil {
		h.failPage(c, err)
		return
	}
	tr, data := h.staffData(c, "")
	data["Title"] = tr.T("staff.queue")
	l := tr.Lang
	cat := h.store.Catalog()
	u := currentUser(c)
	opts := func(sel string, items [][2]string) []option {
		out := []option{{Value: "", Label: tr.T("queue.any"), Selected: sel == ""}}
		for _, it := range items {
			out = append(out, option{Value: it[0], Label: it[1], Selected: it[0] == sel})
		}
		return out
	}
	var themes, cats, areas, bodies, statuses [][2]string
	for _, t := range cat.Themes {
		themes = append(themes, [2]string{t.Code, t.Name.Get(l)})
	}
	for _, x := range cat.Categories {
		cats = append(cats, [2]string{x.Code, x.Name.Get(l)})
	}
	for _, a := range cat.Areas {
		areas = append(areas, [2]string{a.Code, a.Name.Get(l)})
	}
	for _, b := range cat.Bodies {
		if u.Sees(b.Code) {
			bodies = append(bodies, [2]string{b.Code, b.Name.Get(l)})
		}
	}
	for _, g := range report.Groups {
		statuses = append(statuses, [2]string{g, tr.T("queue.group." + g)})
	}
	for _, s := range report.Statuses {
		statuses = append(statuses, [2]string{s, tr.T("status." + s)})
	}
	var sorts []option
	for _, s := range db.QueueSorts {
		sorts = append(sorts, option{Value: s, Label: tr.T("queue.sort." + s), Selected: s == f.Sort})
	}
	data["F"] = f
	data["Themes"], data["Categories"], data["Areas"], data["Bodies"], data["Statuses"] = opts(f.Theme, themes), opts(f.Category, cats), opts(f.Area, areas), opts(f.Body, bodies), opts(f.Status, statuses)
	data["Photo"] = []option{{"", tr.T("queue.any"), f.Photo == ""}, {"yes", tr.T("queue.photo.yes"), f.Photo == "yes"}, {"no", tr.T("queue.photo.no"), f.Photo == "no"}}
	data["Sorts"] = sorts
	colleagues, names, err := h.colleagues(c.Request.Context(), tr, u)
	if err != nil {
		h.failPage(c, err)
		return
	}
	data["AssigneeFilter"], data["CanAssign"] = assigneeFilter(tr, f.Assignee, colleagues, names), u.Can(account.Assign)
	if data["BulkTemplates"], err = h.bulkTemplates(c, tr); err != nil {
		h.failPage(c, err)
		return
	}
	now := h.now()
	var rows []queueRow
	for _, r := range page.Reports {
		row := queueRow{R: r, Status: tr.T("status." + r.Status), Group: report.Group(r.Status),
			Age: tr.N("queue.days", int(now.Sub(r.CreatedAt.Time).Hours()/24)), Created: r.CreatedAt.In(h.cfg.Location).Format("2006-01-02")}
		if x, ok := cat.Category(r.Category); ok {
			row.Category = x.Name.Get(l)
		}
		if x, ok := cat.Theme(r.Theme); ok {
			row.Theme = x.Name.Get(l)
		}
		if x, ok := cat.Area(r.AreaCode); ok {
			row.Area = x.Name.Get(l)
		}
		if x, ok := cat.Body(r.BodyCode); ok {
			row.Body = x.Name.Get(l)
		}
		row.Overdue = report.Group(r.Status) == report.GroupOpen && now.Sub(r.CreatedAt.Time) > overdueAfter
		if r.AssigneeID.Valid {
			row.Assignee = names[r.AssigneeID.Int64]
		}
		rows = append(rows, row)
	}
	data["Rows"] = rows
	var counts []option
	for _, s := range report.Statuses {
		if n := page.Counts[s]; n > 0 {
			counts = append(counts, option{Value: f.encode("status", s, "page", ""), Label: tr.Colon(tr.T("status."+s)) + " " + tr.Number(int64(n)), Selected: f.Status == s})
		}
	}
	data["Counts"] = counts
	data["Total"] = tr.N("queue.total", page.Total)
	pages := (page.Total + queuePageSize - 1) / queuePageSize
	if f.Page > 1 {
		data["Prev"] = "/staff?" + f.encode("page", strconv.Itoa(f.Page-1))
	}
	if f.Page < pages {
		data["Next"] = "/staff?" + f.encode("page", strconv.Itoa(f.Page+1))
	}
	data["PageOf"] = tr.T("queue.page", "Page", f.Page, "Pages", max(pages, 1))
	data["ListURL"], data["MapURL"] = "/staff?"+f.encode("view", ""), "/staff?"+f.encode("view", "map")
	data["MapData"], data["Leaflet"] = h.staffMap(tr), true
	data["Back"] = c.Request.URL.RequestURI()
	data["CanBulk"] = u.Can(account.ChangeStatus)
	var visible, targets []option
	for _, s := range report.Visible() {
		visible = append(visible, option{Value: s, Label: tr.T("status." + s)})
	}
	for _, b := range cat.Bodies {
		targets = append(targets, option{Value: b.Code, Label: b.Name.Get(l)})
	}
	data["VisibleStatuses"], data["AllBodies"] = visible, targets
	// A bulk action that some reports refused says so, as an error.
	var done, total int
	if _, err := fmt.Sscanf(c.Query("done"), "%d/%d", &done, &total); err == nil && total > 0 {
		if done == total {
			data["Done"] = c.Query("done")
		} else {
			data["Error"] = tr.T("queue.bulk_partial", "Done", done, "Total", total, "Refused", total-done)
		}
	}
	h.render(c, http.StatusOK, "staff_queue.html", data)
}

// overdueAfter marks open reports as late in the queue.
const overdueAfter = 14 * 24 * time.Hour

// bulk applies one change to the reports ticked in the queue.
func (h *handler) bulk(c *gin.Context) {
	if err := c.Request.ParseForm(); err != nil {
		h.failPage(c, badRequest("invalid_form", "", "the form could not be read"))
		return
	}
	ids := c.PostFormArray("ids")
	if len(ids) == 0 || len(ids) > queuePageSize*4 {
		h.failPage(c, badRequest("invalid_form", "ids", "tick between 1 and 200 reports"))
		return
	}
	var ch staffChange
	var forReport func(r db.Report, ch *staffChange) // what differs per report
	switch c.PostForm("action") {
	case "status":
		ch.Status, ch.Note = c.PostForm("status"), c.PostForm("note")
		var err error
		if forReport, err = h.bulkTemplate(c, ch.Note); err != nil {
			h.failPage(c, err)
			return
		}
	case "body":
		ch.Body = c.PostForm("body")
	case "assign":
		a, err := assigneeValue(c.PostForm("assignee"), currentUser(c))
		if err != nil {
			h.failPage(c, err)
			return
		}
		ch.Assignee = a
	default:
		h.failPage(c, badRequest("invalid_form", "action", "action is status, body or assign"))
		return
	}
	a := actorOf(c)
	done, refused := 0, 0
	for _, s := range ids {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			refused++
			continue
		}
		ch := ch
		if forReport != nil {
			r, err := h.store.Report(c.Request.Context(), id)
			if err != nil {
				refused++
				continue
			}
			forReport(r, &ch)
		}
		if _, err := h.applyChange(c.Request.Context(), a, id, ch); err != nil {
			refused++
			continue
		}
		done++
	}
	back := localPath(c.PostForm("back"), "/staff")
	if back != "/staff" && !strings.HasPrefix(back, "/staff?") && !strings.HasPrefix(back, "/staff/") {
		back = "/staff"
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	c.Redirect(http.StatusSeeOther, back+sep+"done="+url.QueryEscape(fmt.Sprintf("%d/%d", done, done+refused)))
}

type staffEvent struct {
	At, What, Note, Actor string
	Public                bool
	ID                    int64
	Update                bool // a reporter's update, which staff may hide or edit
	when                  int64
}

type staffPhotoView struct {
	ID, Thumb, Large, Original string // Original: the photo before redaction, for admins
	W, H                       int    // the thumbnail's size, so the page does not move as it loads
	Hidden, Redacted           bool
}

// inspectPage is /staff/reports/{id}: everything about one report and the
// forms that act on it.
func (h *handler) inspectPage(c *gin.Context) {
	h.renderInspect(c, http.StatusOK, "")
}

func (h *handler) renderInspect(c *gin.Context, status int, errMsg string) {
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	ctx := c.Request.Context()
	r, err := h.store.Report(ctx, id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	u := currentUser(c)
	if !u.Sees(r.BodyCode) {
		h.failPage(c, forbidden(u, r.BodyCode))
		return
	}
	tr, data := h.staffData(c, "")
	l := tr.Lang
	data["Title"] = fmt.Sprintf("#%d %s", r.ID, r.Title)
	cat := h.store.Catalog()
	events, err := h.store.Events(ctx, id, true)
	if err != nil {
		h.failPage(c, err)
		return
	}
	photos, err := h.store.Photos(ctx, id, true)
	if err != nil {
		h.failPage(c, err)
		return
	}
	names, err := h.userNames(ctx, tr)
	if err != nil {
		h.failPage(c, err)
		return
	}
	who, priorities, err := h.actorNames(ctx, tr, id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	var hist []staffEvent
	for _, e := range events {
		what := tr.T("report.note")
		switch e.Kind {
		case db.EventCreated:
			what = tr.T("report.created")
		case db.EventStatus:
			what = tr.T("status."+e.FromStatus) + " → " + tr.T("status."+e.ToStatus)
		case db.EventAssign:
			what, e.Note = assignEventText(tr, names, e.Note), ""
		}
		actor := e.Actor
		switch e.Actor {
		case db.ActorReporter, db.ActorStaff, db.ActorSystem: // in the page's language
			actor = tr.T("actor." + e.Actor)
		}
		if e.Actor == db.ActorStaff {
			if n := who(e.CreatedAt); n != "" {
				actor = n
			}
		}
		hist = append(hist, staffEvent{At: e.CreatedAt.In(h.cfg.Location).Format("2006-01-02 15:04"), What: what, Note: e.Note, Actor: actor, Public: e.Public,
			ID: e.ID, Update: isUpdate(e), when: e.CreatedAt.UnixMilli()})
	}
	// Priority changes have no event: they come from the audit log, for staff only.
	for _, p := range priorities {
		var before, after struct {
			Priority int `json:"priority"`
		}
		json.Unmarshal([]byte(p.BeforeRaw), &before)
		json.Unmarshal([]byte(p.AfterRaw), &after)
		hist = append(hist, staffEvent{At: p.CreatedAt.In(h.cfg.Location).Format("2006-01-02 15:04"),
			What:  tr.Colon(tr.T("inspect.priority")) + " " + tr.T(fmt.Sprintf("priority.%d", before.Priority)) + " → " + tr.T(fmt.Sprintf("priority.%d", after.Priority)),
			Actor: who(p.CreatedAt), when: p.CreatedAt.UnixMilli()})
	}
	sort.SliceStable(hist, func(i, j int) bool { return hist[i].when < hist[j].when })
	redacted, err := h.store.RedactedPhotos(ctx, id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	var ps []staffPhotoView
	for _, p := range photos {
		v := staffPhotoView{ID: p.ID, Thumb: "/staff/photos/" + p.ID + "_thumb.jpg", Large: "/staff/photos/" + p.ID + ".jpg",
			W: p.ThumbWidth, H: p.ThumbHeight, Hidden: p.Hidden, Redacted: redacted[p.ID]}
		if v.Redacted && u.Can(account.ReadOriginals) {
			v.Original = "/staff/photos/" + p.ID + "_original.jpg"
		}
		ps = append(ps, v)
	}
	data["R"], data["History"], data["Photos"] = r, hist, ps
	if data["Questionnaires"], err = h.questionnaireRows(ctx, tr, id); err != nil {
		h.failPage(c, err)
		return
	}
	data["Group"], data["StatusName"] = report.Group(r.Status), tr.T("status."+r.Status)
	if x, ok := cat.Category(r.Category); ok {
		data["Category"] = x.Name.Get(l)
		// Staff see every answer, private ones marked as such, and those
		// to questions the category no longer asks under their stored code.
		data["Answers"] = city.StaffAnswers(x.Questions, r.Answers, l)
		data["AnswerForms"] = answerForms(x, r.Answers, l)
	}
	if x, ok := cat.Theme(r.Theme); ok {
		data["Theme"] = x.Name.Get(l)
	}
	if x, ok := cat.Area(r.AreaCode); ok {
		data["Area"] = x.Name.Get(l)
	}
	if x, ok := cat.Body(r.BodyCode); ok {
		data["Body"] = x.Name.Get(l)
	}
	data["Created"] = r.CreatedAt.In(h.cfg.Location).Format("2006-01-02 15:04") + " (" + h.cfg.Location.String() + ")"
	data["LangName"] = langNames[r.Locale]
	if m, ok := cat.Streets.Nearest(orb.Point{r.Lon, r.Lat}, gazetteer.MaxReverseDistance); ok {
		data["Street"] = tr.T("inspect.street_at", "Street", newPlaceView(m, l).Label, "M", strconv.Itoa(int(m.Distance+0.5)))
	}
	// The reporter's contact: for the body only when the reporter allowed
	// it (as in the body's email); admins see it to act on requests.
	if u.Can(account.ReadPersonal) {
		if rep, err := h.store.ReporterOf(ctx, id); err == nil {
			if rep.ContactConsent || u.Role == account.RoleAdmin {
				data["Reporter"] = rep
			}
			data["NoConsent"] = !rep.ContactConsent && (rep.Email != "" || rep.Name != "" || rep.Phone != "")
		}
	}
	if u.Can(account.ReadOriginals) {
		mods, err := h.store.ModerationHistory(ctx, id)
		if err != nil {
			h.failPage(c, err)
			return
		}
		data["Moderation"] = mods
		audit, err := h.store.AuditLog(ctx, db.AuditQuery{ReportID: id, Limit: 50})
		if err != nil {
			h.failPage(c, err)
			return
		}
		data["Audit"] = audit
	}
	var statuses []option
	for _, s := range report.Visible() {
		if s != r.Status {
			statuses = append(statuses, option{Value: s, Label: tr.T("status." + s)})
		}
	}
	data["Statuses"] = statuses
	// Templates for every status, in the report's language: the note goes
	// to the reporter, who wrote in that language.
	tpls, err := h.store.Templates(ctx, "", "")
	if err != nil {
		h.failPage(c, err)
		return
	}
	type tplOption struct{ Value, Label, Status, Text string }
	var tplOpts []tplOption
	for _, t := range tpls {
		if (t.Category == "" || t.Category == r.Category) && (t.Body == "" || t.Body == r.BodyCode) {
			tplOpts = append(tplOpts, tplOption{Value: strconv.FormatInt(t.ID, 10), Label: tr.T("status."+t.Status) + " — " + t.Name,
				Status: t.Status, Text: t.Text(r.Locale)})
		}
	}
	data["Templates"] = tplOpts
	var cats, bodies []option
	for _, x := range cat.Categories {
		cats = append(cats, option{Value: x.Code, Label: x.Name.Get(l), Selected: x.Code == r.Category})
	}
	for _, b := range cat.Bodies {
		bodies = append(bodies, option{Value: b.Code, Label: b.Name.Get(l), Selected: b.Code == r.BodyCode})
	}
	data["AllCategories"], data["AllBodies"] = cats, bodies
	data["Priorities"] = []option{{"0", tr.T("priority.0"), r.Priority == 0}, {"1", tr.T("priority.1"), r.Priority == 1}, {"2", tr.T("priority.2"), r.Priority == 2}}
	data["PriorityName"] = tr.T(fmt.Sprintf("priority.%d", r.Priority))
	data["Can"] = func(action string) bool { return u.CanTouch(action, r.BodyCode) }
	if err := h.assignForm(ctx, data, u, r, names); err != nil {
		h.failPage(c, err)
		return
	}
	if u.CanTouch(account.MergeDuplicate, r.BodyCode) && report.Group(r.Status) != report.GroupClosed && r.Status != report.StatusHidden {
		if data["Candidates"], err = h.mergeCandidates(ctx, tr, u, r); err != nil {
			h.failPage(c, err)
			return
		}
		data["CanMerge"] = true
	}
	// A message says what was done, and never sits next to an error.
	if errMsg == "" && c.Request.Method == http.MethodGet {
		if d := c.Query("done"); d != "" && doneActions[d] {
			data["Done"] = tr.T("done." + d)
		}
	}
	data["Error"] = errMsg
	if data["MapData"], err = h.reportMap(ctx, tr, u, r); err != nil {
		h.failPage(c, err)
		return
	}
	data["Leaflet"] = true
	data["Self"] = "/staff/reports/" + strconv.FormatInt(r.ID, 10)
	data["PublicURL"] = "/reports/" + strconv.FormatInt(r.ID, 10)
	h.render(c, status, "staff_report.html", data)
}

// doneActions are the actions whose success the report page announces
// (done.<action> in the catalogues).
var doneActions = map[string]bool{"status": true, "internal": true, "priority": true, "reassign": true, "duplicate": true,
	"hide": true, "unhide": true, "edit": true, "hide_photo": true, "show_photo": true, "anonymise": true, "redact_photo": true,
	"hide_update": true, "show_update": true, "edit_update": true, "answers": true, "undo_merge": true, "assign": true, "entered": true}

// reportAction handles the forms of the report page.
func (h *handler) reportAction(c *gin.Context) {
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	var ch staffChange
	action := c.PostForm("action")
	switch action {
	case "status":
		ch.Status, ch.Note = c.PostForm("status"), c.PostForm("note")
		if ch.Note == "" && c.PostForm("template") != "" {
			tid, _ := strconv.ParseInt(c.PostForm("template"), 10, 64)
			t, err := h.store.Template(c.Request.Context(), tid)
			if err != nil {
				h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("refusal.no_template"))
				return
			}
			r, _ := h.store.Report(c.Request.Context(), id)
			ch.Note = t.Text(r.Locale)
			if ch.Status == "" {
				ch.Status = t.Status
			}
		}
		if ch.Status == "" && ch.Note == "" {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("inspect.need_status"))
			return
		}
	case "internal":
		ch.Internal = c.PostForm("note")
		if strings.TrimSpace(ch.Internal) == "" {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("inspect.need_note"))
			return
		}
	case "priority":
		p, err := strconv.Atoi(c.PostForm("priority"))
		if err != nil {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("refusal.priority"))
			return
		}
		ch.Priority = &p
	case "reassign":
		ch.Category, ch.Body = c.PostForm("category"), c.PostForm("body")
	case "duplicate":
		// A typed number wins over a ticked candidate.
		typed := strings.TrimSpace(c.PostForm("kept_id"))
		if typed == "" {
			typed = strings.TrimSpace(c.PostForm("kept"))
		}
		kept, err := strconv.ParseInt(strings.TrimPrefix(typed, "#"), 10, 64)
		if err != nil || kept <= 0 {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("inspect.need_kept"))
			return
		}
		ch.DuplicateOf, ch.Note = kept, c.PostForm("note")
	case "undo_merge":
		ch.UndoMerge = true
	case "hide", "unhide":
		v := action == "hide"
		ch.Hidden, ch.Internal = &v, c.PostForm("reason")
	case "edit":
		t, d := c.PostForm("title"), c.PostForm("description")
		ch.Title, ch.Description = &t, &d
	case "hide_photo":
		ch.HidePhoto = c.PostForm("photo")
	case "show_photo":
		ch.ShowPhoto = c.PostForm("photo")
	case "anonymise":
		ch.Anonymise = true
	case "assign":
		if ch.Assignee, err = assigneeValue(c.PostForm("assignee"), currentUser(c)); err != nil {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.toAPIError(c, err).Message)
			return
		}
	case "answers":
		r, err := h.store.Report(c.Request.Context(), id)
		if err != nil {
			h.failPage(c, err)
			return
		}
		if x, ok := h.store.Catalog().Category(r.Category); ok {
			ch.Answers = changedAnswers(x, r.Answers, pageLang(c), c.PostForm)
		}
		if len(ch.Answers) == 0 {
			h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("answers.unchanged"))
			return
		}
	case "hide_update", "show_update", "edit_update":
		h.moderateUpdate(c, id, action)
		return
	default:
		h.failPage(c, badRequest("invalid_form", "action", "unknown action"))
		return
	}
	if _, err := h.applyChange(c.Request.Context(), actorOf(c), id, ch); err != nil {
		e := h.toAPIError(c, err)
		if e.Status == http.StatusNotFound || e.Status >= 500 || e.Status == http.StatusForbidden {
			h.failPage(c, err)
			return
		}
		h.renderInspect(c, e.Status, h.staffMessage(h.translator(pageLang(c)), e))
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/reports/%d?done=%s", id, url.QueryEscape(action)))
}
