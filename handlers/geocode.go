package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/gazetteer"
	"streetfix/geo"
)

// Suggestions a search answers: by default, and at most.
const (
	defaultSuggestions = 8
	maxSuggestions     = 20
)

// placeView is a street (or house number) the gazetteer found.
type placeView struct {
	Name         string   `json:"name"`  // in the asked language, with the number
	Label        string   `json:"label"` // name and municipality, one line
	Names        nameSet  `json:"names"`
	Number       string   `json:"number,omitempty"`
	Municipality string   `json:"municipality"`
	Area         string   `json:"area"`
	Lat          float64  `json:"lat"`
	Lon          float64  `json:"lon"`
	DistanceM    *float64 `json:"distance_m,omitempty"`
}

type nameSet struct {
	FR string `json:"fr,omitempty"`
	NL string `json:"nl,omitempty"`
}

func newPlaceView(m gazetteer.Match, lang string) placeView {
	return placeView{
		Name: m.Name(lang), Label: m.Label(lang), Names: nameSet{FR: m.FR, NL: m.NL}, Number: m.Number,
		Municipality: m.Municipality(lang), Area: m.Area,
		Lat: round6(m.Point[1]), Lon: round6(m.Point[0]),
	}
}

func round6(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 6, 64), 64)
	return v
}

// geocode answers GET /api/v1/geocode?q=&lang=&limit=: streets whose name
// starts with what was typed, for the search boxes of the map and form.
func (h *handler) geocode(c *gin.Context) {
	q := c.Query("q")
	switch {
	case !utf8.ValidString(q):
		h.fail(c, badRequest("invalid_query", "q", "q must be valid UTF-8 text"))
		return
	case strings.TrimSpace(q) == "":
		h.fail(c, badRequest("missing_parameter", "q", "q is required: the start of a street name, for example \"rue de la loi\""))
		return
	case utf8.RuneCountInString(q) > gazetteer.MaxQuery:
		h.fail(c, badRequest("query_too_long", "q", "q is "+strconv.Itoa(utf8.RuneCountInString(q))+
			" characters long; the limit is "+strconv.Itoa(gazetteer.MaxQuery)))
		return
	case strings.IndexFunc(q, unicode.IsControl) >= 0:
		h.fail(c, badRequest("invalid_query", "q", "q contains control characters"))
		return
	}
	limit := defaultSuggestions
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > maxSuggestions {
			h.fail(c, badRequest("invalid_limit", "limit", "limit must be a whole number from 1 to "+strconv.Itoa(maxSuggestions)))
			return
		}
		limit = n
	}
	l := lang(c)
	results := []placeView{}
	for _, m := range h.store.Catalog().Streets.Search(q, l, limit) {
		results = append(results, newPlaceView(m, l))
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.JSON(http.StatusOK, gin.H{"query": q, "results": results})
}

// reverseGeocode answers GET /api/v1/geocode/reverse?lat=&lon=: the street
// nearest the point (within 2 km) with its distance, and the address a
// report there gets.
func (h *handler) reverseGeocode(c *gin.Context) {
	lat, err := floatParam(c, "lat", true, 0)
	if err != nil {
		h.fail(c, err)
		return
	}
	lon, err := floatParam(c, "lon", true, 0)
	if err != nil {
		h.fail(c, err)
		return
	}
	if err := geo.CheckPoint(lon, lat); err != nil {
		h.fail(c, badRequest("invalid_coordinates", "lat", err.Error()))
		return
	}
	cat := h.store.Catalog()
	p := orb.Point{lon, lat}
	area, ok := cat.Locate(p)
	if !ok {
		h.fail(c, newError(http.StatusUnprocessableEntity, "outside_service_area", "lat",
			"the point "+strconv.FormatFloat(lat, 'f', 5, 64)+", "+strconv.FormatFloat(lon, 'f', 5, 64)+
				" is outside the service area ("+h.cfg.CityName.Get("en")+")"))
		return
	}
	l := lang(c)
	out := gin.H{"address": cat.Address(p, area).Get(l), "area": namedRef{Code: area.Code, Name: area.Name.Get(l), Names: area.Name}, "street": nil}
	if m, ok := cat.Streets.Nearest(p, gazetteer.MaxReverseDistance); ok {
		v := newPlaceView(m, l)
		d := float64(int(m.Distance*10+0.5)) / 10
		v.DistanceM = &d
		out["street"] = v
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.JSON(http.StatusOK, out)
}
