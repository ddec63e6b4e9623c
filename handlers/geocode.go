package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"streetfix/gazetteer"
)

// Suggestions a search answers: by default, and at most.
const (
	defaultSuggestions = 8
	maxSuggestions     = 20
)

// geocodeMessages are the catalogue ids geocode.js uses.
var geocodeMessages = []string{"geocode.js.results", "geocode.js.none", "geocode.js.failed", "geocode.js.moved",
	"geocode.js.placed"}

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
	cat := h.store.Catalog()
	results := []placeView{}
	for _, m := range cat.Streets.Search(q, l, limit) {
		results = append(results, newPlaceView(m, l))
	}
	if h.cfg.Geocoder != nil && len(results) < limit {
		results = h.remoteSuggestions(c, q, l, limit, results)
	}
	c.Header("Cache-Control", "public, max-age=3600")
	c.JSON(http.StatusOK, gin.H{"query": q, "results": results})
}

// reverseGeocode answers GET /api/v1/geocode/reverse?lat=&lon=: the street
// nearest the point (within 2 km) with its distance, and the address a
// report there gets.
func (h *handler) reverseGeocode(c *gin.Context) {
	p, err := pointParams(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	lat, lon := p[1], p[0]
	cat := h.store.Catalog()
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

// placeAddress finds a typed address ("Rue de la Loi 16") in the
// gazetteer, within the area with code area when one is chosen: the plain
// form's way to place a report without a map.
func (h *handler) placeAddress(address, area, lang string) (gazetteer.Match, bool) {
	if strings.TrimSpace(address) == "" || utf8.RuneCountInString(address) > gazetteer.MaxQuery {
		return gazetteer.Match{}, false
	}
	for _, m := range h.store.Catalog().Streets.Search(address, lang, maxSuggestions) {
		if area == "" || m.Area == area {
			return m, true
		}
	}
	return gazetteer.Match{}, false
}

// remoteSuggestions adds the configured geocoder's answers inside the
// service area to results, up to limit, leaving out names already there.
// A geocoder that fails or is slow costs the search nothing but its own
// suggestions.
func (h *handler) remoteSuggestions(c *gin.Context, q, l string, limit int, results []placeView) []placeView {
	cat := h.store.Catalog()
	ms, err := h.cfg.Geocoder.Search(c.Request.Context(), q, l, limit, cat.Bound())
	if err != nil {
		h.log.WarnContext(c.Request.Context(), "geocoder", "err", err)
		return results
	}
	seen := map[string]bool{}
	for _, r := range results {
		seen[r.Label] = true
	}
	for _, m := range ms {
		area, ok := cat.Locate(m.Point)
		if !ok || len(results) == limit {
			continue
		}
		m.Area, m.AreaName = area.Code, area.Name
		if v := newPlaceView(m, l); !seen[v.Label] {
			seen[v.Label] = true
			results = append(results, v)
		}
	}
	return results
}
