package handlers

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"streetfix/account"
	"streetfix/db"
	"streetfix/report"
)

// The back office's maps: the report page shows the report and its open
// neighbours, the queue shows its filtered reports. Both read their
// settings from a JSON block in the page (the tiles as on the public map),
// and show only reports the signed-in staff member may see.

// neighbourRadius is how far the report page's map looks for open reports:
// as far as the merge candidates, but of every category.
const neighbourRadius = mergeRadius

// maxNeighbours caps the report page's map in a dense street.
const maxNeighbours = 100

// staffMarker is one report on a back-office map.
type staffMarker struct {
	ID       int64   `json:"id"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Title    string  `json:"title"`
	Category string  `json:"category"`
	Status   string  `json:"status"`
	Group    string  `json:"group"`
	Distance string  `json:"distance,omitempty"`
	URL      string  `json:"url"`
}

// staffMapData is the page's map configuration (id="staff-map-data").
type staffMapData struct {
	Tiles   appTiles          `json:"tiles"`
	Center  [2]float64        `json:"center"` // lon, lat
	Zoom    int               `json:"zoom"`
	Report  *staffMarker      `json:"report,omitempty"` // the report page's own report
	Radius  float64           `json:"radius,omitempty"` // metres around it the neighbours come from
	Markers []staffMarker     `json:"markers"`
	T       map[string]string `json:"t"`
}

// queueMarkers is what GET /staff/queue/markers answers.
type queueMarkers struct {
	Total   int           `json:"total"`
	Shown   int           `json:"shown"`
	Capped  bool          `json:"capped"`
	Note    string        `json:"note"`
	Markers []staffMarker `json:"markers"`
}

// staffScope is the bodies whose reports u sees in the back office: nil
// for every body, else the staff member's bodies (none: an empty list).
func staffScope(u *account.User) []string {
	if u == nil || u.Role != account.RoleStaff {
		return nil
	}
	if u.Bodies == nil {
		return []string{}
	}
	return u.Bodies
}

func (h *handler) staffMap(tr Tr) staffMapData {
	d := staffMapData{
		Tiles:  appTiles{URL: h.cfg.TileURL, Attribution: h.cfg.TileAttribution, Data: h.cfg.Attribution.Get(tr.Lang)},
		Center: [2]float64{h.cfg.Center[0], h.cfg.Center[1]}, Zoom: h.cfg.Zoom,
		Markers: []staffMarker{}, T: map[string]string{},
	}
	for _, id := range []string{"staffmap.open", "staffmap.this", "staffmap.loading", "staffmap.failed"} {
		d.T[id] = tr.T(id)
	}
	return d
}

func (h *handler) marker(tr Tr, r db.Report) staffMarker {
	m := staffMarker{ID: r.ID, Lat: r.Lat, Lon: r.Lon, Title: r.Title, Status: tr.T("status." + r.Status), Group: report.Group(r.Status),
		URL: "/staff/reports/" + strconv.FormatInt(r.ID, 10)}
	if x, ok := h.store.Catalog().Category(r.Category); ok {
		m.Category = x.Name.Get(tr.Lang)
	}
	return m
}

// reportMap is the report page's map: the report and the open reports
// within neighbourRadius that u may see, nearest first.
func (h *handler) reportMap(ctx context.Context, tr Tr, u *account.User, r db.Report) (staffMapData, error) {
	d := h.staffMap(tr)
	self := h.marker(tr, r)
	d.Report, d.Radius = &self, neighbourRadius
	d.Center, d.Zoom = [2]float64{r.Lon, r.Lat}, 17
	near, err := h.store.Nearby(ctx, db.NearbyQuery{Point: orb.Point{r.Lon, r.Lat}, Radius: neighbourRadius,
		Statuses: report.StatusesIn(report.GroupOpen), Bodies: staffScope(u), Limit: maxNeighbours + 1})
	if err != nil {
		return d, err
	}
	for _, n := range near {
		if n.ID == r.ID || len(d.Markers) == maxNeighbours {
			continue
		}
		m := h.marker(tr, n.Report)
		m.Distance = tr.T("merge.distance", "M", strconv.Itoa(int(n.Distance+0.5)))
		d.Markers = append(d.Markers, m)
	}
	return d, nil
}

// queueMarkersAPI is GET /staff/queue/markers: the queue's first reports,
// with the queue's filters, for its map.
func (h *handler) queueMarkersAPI(c *gin.Context) {
	_, q, err := h.parseQueue(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	page, err := h.store.QueueMap(c.Request.Context(), q)
	if err != nil {
		h.fail(c, err)
		return
	}
	tr := h.translator(pageLang(c))
	out := queueMarkers{Total: page.Total, Shown: len(page.Reports), Markers: make([]staffMarker, 0, len(page.Reports))}
	for _, r := range page.Reports {
		out.Markers = append(out.Markers, h.marker(tr, r))
	}
	out.Capped = out.Total > out.Shown
	if out.Capped {
		out.Note = tr.T("staffmap.capped", "Shown", tr.Number(int64(out.Shown)), "Total", tr.Number(int64(out.Total)))
	} else {
		out.Note = tr.N("staffmap.shown", out.Shown)
	}
	c.Header("Cache-Control", "private, no-store")
	c.JSON(http.StatusOK, out)
}
