package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// "Download my data" (GET /reports/{id}/manage/export?token=…): the
// reporter's right of access, from the manage link. JSON by default,
// a readable page with format=html. Both are private: no-store, no
// referrer.

// exportView is the download: a public representation of the private data,
// never a storage row.
type exportView struct {
	GeneratedAt   time.Time            `json:"generated_at"`
	Report        reportView           `json:"report"`
	Reporter      exportReporter       `json:"reporter"`
	Subscriptions []exportSubscription `json:"subscriptions"`
	Messages      []exportMessage      `json:"messages"`
}

type exportReporter struct {
	Name           string     `json:"name"`
	Email          string     `json:"email"`
	Phone          string     `json:"phone"`
	ShowName       bool       `json:"show_name"`
	PublicName     string     `json:"public_name,omitempty"`
	ContactConsent bool       `json:"contact_consent"`
	ReportEmails   bool       `json:"report_emails"` // emails about the report, unless they unsubscribed
	ErasedAt       *time.Time `json:"erased_at,omitempty"`
}

type exportSubscription struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	ReportID    *int64     `json:"report_id,omitempty"`
	Area        string     `json:"area,omitempty"`
	Lat         *float64   `json:"lat,omitempty"`
	Lon         *float64   `json:"lon,omitempty"`
	RadiusM     *int64     `json:"radius_m,omitempty"`
	Themes      string     `json:"themes,omitempty"`
	Frequency   string     `json:"frequency"`
	Lang        string     `json:"lang"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
}

type exportMessage struct {
	ID          int64      `json:"id"`
	Event       string     `json:"event"`
	ReportID    *int64     `json:"report_id,omitempty"`
	To          string     `json:"to"`
	Subject     string     `json:"subject"`
	Text        string     `json:"text"`
	Status      string     `json:"status"`
	CreatedAt   time.Time  `json:"created_at"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
}

func optInt(v int64, ok bool) *int64 {
	if !ok {
		return nil
	}
	return &v
}

func optFloat(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func newExportView(d db.ReporterData, r reportView, now time.Time) exportView {
	rep := d.Reporter
	v := exportView{GeneratedAt: now.UTC(), Report: r, Subscriptions: []exportSubscription{}, Messages: []exportMessage{},
		Reporter: exportReporter{Name: rep.Name, Email: rep.Email, Phone: rep.Phone, ShowName: d.PublicName != "", PublicName: d.PublicName,
			ContactConsent: rep.ContactConsent, ReportEmails: !rep.NotifyOff, ErasedAt: optTime(rep.ErasedAt)}}
	for _, s := range d.Subscriptions {
		v.Subscriptions = append(v.Subscriptions, exportSubscription{ID: s.ID, Kind: s.Kind,
			ReportID: optInt(s.ReportID.Int64, s.ReportID.Valid), Area: s.AreaCode.String,
			Lat: optFloat(s.Lat.Float64, s.Lat.Valid), Lon: optFloat(s.Lon.Float64, s.Lon.Valid), RadiusM: optInt(s.RadiusM.Int64, s.RadiusM.Valid),
			Themes: s.Themes, Frequency: s.Frequency, Lang: s.Lang, Status: s.Status, CreatedAt: s.CreatedAt.Time,
			ConfirmedAt: optTime(s.ConfirmedAt), CancelledAt: optTime(s.CancelledAt)})
	}
	for _, m := range d.Messages {
		v.Messages = append(v.Messages, exportMessage{ID: m.ID, Event: m.Event, ReportID: optInt(m.ReportID.Int64, m.ReportID.Valid),
			To: m.Recipient, Subject: m.Subject, Text: m.Text, Status: m.Status, CreatedAt: m.CreatedAt.Time, DeliveredAt: optTime(m.DeliveredAt)})
	}
	return v
}

// manageExport is GET /reports/{id}/manage/export?token=…[&format=html].
func (h *handler) manageExport(c *gin.Context) {
	privatePage(c)
	c.Header("Referrer-Policy", "no-referrer")
	html := c.Query("format") == "html"
	fail := h.fail
	if html {
		fail = h.failPage
	}
	switch c.Query("format") {
	case "", "json", "html":
	default:
		fail(c, badRequest("invalid_format", "format", "format must be json or html"))
		return
	}
	id, err := parseID(c)
	if err == nil {
		err = h.checkToken(c.Request.Context(), id, c.Query("token"))
	}
	if err != nil {
		fail(c, err)
		return
	}
	d, err := h.store.ReporterData(c.Request.Context(), id)
	if err != nil {
		fail(c, err)
		return
	}
	r, photos, events, err := h.publicReport(c)
	if err != nil {
		fail(c, err)
		return
	}
	l := lang(c)
	if html {
		l = pageLang(c)
	}
	v := newExportView(d, newReportView(h.store.Catalog(), r, photos, events, l), h.now())
	if !html {
		c.Header("Content-Disposition", `attachment; filename="streetfix-report-`+strconv.FormatInt(id, 10)+`-my-data.json"`)
		c.JSON(http.StatusOK, v)
		return
	}
	data, tr := h.page(c)
	data["X"], data["Token"] = v, c.Query("token")
	data["Generated"] = h.dateText(h.now(), l)
	if !d.Reporter.ErasedAt.IsZero() {
		data["Erased"] = h.dateText(d.Reporter.ErasedAt.Time, l)
	}
	type line struct{ At, Text string }
	var history []line
	for _, e := range events {
		text := tr.T("status." + e.ToStatus)
		if e.ToStatus == "" {
			text = ""
		}
		if e.Note != "" {
			text = strings.TrimPrefix(text+" — "+e.Note, " — ")
		}
		history = append(history, line{h.dateText(e.CreatedAt.Time, l), text})
	}
	var subs []string
	for _, s := range d.Subscriptions {
		what := s.Kind
		if h.cfg.Notify != nil {
			what = h.cfg.Notify.Describe(c.Request.Context(), l, s)
		}
		subs = append(subs, what+" ("+tr.T("privacy.export.sub."+s.Status)+")")
	}
	type message struct{ At, To, Subject, Text string }
	var msgs []message
	for _, m := range d.Messages {
		msgs = append(msgs, message{h.dateText(m.CreatedAt.Time, l), m.Recipient, m.Subject, m.Text})
	}
	data["History"], data["Subs"], data["Messages"] = history, subs, msgs
	h.render(c, http.StatusOK, "manage_export.html", data)
}
