package notify

import (
	"strconv"
	"strings"

	"streetfix/calendar"
	"streetfix/db"
	"streetfix/geo"

	"github.com/paulmach/orb"
)

// reportView is a report as an email shows it, in one language.
type reportView struct {
	ID                                int64
	Title, Description                string
	Category, Area, Body, Status, URL string
	Address                           string // nearest street or municipality
	Lat, Lon                          string
	Reported                          string // when it was made, in local time
	KeptID                            int64  // a duplicate's kept report, else 0
	KeptURL                           string
}

// eventView is a status change or a note, in one language.
type eventView struct {
	Kind, From, To, Note string
	At                   string // when it happened, in local time
}

// contactView is what a body may learn of the reporter, with consent.
type contactView struct {
	Name, Email, Phone string
}

// digestItem is one line of a digest.
type digestItem struct {
	At, Line, URL string
}

// mailData is what every email template sees.
type mailData struct {
	Tr          tr
	Report      reportView
	Event       eventView
	Contact     *contactView
	Why         string // the message id that says why this email came
	What        string // what the subscription is about
	Unsubscribe string
	Manage      string // the reporter's manage link; only in their own emails
	Confirm     string
	Items       []digestItem
}

func (s *Service) reportURL(id int64) string {
	return s.cfg.BaseURL + "/reports/" + strconv.FormatInt(id, 10)
}

func (s *Service) reportView(t tr, r db.Report) reportView {
	v := reportView{ID: r.ID, Title: r.Title, Description: r.Description, URL: s.reportURL(r.ID),
		Status: t.T("status." + r.Status), Category: r.Category, Area: r.AreaCode, Body: r.BodyCode, Address: r.Address.Get(t.Lang),
		Lat: strconv.FormatFloat(r.Lat, 'f', 5, 64), Lon: strconv.FormatFloat(r.Lon, 'f', 5, 64),
		Reported: calendar.DateTime(r.CreatedAt.Time, s.cfg.Location, t.Lang)}
	if r.DuplicateOf.Valid {
		v.KeptID, v.KeptURL = r.DuplicateOf.Int64, s.reportURL(r.DuplicateOf.Int64)
	}
	if c := s.store.Catalog(); c != nil {
		if cat, ok := c.Category(r.Category); ok {
			v.Category = cat.Name.Get(t.Lang)
		}
		if a, ok := c.Area(r.AreaCode); ok {
			v.Area = a.Name.Get(t.Lang)
		}
		if b, ok := c.Body(r.BodyCode); ok {
			v.Body = b.Name.Get(t.Lang)
		}
	}
	return v
}

func (s *Service) eventView(t tr, e db.Event) eventView {
	v := eventView{Kind: e.Kind, Note: e.Note, At: calendar.DateTime(e.CreatedAt.Time, s.cfg.Location, t.Lang)}
	if e.FromStatus != "" {
		v.From = t.T("status." + e.FromStatus)
	}
	if e.ToStatus != "" {
		v.To = t.T("status." + e.ToStatus)
	}
	return v
}

// what describes a subscription in one language.
func (s *Service) what(t tr, sub db.Subscription, title string) string {
	var w string
	switch sub.Kind {
	case db.SubReport:
		w = t.T("what.report", "ID", sub.ReportID.Int64, "Title", title)
	case db.SubArea:
		area := sub.AreaCode.String
		if c := s.store.Catalog(); c != nil {
			if a, ok := c.Area(area); ok {
				area = a.Name.Get(t.Lang)
			}
		}
		w = t.T("what.area", "Area", area)
	case db.SubRadius:
		w = t.T("what.radius", "Radius", sub.RadiusM.Int64,
			"Lat", strconv.FormatFloat(sub.Lat.Float64, 'f', 5, 64), "Lon", strconv.FormatFloat(sub.Lon.Float64, 'f', 5, 64))
	}
	if sub.Themes != "" && sub.Kind != db.SubReport {
		var names []string
		for _, code := range strings.Split(sub.Themes, ",") {
			name := code
			if c := s.store.Catalog(); c != nil {
				if th, ok := c.Theme(code); ok {
					name = th.Name.Get(t.Lang)
				}
			}
			names = append(names, name)
		}
		w = t.T("what.themes", "What", w, "Themes", strings.Join(names, ", "))
	}
	if sub.Frequency == db.Daily {
		w = t.T("what.daily", "What", w)
	}
	return w
}

// matches says whether an area or radius alert wants a report: the circle
// holds its point (the database only checked a box) and its theme is one
// the subscriber chose.
func matches(sub db.Subscription, theme string, lat, lon float64) bool {
	if sub.Kind == db.SubRadius {
		d := geo.Distance(orb.Point{sub.Lon.Float64, sub.Lat.Float64}, orb.Point{lon, lat})
		if d > float64(sub.RadiusM.Int64) {
			return false
		}
	}
	if sub.Themes == "" || sub.Kind == db.SubReport {
		return true
	}
	for _, t := range strings.Split(sub.Themes, ",") {
		if t == theme {
			return true
		}
	}
	return false
}
