package open311

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"streetfix/db"
	"streetfix/report"
)

// Datetime formats an instant the way the spec wants: W3C, with a zone.
func Datetime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ServicesFrom lists the active categories as services, names in lang.
func ServicesFrom(c *db.Catalog, lang string) []Service {
	out := []Service{}
	for _, cat := range c.Categories {
		if !cat.Active {
			continue
		}
		theme, _ := c.Theme(cat.Theme)
		out = append(out, Service{
			ServiceCode: cat.Code,
			ServiceName: cat.Name.Get(lang),
			Description: cat.Name.Get(lang) + " (" + theme.Name.Get(lang) + ")",
			Metadata:    len(cat.Questions) > 0,
			Type:        "realtime",
			Keywords:    strings.Join([]string{cat.Theme, cat.Name.EN, cat.Name.FR, cat.Name.NL}, ", "),
			Group:       theme.Name.Get(lang),
		})
	}
	return out
}

// ServicesDigest fingerprints the service list and every service
// definition as served in each language, so that discovery's changeset
// moves whenever any of them changes.
func ServicesDigest(c *db.Catalog) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, lang := range []string{"en", "fr", "nl"} {
		enc.Encode(ServicesFrom(c, lang))
		for _, cat := range c.Categories {
			if cat.Active {
				enc.Encode(DefinitionFrom(cat, lang))
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// DefinitionFrom turns a category's extra questions into attributes.
func DefinitionFrom(cat db.Category, lang string) ServiceDefinition {
	d := ServiceDefinition{ServiceCode: cat.Code, Attributes: []Attribute{}}
	for i, q := range cat.Questions {
		a := Attribute{Variable: true, Code: q.Code, Datatype: q.Datatype, Required: q.Required,
			Order: i + 1, Description: q.Description.Get(lang)}
		for _, v := range q.Values {
			a.Values = append(a.Values, Value{Key: v.Key, Name: v.Name.Get(lang)})
		}
		d.Attributes = append(d.Attributes, a)
	}
	return d
}

// RequestFrom maps a report to a service request. note is its latest public
// note, photos the public URLs of its photos (first one is media_url).
func RequestFrom(c *db.Catalog, r db.Report, note string, photos []string, lang string, extended bool) Request {
	cat, _ := c.Category(r.Category)
	body, _ := c.Body(r.BodyCode)
	q := Request{
		ServiceRequestID:  strconv.FormatInt(r.ID, 10),
		Status:            report.Open311Status(r.Status),
		StatusNotes:       Text(note),
		ServiceName:       cat.Name.Get(lang),
		ServiceCode:       r.Category,
		Description:       Text(requestDescription(r.Description)),
		AgencyResponsible: Text(body.Name.Get(lang)),
		RequestedDatetime: Datetime(r.CreatedAt.Time),
		UpdatedDatetime:   Datetime(r.UpdatedAt.Time),
		Address:           Text(r.Address.Get(lang)),
		Lat:               r.Lat,
		Long:              r.Lon,
	}
	if len(photos) > 0 {
		q.MediaURL = Text(photos[0])
	}
	if extended {
		area, _ := c.Area(r.AreaCode)
		q.Extended = &Extended{Title: r.Title, Theme: r.Theme, Area: r.AreaCode, AreaName: area.Name.Get(lang),
			DetailedStatus: r.Status, SupportCount: r.SupportCount, MediaURLs: append([]string{}, photos...)}
	}
	return q
}

// MaxDescription is the spec's limit on description: "free form text
// limited to 4,000 characters".
const MaxDescription = 4000

// requestDescription is the citizen's text as it was sent (the title has
// its own extended attribute). Reports made through the JSON API or the
// form may hold up to 5,000 characters: past the spec's limit, the text is
// cut to 3,999 characters and an ellipsis; the whole text stays at
// /api/v1/reports/{id}.
func requestDescription(s string) string {
	if utf8.RuneCountInString(s) <= MaxDescription {
		return s
	}
	runes := []rune(s)
	return string(runes[:MaxDescription-1]) + "…"
}

// Update statuses of FixMyStreet's servicerequestupdates, with ours.
var updateStatuses = []struct{ fms, ours string }{
	{"OPEN", report.StatusNew},
	{"INVESTIGATING", report.StatusAcknowledged},
	{"IN_PROGRESS", report.StatusInProgress},
	{"ACTION_SCHEDULED", report.StatusScheduled},
	{"FIXED", report.StatusFixed},
	{"DUPLICATE", report.StatusDuplicate},
	{"NOT_COUNCILS_RESPONSIBILITY", report.StatusNotResponsible},
	{"NO_FURTHER_ACTION", report.StatusWontFix},
	{"CLOSED", report.StatusClosed},
	{"INTERNAL_REFERRAL", report.StatusNotResponsible},
}

// UpdateStatus maps an incoming update status (FixMyStreet's upper-case
// names, or ours) onto a status; ok is false for an unknown one.
func UpdateStatus(s string) (string, bool) {
	for _, u := range updateStatuses {
		if strings.EqualFold(s, u.fms) {
			return u.ours, true
		}
	}
	if report.IsStatus(s) && s != report.StatusHidden {
		return s, true
	}
	return "", false
}

// UpdateStatusName maps one of our statuses to FixMyStreet's name.
func UpdateStatusName(status string) string {
	for _, u := range updateStatuses {
		if u.ours == status {
			return u.fms
		}
	}
	return strings.ToUpper(status)
}

// RequestUpdate is one entry of the servicerequestupdates feed.
type RequestUpdate struct {
	XMLName          xml.Name `json:"-" xml:"request_update"`
	UpdateID         string   `json:"update_id" xml:"update_id"`
	ServiceRequestID string   `json:"service_request_id" xml:"service_request_id"`
	Status           string   `json:"status" xml:"status"`
	UpdatedDatetime  string   `json:"updated_datetime" xml:"updated_datetime"`
	Description      Text     `json:"description" xml:"description"`
	MediaURL         Text     `json:"media_url" xml:"media_url"`
	// UpdatedBy (an extension) says whose words the update carries: the
	// reporter's own update ("reporter") or the city's ("city"), so that a
	// client never shows what a citizen wrote as the city's note.
	UpdatedBy string `json:"updated_by" xml:"updated_by"`
}

// RequestUpdates is the XML root of the updates feed.
type RequestUpdates struct {
	XMLName xml.Name `xml:"service_request_updates"`
	Updates []RequestUpdate
}

// UpdateFrom maps a public history event to an update; status is the
// report's status after the event.
func UpdateFrom(e db.Event, status string) RequestUpdate {
	return RequestUpdate{
		UpdateID:         strconv.FormatInt(e.ID, 10),
		ServiceRequestID: strconv.FormatInt(e.ReportID, 10),
		Status:           UpdateStatusName(status),
		UpdatedDatetime:  Datetime(e.CreatedAt.Time),
		Description:      Text(e.Note),
		UpdatedBy:        UpdatedBy(e.Actor),
	}
}

// UpdatedBy names an event's author for Open311 clients.
func UpdatedBy(actor string) string {
	if actor == db.ActorReporter {
		return "reporter"
	}
	return "city"
}
