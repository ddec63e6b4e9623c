package handlers

import (
	"github.com/gin-gonic/gin"
	"net/http"

	"streetfix/report"
)

// "Reports on this phone" (/mine) lists every report sent from this
// browser, and those still waiting to be sent, with each one's status
// asked of the API when the page opens. The list lives in the browser
// (IndexedDB, written by app.js as reports are sent), never on the server,
// so the page itself is the same for everyone and mine.js fills it.

// mineData is what mine.js reads from the page: the words it needs.
type mineData struct {
	Statuses map[string]string `json:"statuses"`
	T        map[string]string `json:"t"`
}

var mineMessages = []string{"mine.waiting", "mine.failed", "mine.sent", "mine.unknown", "mine.gone", "mine.offline",
	"mine.view", "mine.manage", "mine.empty"}

func (h *handler) minePage(c *gin.Context) {
	data, tr := h.page(c)
	md := mineData{Statuses: map[string]string{}, T: map[string]string{}}
	for _, s := range report.Visible() {
		md.Statuses[s] = tr.T("status." + s)
	}
	for _, id := range mineMessages {
		md.T[id] = tr.T(id)
	}
	data["App"], data["Mine"] = h.appData(tr, false), md
	h.render(c, http.StatusOK, "mine.html", data)
}
