package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/simplify"

	"streetfix/city"
	"streetfix/db"
)

// catalogStore gives the reference data.
type catalogStore interface {
	Catalog() *db.Catalog
}

type themeView struct {
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Names        city.Names `json:"names"`
	Description  string     `json:"description"`
	Descriptions city.Names `json:"descriptions"`
}

type questionValueView struct {
	Key   string     `json:"key"`
	Name  string     `json:"name"`
	Names city.Names `json:"names"`
}

type questionView struct {
	Code         string              `json:"code"`
	Datatype     string              `json:"datatype"`
	Required     bool                `json:"required"`
	Description  string              `json:"description"`
	Descriptions city.Names          `json:"descriptions"`
	Values       []questionValueView `json:"values,omitempty"`
}

type categoryView struct {
	Code      string         `json:"code"`
	Theme     string         `json:"theme"`
	Name      string         `json:"name"`
	Names     city.Names     `json:"names"`
	Owner     string         `json:"owner"` // "commune" or the code of the regional body
	Questions []questionView `json:"questions"`
	// Notice is the emergency notice to show before sending, if any.
	Notice string `json:"notice,omitempty"`
}

type areaView struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	Names      city.Names `json:"names"`
	Population int        `json:"population"`
	Label      [2]float64 `json:"label"`
	BBox       [4]float64 `json:"bbox"`
}

func (h *handler) themes(c *gin.Context) {
	l := lang(c)
	out := []themeView{}
	for _, t := range h.store.Catalog().Themes {
		out = append(out, themeView{Code: t.Code, Name: t.Name.Get(l), Names: t.Name,
			Description: t.Description.Get(l), Descriptions: t.Description})
	}
	c.JSON(http.StatusOK, gin.H{"themes": out})
}

func (h *handler) categories(c *gin.Context) {
	l := lang(c)
	cat := h.store.Catalog()
	out := []categoryView{}
	for _, k := range cat.Categories {
		if !k.Active {
			continue
		}
		v := categoryView{Code: k.Code, Theme: k.Theme, Name: k.Name.Get(l), Names: k.Name, Owner: city.OwnerCommune, Questions: []questionView{},
			Notice: k.Notice.Get(l)}
		if k.Owner != city.OwnerCommune {
			if b, ok := cat.ResponsibleBody(k, ""); ok {
				v.Owner = b.Code
			}
		}
		for _, q := range k.Questions {
			qv := questionView{Code: q.Code, Datatype: q.Datatype, Required: q.Required,
				Description: q.Description.Get(l), Descriptions: q.Description}
			for _, val := range q.Values {
				qv.Values = append(qv.Values, questionValueView{Key: val.Key, Name: val.Name.Get(l), Names: val.Name})
			}
			v.Questions = append(v.Questions, qv)
		}
		out = append(out, v)
	}
	c.JSON(http.StatusOK, gin.H{"categories": out})
}

// areas lists the areas; with format=geojson it returns their outlines, which
// let the map keep its shape when no tile server answers.
func (h *handler) areas(c *gin.Context) {
	l := lang(c)
	cat := h.store.Catalog()
	views := make([]areaView, 0, len(cat.Areas))
	for _, a := range cat.Areas {
		views = append(views, areaView{Code: a.Code, Name: a.Name.Get(l), Names: a.Name, Population: a.Population,
			Label: [2]float64{a.Label[0], a.Label[1]},
			BBox:  [4]float64{a.Bound.Min[0], a.Bound.Min[1], a.Bound.Max[0], a.Bound.Max[1]}})
	}
	switch c.DefaultQuery("format", "json") {
	case "json":
		c.JSON(http.StatusOK, gin.H{"areas": views})
	case "geojson":
		// simplify (degrees) thins the outlines for drawing: the map needs
		// their shape, not the survey's every vertex.
		tol, err := floatParam(c, "simplify", false, 0)
		if err != nil || tol < 0 || tol > 0.01 {
			h.fail(c, badRequest("invalid_simplify", "simplify", "simplify must be a number of degrees from 0 to 0.01"))
			return
		}
		fc := geojson.NewFeatureCollection()
		for i, a := range cat.Areas {
			var g orb.Geometry = a.Geometry
			if tol > 0 {
				// Thinned outlines are rounded to the tolerance's own grid
				// (four decimals for 0.0001°, five for less): finer digits
				// describe nothing the thinning kept, and the survey's
				// fifteen would double what a phone downloads first.
				g = orb.Round(simplify.DouglasPeucker(tol).Simplify(a.Geometry.Clone()), roundingFor(tol))
			}
			f := geojson.NewFeature(g)
			f.ID = a.Code
			f.Properties = geojson.Properties{"code": a.Code, "name": views[i].Name, "names": a.Name, "population": a.Population}
			fc.Append(f)
		}
		c.Header("Cache-Control", "public, max-age=3600")
		c.Header("Content-Type", "application/geo+json; charset=utf-8")
		c.JSON(http.StatusOK, fc)
	default:
		h.fail(c, badRequest("invalid_format", "format", "format must be json or geojson"))
	}
}

// roundingFor is the factor orb.Round keeps for a simplify tolerance: the
// coarsest power of ten whose step is not over the tolerance, and at least
// 1e5 (about a metre).
func roundingFor(tol float64) int {
	f := 100000
	for f > 10 && 10/float64(f) <= tol {
		f /= 10
	}
	return f
}
