package handlers

import (
	"encoding/json"
	"strconv"
	"time"

	"streetfix/city"
	"streetfix/db"
	"streetfix/report"
)

// The types in this file are the public JSON shapes of the API. They are
// built from storage rows field by field, so a column added to a table is
// never published by accident, and reporters' private data never is.

type namedRef struct {
	Code  string     `json:"code"`
	Name  string     `json:"name"`
	Names city.Names `json:"names"`
}

type photoView struct {
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
}

type eventView struct {
	Kind  string    `json:"kind"`
	Actor string    `json:"actor"`
	From  string    `json:"from,omitempty"`
	To    string    `json:"to,omitempty"`
	Note  string    `json:"note,omitempty"`
	At    time.Time `json:"at"`
}

type reportView struct {
	ID             int64           `json:"id"`
	URL            string          `json:"url"`
	Title          string          `json:"title"`
	Description    string          `json:"description"`
	Category       namedRef        `json:"category"`
	Theme          namedRef        `json:"theme"`
	Status         string          `json:"status"`
	StatusGroup    string          `json:"status_group"`
	Lat            float64         `json:"lat"`
	Lon            float64         `json:"lon"`
	Address        string          `json:"address"` // nearest street or municipality, in the asked language
	Area           namedRef        `json:"area"`
	Body           namedRef        `json:"body"`
	Answers        json.RawMessage `json:"answers"`       // public answers only, as stored
	AnswerLabels   []city.Answer   `json:"answer_labels"` // the same in words: question and answer in the asked language
	Locale         string          `json:"locale"`
	ReporterName   string          `json:"reporter_name,omitempty"`
	SupportCount   int             `json:"support_count"`
	DuplicateOf    *int64          `json:"duplicate_of,omitempty"`
	Photos         []photoView     `json:"photos"`
	History        []eventView     `json:"history"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	AcknowledgedAt *time.Time      `json:"acknowledged_at"`
	FixedAt        *time.Time      `json:"fixed_at"`
	ClosedAt       *time.Time      `json:"closed_at"`
}

func optTime(t db.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t.Time
}

func reportURL(id int64) string { return "/reports/" + strconv.FormatInt(id, 10) }

func photoURL(id, variant string) string {
	if variant == db.VariantThumb {
		return "/photos/" + id + "_thumb.jpg"
	}
	return "/photos/" + id + ".jpg"
}

// newReportView builds the public report; photos and events may be nil.
func newReportView(cat *db.Catalog, r db.Report, photos []db.Photo, events []db.Event, lang string) reportView {
	v := reportView{
		ID: r.ID, URL: reportURL(r.ID), Title: r.Title, Description: r.Description,
		Status: r.Status, StatusGroup: report.Group(r.Status),
		Lat: r.Lat, Lon: r.Lon, Address: r.Address.Get(lang), Answers: json.RawMessage("{}"), Locale: r.Locale,
		ReporterName: r.PublicName, SupportCount: r.SupportCount,
		Photos: []photoView{}, History: []eventView{},
		CreatedAt: r.CreatedAt.Time, UpdatedAt: r.UpdatedAt.Time,
		AcknowledgedAt: optTime(r.AcknowledgedAt), FixedAt: optTime(r.FixedAt), ClosedAt: optTime(r.ClosedAt),
	}
	v.AnswerLabels = []city.Answer{}
	if r.DuplicateOf.Valid {
		v.DuplicateOf = &r.DuplicateOf.Int64
	}
	v.Category = namedRef{Code: r.Category}
	if c, ok := cat.Category(r.Category); ok {
		v.Category.Names, v.Category.Name = c.Name, c.Name.Get(lang)
		// Private answers reach no public output; without the category's
		// questions nobody can tell which are, so none is shown.
		v.Answers = city.PublicAnswers(c.Questions, r.Answers)
		v.AnswerLabels = append(v.AnswerLabels, city.Answers(c.Questions, r.Answers, lang, false)...)
	}
	v.Theme = namedRef{Code: r.Theme}
	if t, ok := cat.Theme(r.Theme); ok {
		v.Theme.Names, v.Theme.Name = t.Name, t.Name.Get(lang)
	}
	v.Area = namedRef{Code: r.AreaCode}
	if a, ok := cat.Area(r.AreaCode); ok {
		v.Area.Names, v.Area.Name = a.Name, a.Name.Get(lang)
	}
	v.Body = namedRef{Code: r.BodyCode}
	if b, ok := cat.Body(r.BodyCode); ok {
		v.Body.Names, v.Body.Name = b.Name, b.Name.Get(lang)
	}
	for _, p := range photos {
		v.Photos = append(v.Photos, photoView{
			URL: photoURL(p.ID, db.VariantLarge), ThumbURL: photoURL(p.ID, db.VariantThumb),
			Width: p.Width, Height: p.Height,
		})
	}
	for _, e := range events {
		if !e.Public {
			continue
		}
		v.History = append(v.History, eventView{Kind: e.Kind, Actor: e.Actor, From: e.FromStatus, To: e.ToStatus, Note: e.Note, At: e.CreatedAt.Time})
	}
	return v
}

// summaryView is the short form used in lists and map features.
type summaryView struct {
	ID           int64     `json:"id"`
	URL          string    `json:"url"`
	Title        string    `json:"title"`
	Category     string    `json:"category"`
	Theme        string    `json:"theme"`
	Status       string    `json:"status"`
	StatusGroup  string    `json:"status_group"`
	Area         string    `json:"area"`
	Address      string    `json:"address"`
	SupportCount int       `json:"support_count"`
	PhotoCount   int       `json:"photo_count"`
	CreatedAt    time.Time `json:"created_at"`
	DistanceM    *float64  `json:"distance_m,omitempty"`
	Lat          float64   `json:"lat"`
	Lon          float64   `json:"lon"`
}

func newSummaryView(r db.Report, lang string) summaryView {
	return summaryView{
		ID: r.ID, URL: reportURL(r.ID), Title: r.Title, Category: r.Category, Theme: r.Theme,
		Status: r.Status, StatusGroup: report.Group(r.Status), Area: r.AreaCode, Address: r.Address.Get(lang),
		SupportCount: r.SupportCount, PhotoCount: r.PhotoCount, CreatedAt: r.CreatedAt.Time,
		Lat: r.Lat, Lon: r.Lon,
	}
}

// GeoJSON shapes for map views.

type featureCollection struct {
	Type      string     `json:"type"`
	Features  []feature  `json:"features"`
	BBox      [4]float64 `json:"bbox"`
	Zoom      int        `json:"zoom"`
	Total     int        `json:"total"`
	Clustered bool       `json:"clustered"`
}

type feature struct {
	Type       string   `json:"type"`
	ID         *int64   `json:"id,omitempty"`
	Geometry   pointGeo `json:"geometry"`
	Properties any      `json:"properties"`
}

type pointGeo struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type clusterProps struct {
	Cluster bool       `json:"cluster"`
	Count   int        `json:"count"`
	BBox    [4]float64 `json:"bbox"`
}
