package handlers_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// suggestions asks the geocoding API what the page should suggest.
func (b *appBrowser) suggestions(q, lang string) []placeJSON {
	b.t.Helper()
	w := b.s.do("GET", "/api/v1/geocode?limit=8&lang="+lang+"&q="+url.QueryEscape(q), nil)
	body := decode[struct {
		Results []placeJSON `json:"results"`
	}](b.t, w)
	if len(body.Results) < 2 {
		b.t.Fatalf("the API suggests %d streets for %q", len(body.Results), q)
	}
	return body.Results
}

// searchNotFetched fails the test when the page has fetched or run the
// street search's script (geocode.js) before its search box was used: it
// comes on first use (Streetfix.searchLater).
func (b *appBrowser) searchNotFetched(page string) {
	b.t.Helper()
	if evalJS[bool](b, `window.Streetfix.streetSearch !== undefined || performance.getEntriesByType('resource').some((e) => e.name.includes('/static/geocode.'))`) {
		b.t.Errorf("%s fetches the street search before it is used", page)
	}
}

// TestStreetSearchOnMap: on the map page a person types the start of a
// Dutch street name, picks a suggestion with the keyboard, the map goes
// there and offers to report a problem at it; following that link opens
// the form with the point placed and its address said.
func TestStreetSearchOnMap(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 20)
			want := b.suggestions("waver", "nl")
			b.open("/?lang=nl")
			b.wait(`window.streetfixMap !== undefined`, "map not ready")
			// The search's script comes when the box is first used, and
			// what is typed while it comes is searched.
			b.searchNotFetched("the map page")
			b.do(chromedp.Click(`#map-search-q`), chromedp.SendKeys(`#map-search-q`, "waver"))
			b.wait(fmt.Sprintf(`document.querySelectorAll('#map-search-list [role=option]').length === %d && !document.getElementById('map-search-list').hidden`, len(want)), "no suggestions")
			got := evalJS[[]string](b, `[...document.querySelectorAll('#map-search-list [role=option] strong')].map(s => s.textContent)`)
			for i, r := range want {
				if got[i] != r.Name {
					t.Errorf("suggestion %d is %q, the API says %q", i, got[i], r.Name)
				}
			}
			if evalJS[string](b, `document.getElementById('map-search-q').getAttribute('aria-expanded')`) != "true" {
				t.Error("the combobox does not say it is expanded")
			}
			b.shot("search_map_suggestions_" + size.name)
			// The keyboard: down twice, up once, Enter picks the first.
			b.do(chromedp.SendKeys(`#map-search-q`, kb.ArrowDown+kb.ArrowDown+kb.ArrowUp))
			if id := evalJS[string](b, `document.getElementById('map-search-q').getAttribute('aria-activedescendant')`); id != "map-search-list-0" {
				t.Errorf("active option %q after down, down, up", id)
			}
			b.do(chromedp.SendKeys(`#map-search-q`, kb.Enter))
			r := want[0]
			b.wait(fmt.Sprintf(`Math.abs(streetfixMap.getCenter().lat - %f) < 2e-5 && Math.abs(streetfixMap.getCenter().lng - %f) < 2e-5 && streetfixMap.getZoom() === 18`, r.Lat, r.Lon), "the map did not go to the street")
			b.wait(`document.querySelector('.leaflet-popup a.button') !== null && getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'`, "no offer to report at the street")
			if v := evalJS[string](b, `document.getElementById('map-search-q').value`); v != r.Label {
				t.Errorf("the field says %q after the pick, want %q", v, r.Label)
			}
			if s := evalJS[string](b, `document.querySelector('#map-search .search-status').textContent`); !strings.Contains(s, r.Label) {
				t.Errorf("status after the pick: %q", s)
			}
			b.shot("search_map_picked_" + size.name)
			b.do(chromedp.Click(`.leaflet-popup a.button`))
			b.wait(`document.querySelector('#report-form.enhanced') !== null`, "the popup's link did not open the form")
			if lat, lon := evalJS[string](b, `document.getElementById('lat').value`), evalJS[string](b, `document.getElementById('lon').value`); lat != fmt.Sprintf("%.6f", r.Lat) || lon != fmt.Sprintf("%.6f", r.Lon) {
				t.Errorf("form opened at %s,%s, want %v,%v", lat, lon, r.Lat, r.Lon)
			}
			b.wait(fmt.Sprintf(`document.getElementById('place-status').textContent.endsWith(%q)`, " — "+r.Label), "the form does not say the address")
			b.shot("search_map_form_" + size.name)

			// Nothing known: the page says so.
			b.open("/?lang=en")
			b.wait(`window.streetfixMap !== undefined`, "map not ready")
			b.do(chromedp.Click(`#map-search-q`), chromedp.SendKeys(`#map-search-q`, "xyzzy plugh"))
			b.wait(`document.querySelector('#map-search .search-status').textContent.startsWith('No street of that name')`, "no 'nothing found'")
			if !evalJS[bool](b, `document.getElementById('map-search-list').hidden`) {
				t.Error("an empty list is shown")
			}
		})
	}
}

