package handlers

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// Staff report on behalf of a citizen who phoned or came to the counter:
// the citizens' form without its scripts (staff type the street), posted
// to /staff/new. The report is the citizen's like any other; who entered
// it and how is staff information, shown on the staff page and audited,
// never in the public history. The citizen's contact is optional.

func channelOptions(tr Tr, sel string) []option {
	var out []option
	for _, ch := range db.EntryChannels {
		out = append(out, option{ch, tr.T("entry.channel." + ch), ch == sel})
	}
	return out
}

// staffReportForm is GET /staff/new.
func (h *handler) staffReportForm(c *gin.Context) {
	h.renderForm(c, http.StatusOK, formValues{StaffEntry: true, Channel: "phone"}, "", "")
}

// staffReportSubmit is POST /staff/new: the report, then the mark of who
// entered it, then the staff page of the report.
func (h *handler) staffReportSubmit(c *gin.Context) {
	tr := h.translator(pageLang(c))
	if !slices.Contains(db.EntryChannels, c.PostForm("channel")) {
		f, _ := h.readForm(c.Request.PostForm, tr)
		f.StaffEntry = true
		h.renderForm(c, http.StatusUnprocessableEntity, f, tr.T("entry.need_channel"), "")
		return
	}
	r, _, ok := h.receiveForm(c, tr, true)
	if !ok {
		return
	}
	u := currentUser(c)
	if _, err := h.store.MarkEnteredByStaff(c.Request.Context(), r.ID, u.ID, c.PostForm("channel"), actorOf(c).audit()); err != nil {
		h.failPage(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/reports/%d?done=entered", r.ID))
}
