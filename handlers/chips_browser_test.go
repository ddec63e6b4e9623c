package handlers_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// Tablet sizes of the citizen pages, portrait and landscape.
var (
	tabletPortraitSize  = viewport{"tablet-portrait", 768, 1024}
	tabletLandscapeSize = viewport{"tablet-landscape", 1024, 768}
)

// noSidewaysScrollJS holds when the page is no wider than the screen and
// has not been scrolled sideways (a click on a clipped chip would scroll
// even a body whose overflow is hidden).
const noSidewaysScrollJS = `document.documentElement.scrollWidth <= window.innerWidth && window.scrollX === 0 && document.body.scrollLeft === 0`

// chipsReachableJS lists the filter controls matched by the selector that
// a person could not tap as they stand: outside the screen, clipped by a
// box around them, or covered by something else (what is at their middle
// and near either end is not inside them).
const chipsReachableJS = `[...document.querySelectorAll(%q)].filter((c) => {
  const r = c.getBoundingClientRect();
  if (r.width === 0 || r.left < 0 || r.right > window.innerWidth || r.top < 0 || r.bottom > window.innerHeight) return true;
  const y = (r.top + r.bottom) / 2;
  return ![r.left + 6, (r.left + r.right) / 2, r.right - 6].every((x) => { const e = document.elementFromPoint(x, y); return e !== null && c.contains(e); });
}).map((c) => c.textContent.trim())`

// mapShowsFiltersJS holds when the map has loaded its reports for the
// chips as they are checked (a theme or status parameter only when some are
// left out), or, with no theme or no status, when it shows nothing.
const mapShowsFiltersJS = `(() => {
  const f = document.getElementById('filters');
  const on = (name) => [...f.querySelectorAll('input[name="' + name + '"]:checked')].map((i) => i.value);
  const th = on('theme'), st = on('status');
  const box = document.getElementById('map');
  if (th.length === 0 || st.length === 0) return box.querySelectorAll('.leaflet-marker-icon').length === 0;
  const q = new URLSearchParams(box.dataset.query || '');
  const want = (name, list, all) => list.length < all ? q.get(name) === list.join(',') : !q.has(name);
  return box.getAttribute('aria-busy') === null && want('theme', th, f.querySelectorAll('input[name="theme"]').length) && want('status', st, 3);
})()`

// TestFilterChipsFit (issue 14): at a phone's, a tablet's (portrait and
// landscape) and a desktop's size, the map's theme and status chips and the
// list's status boxes are all on the screen and uncovered, the page does
// not scroll sideways, and a click on each one changes the filter: the box
// it holds, the map's summary and the map's own query, or the list's
// address once searched. Any console error or CSP violation fails it.
func TestFilterChipsFit(t *testing.T) {
	for _, size := range []viewport{phoneSize, tabletPortraitSize, tabletLandscapeSize, desktopSize} {
		t.Run(size.name, func(t *testing.T) {
			b := newAppBrowser(t, size, 50)
			for _, lang := range []string{"en", "nl"} { // Dutch has the longest names
				b.open("/?lang=" + lang)
				b.wait(`document.getElementById('map').dataset.query !== undefined && window.streetfixMap !== undefined`, "the map did not load")
				if !evalJS[bool](b, noSidewaysScrollJS) {
					t.Errorf("%s map: the page is %d px wide on a %d px screen", lang, evalJS[int](b, `document.documentElement.scrollWidth`), size.w)
				}
				b.openFilters()
				if off := evalJS[[]string](b, fmt.Sprintf(chipsReachableJS, `#filters .chip`)); len(off) != 0 {
					t.Errorf("%s map: chips not on the screen or covered: %q", lang, off)
				}
				b.shot("chips_map_" + lang + "_" + size.name)
				codes := evalJS[[]string](b, `[...document.querySelectorAll('#filters .chip input')].map((i) => i.value)`)
				if len(codes) != 8 {
					t.Fatalf("%s map: %d chips (%q), want 5 themes and 3 statuses", lang, len(codes), codes)
				}
				// Each chip twice: off and on again (or on and off), so that
				// every other chip is clicked from the page's first state.
				for _, code := range codes {
					for range 2 {
						input := fmt.Sprintf(`document.querySelector('#filters .chip-%s input')`, code)
						was := evalJS[bool](b, input+`.checked`)
						summary := evalJS[string](b, `document.getElementById('filter-summary').textContent`)
						b.do(chromedp.Click(`#filters label.chip-` + code))
						b.wait(fmt.Sprintf(`%s.checked === %t && document.getElementById('filter-summary').textContent !== %q && %s`, input, !was, summary, mapShowsFiltersJS),
							fmt.Sprintf("%s map: a click on the %s chip did not change the filter", lang, code))
					}
				}
				if !evalJS[bool](b, noSidewaysScrollJS) {
					t.Errorf("%s map: the clicks scrolled the page sideways", lang)
				}
				b.closeFilters()
			}

			b.open("/reports?lang=en")
			b.wait(`document.getElementById('find') !== null && document.readyState === 'complete'`, "the list did not load")
			if !evalJS[bool](b, noSidewaysScrollJS) {
				t.Errorf("list: the page is %d px wide on a %d px screen", evalJS[int](b, `document.documentElement.scrollWidth`), size.w)
			}
			if off := evalJS[[]string](b, fmt.Sprintf(chipsReachableJS, `#find label.check`)); len(off) != 0 {
				t.Errorf("list: status boxes not on the screen or covered: %q", off)
			}
			b.shot("chips_list_" + size.name)
			// All three are checked at first: uncheck each, check 'open' again
			// and search; the address and the boxes then say open only.
			for _, code := range []string{"open", "fixed", "closed", "open"} {
				input := fmt.Sprintf(`document.querySelector('#find input[name="status"][value="%s"]')`, code)
				was := evalJS[bool](b, input+`.checked`)
				b.do(chromedp.Click(fmt.Sprintf(`#find label.check:has(input[value="%s"])`, code)))
				b.wait(fmt.Sprintf(`%s.checked === %t`, input, !was), "list: a click on the "+code+" box did not change it")
			}
			b.do(chromedp.Click(`#find button[type="submit"]`))
			b.wait(`location.search.includes('status=open') && document.readyState === 'complete' && document.getElementById('find') !== null`, "list: the search did not run")
			if q := evalJS[string](b, `new URLSearchParams(location.search).getAll('status').join(',')`); q != "open" {
				t.Errorf("list: searched status=%q, want open", q)
			}
			if boxes := evalJS[string](b, `[...document.querySelectorAll('#find input[name="status"]')].map((i) => i.value + '=' + i.checked).join(' ')`); boxes != "open=true fixed=false closed=false" {
				t.Errorf("list: after the search the boxes say %s", boxes)
			}
			if n := evalJS[int](b, `document.querySelectorAll('.results .status:not(.status-open)').length`); n != 0 {
				t.Errorf("list: %d results are not open", n)
			}
			if !evalJS[bool](b, noSidewaysScrollJS) {
				t.Errorf("list: the page scrolls sideways after the search")
			}
		})
	}
}