// TestStreetSearchInForm: in the report form (which fetches the search's
// script only then) a person types a street without accents, taps a suggestion, and sends; the report is stored at
// the street with its address.
func TestStreetSearchInForm(t *testing.T) {
	for _, size := range []viewport{phoneSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 0)
			want := b.suggestions("chaussee de wavre", "fr")
			r := want[1]
			b.open("/report?lang=fr")
			b.wait(`document.querySelector('#report-form.enhanced') !== null && window.L !== undefined`, "form not enhanced")
			b.searchNotFetched("the report form")
			b.do(chromedp.Click(`#place-search-q`), chromedp.SendKeys(`#place-search-q`, "chaussee de wavre"))
			b.wait(fmt.Sprintf(`document.querySelectorAll('#place-search-list [role=option]').length === %d`, len(want)), "no suggestions")
			b.shot("search_form_suggestions_" + size.name)
			b.do(chromedp.Click(`#place-search-list-1`))
			b.wait(fmt.Sprintf(`document.getElementById('lat').value === %q && document.getElementById('lon').value === %q`,
				fmt.Sprintf("%.6f", r.Lat), fmt.Sprintf("%.6f", r.Lon)), "the pick placed no point")
			b.wait(fmt.Sprintf(`document.getElementById('place-status').textContent.endsWith(%q)`, " — "+r.Label), "the address is not said")
			if s := evalJS[string](b, `document.querySelector('#place-search .search-status').textContent`); !strings.Contains(s, r.Label) {
				t.Errorf("search status %q", s)
			}
			if evalJS[bool](b, `document.querySelector('#pick-map .pin-new') === null`) {
				t.Error("no marker on the form's map")
			}
			b.shot("search_form_placed_" + size.name)
			// Enter in the search box never sends the report.
			b.do(chromedp.SendKeys(`#place-search-q`, kb.Enter))
			if evalJS[bool](b, `document.getElementById('manage-link') !== null`) {
				t.Fatal("Enter in the search box sent the report")
			}
			b.next()
			b.do(chromedp.Click(`input[name=theme][value=social]`))
			b.do(chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('category'); s.value = 'graffiti'; s.dispatchEvent(new Event('change', {bubbles: true})); })()`))
			b.next()
			b.wait(`document.getElementById('nearby-status').dataset.checked !== undefined`, "nearby not checked")
			b.next()
			b.next()
			b.do(chromedp.SendKeys(`#title`, "Tags placés par la recherche"))
			b.next()
			b.do(chromedp.ScrollIntoView(`#send`), chromedp.Click(`#send`))
			b.wait(`document.getElementById('manage-link') !== null`, "no confirmation")
			found := b.reportsTitled("Tags placés par la recherche")
			if len(found) != 1 {
				t.Fatalf("database: %+v", found)
			}
			if got := found[0]; fmt.Sprintf("%.6f,%.6f", got.Lat, got.Lon) != fmt.Sprintf("%.6f,%.6f", r.Lat, r.Lon) || got.Address.FR != r.Label || got.AreaCode != r.Area {
				t.Errorf("stored at %v,%v in %s with address %q; want %v,%v in %s, %q", got.Lat, got.Lon, got.AreaCode, got.Address.FR, r.Lat, r.Lon, r.Area, r.Label)
			}
			// Its page says the address.
			b.open(fmt.Sprintf("/reports/%d?lang=fr", found[0].ID))
			if a := evalJS[string](b, `document.getElementById('report-address').textContent`); a != r.Label {
				t.Errorf("report page address %q", a)
			}
			b.shot("search_form_report_page_" + size.name)
		})
	}
}
