package handlers_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/handlers"
)

// tileServer serves one plain tile for every address, as a city's own tile
// server would: the maps load their tiles under the Content-Security-Policy.
func tileServer(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0xee
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(buf.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/{z}/{x}/{y}.png"
}

// TestStaffMapsInBrowser: Ixelles staff, in French, at tablet, desktop and
// phone sizes, see the report's map with its Ixelles neighbour (never
// Sibelga's report next to it), open the neighbour from its popup, then see
// the queue's map, narrow it with a filter, and reopen the bookmarked view.
func TestStaffMapsInBrowser(t *testing.T) {
	tiles := tileServer(t)
	w := newStaffWorld(t, func(c *handlers.Config) { c.TileURL, c.TileAttribution = tiles, "© Tiles of the city" })
	at := func(dLat float64) [2]float64 { return [2]float64{ixelles[0] + dLat, ixelles[1]} }
	graffiti := w.newReport("graffiti", at(0.0004), "Tag sur le mur", "", "fr")
	sibelga := w.newReport("streetlight_out", at(0.0005), "Lampe éteinte", "", "fr")
	pins := `document.querySelectorAll("#staff-map .staff-pin").length`
	for _, size := range []struct {
		name          string
		width, height int64
		wide          bool // list and map side by side
	}{{"tablet", 820, 1180, false}, {"desktop", 1280, 900, true}, {"phone", 390, 844, false}} {
		b := w.browse(t, "maps_"+size.name, "agent@ixelles.example", size.width, size.height)
		// The report's page: the report and its neighbour, on the city's tiles.
		b.open(fmt.Sprintf("/staff/reports/%d?lang=fr", w.inIxelles))
		b.until("report map", `!!document.querySelector("#staff-map[data-ready]") && document.querySelectorAll("#staff-map .leaflet-tile-loaded").length > 0`)
		if n := b.number(pins); n != 2 {
			t.Errorf("%s: %v markers on the report's map, want the report and its neighbour", size.name, n)
		}
		if b.number(fmt.Sprintf(`document.querySelectorAll('#staff-map [data-id="%d"]').length`, sibelga)) != 0 {
			t.Errorf("%s: Ixelles staff see Sibelga's report on the map", size.name)
		}
		if got := b.text(`document.querySelector("#staff-map .leaflet-control-attribution").innerText`); !strings.Contains(got, "Tiles of the city") {
			t.Errorf("%s: attribution %q", size.name, got)
		}
		b.fits("report page")
		b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#staff-map")))
		b.shot("1_report")
		b.click(fmt.Sprintf(`#staff-map .staff-pin[data-id="%d"]`, graffiti))
		b.until("popup", `!!document.querySelector("#staff-map .leaflet-popup-content a") && getComputedStyle(document.querySelector("#staff-map .leaflet-popup")).opacity === "1"`)
		if got := b.text(`document.querySelector("#staff-map .leaflet-popup-content").innerText`); !strings.Contains(got, "Graffiti") || !strings.Contains(got, "nouveau") || !strings.Contains(got, "45 m") {
			t.Errorf("%s: popup %q", size.name, got)
		}
		b.shot("2_popup")
		b.follow("#staff-map .leaflet-popup-content a", fmt.Sprintf("/staff/reports/%d", graffiti))
		b.until("neighbour's page", fmt.Sprintf(`location.pathname === "/staff/reports/%d" && !!document.querySelector("#staff-map[data-ready]")`, graffiti))

		// The queue: beside the list on a wide screen, behind "Carte" on a narrower one.
		b.open("/staff?lang=fr")
		if !size.wide {
			if b.number(`document.querySelector("#staff-map").offsetWidth`) != 0 {
				t.Errorf("%s: the map and the list both shown", size.name)
			}
			b.follow("#show-map", "/staff")
		}
		b.until("queue map", `!!document.querySelector("#staff-map[data-ready]")`)
		if n := b.number(pins); n != 2 {
			t.Errorf("%s: %v markers on the queue's map, want Ixelles' 2 open reports", size.name, n)
		}
		if got := b.text(`document.querySelector("#queue-map-note").innerText`); got != "La carte montre 2 signalements." {
			t.Errorf("%s: note %q", size.name, got)
		}
		b.fits("queue map")
		b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#queue-map-note")))
		b.shot("3_queue")
		// A filter narrows the markers; the address keeps it.
		b.do("filter", chromedp.SetValue(chromedp.CSS("#f-category"), "graffiti"))
		b.click(`form.filters button[type=submit]`)
		b.until("filtered map", `location.search.includes("category=graffiti") && !!document.querySelector("#staff-map[data-ready]")`)
		if n := b.number(pins); n != 1 || b.number(fmt.Sprintf(`document.querySelectorAll('#staff-map [data-id="%d"]').length`, graffiti)) != 1 {
			t.Errorf("%s: %v markers after the filter, want the graffiti", size.name, n)
		}
		bookmark := b.text(`location.pathname + location.search`)
		b.shot("4_filtered")
		// The bookmark reopens the same view: the filter, the map, its markers.
		b.open("/staff")
		b.open(bookmark)
		b.until("bookmarked map", `!!document.querySelector("#staff-map[data-ready]")`)
		if n := b.number(pins); n != 1 || b.text(`document.querySelector("#f-category").value`) != "graffiti" ||
			b.number(`document.querySelector("#staff-map").offsetWidth`) == 0 {
			t.Errorf("%s: bookmark %s reopened with %v markers", size.name, bookmark, n)
		}
		b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#queue-map-note")))
		b.shot("5_bookmark")
	}
}
