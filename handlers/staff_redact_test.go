package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"streetfix/db"
)

// stripedJPEG is a photo with sharp detail (4-pixel stripes), like a face
// or a number plate, so that a blur shows.
func stripedJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{20, 20, 20, 255}
			if (x/4+y/4)%2 == 0 {
				c = color.RGBA{240, 240, 240, 255}
			}
			m.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reportWithPhoto files an Ixelles report with one photo and returns its
// id and the photo's id.
func (w *staffWorld) reportWithPhoto(t *testing.T) (int64, string) {
	t.Helper()
	body, ct := multipartBody(t, map[string]string{"category": "graffiti", "lat": "50.8275", "lon": "4.3722",
		"title": "Tag with a face and a plate", "name": "Jo Public", "email": "jo@example.org", "locale": "fr"}, stripedJPEG(t, 400, 300))
	res := w.do("POST", "/api/v1/reports", body, "Content-Type", ct)
	if res.Code != 201 {
		t.Fatalf("%d %s", res.Code, res.Body.String())
	}
	created := decode[createdBody](t, res)
	w.tokens[created.Report.ID] = created.Token
	return created.Report.ID, strings.TrimSuffix(strings.TrimPrefix(created.Report.Photos[0].URL, "/photos/"), ".jpg")
}

func (w *staffWorld) publicPhotoIDs(t *testing.T, id int64) []string {
	t.Helper()
	var ids []string
	for _, p := range decode[reportBody](t, w.do("GET", fmt.Sprintf("/api/v1/reports/%d", id), nil)).Photos {
		ids = append(ids, strings.TrimSuffix(strings.TrimPrefix(p.URL, "/photos/"), ".jpg"))
	}
	return ids
}

// Redaction: who may, what the public sees afterwards (only the blurred
// photo, under a new address), the original for admins only (audited), and
// the original erased with the reporter's data.
func TestPhotoRedaction(t *testing.T) {
	w := newStaffWorld(t)
	ctx := context.Background()
	id, old := w.reportWithPhoto(t)
	page := fmt.Sprintf("/staff/reports/%d/photos/%s/redact", id, old)
	for who, want := range map[*browserSession]int{w.ixl: 200, w.admin: 200, w.ucc: 403, w.council: 403} {
		if got := who.get(page).Code; got != want {
			t.Errorf("redaction page: %d, want %d", got, want)
		}
	}
	area := url.Values{"area": {"10,10,50,40"}}
	for who, want := range map[*browserSession]int{w.ucc: 403, w.council: 403} {
		if got := who.postForm(page, area).Code; got != want {
			t.Errorf("redaction by a stranger: %d, want %d", got, want)
		}
	}
	if ids := w.publicPhotoIDs(t, id); len(ids) != 1 || ids[0] != old {
		t.Fatalf("refused redactions changed the photo: %v", ids)
	}
	// Bad areas: refused in the page's language, nothing changed.
	for _, form := range []url.Values{{"area": {"80,10,50,40"}}, {"x": {"5"}, "y": {"5"}, "w": {"0"}, "h": {"10"}}, {}, {"area": {"a,b,c,d"}}} {
		res := w.ixl.postForm(page+"?lang=fr", form)
		if res.Code != http.StatusUnprocessableEntity || !strings.Contains(res.Body.String(), "zone") {
			t.Errorf("%v: %d %s", form, res.Code, res.Body.String())
		}
		if strings.Contains(res.Body.String(), "Photo floutée") {
			t.Errorf("%v: a success message next to the error", form)
		}
	}
	publicBefore := w.do("GET", "/photos/"+old+".jpg", nil).Body.Bytes()
	res := w.ixl.postForm(page, url.Values{"area": {"10,10,50,40"}, "x": {"70"}, "y": {"70"}, "w": {"20"}, "h": {"20"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("redact: %d %s", res.Code, res.Body.String())
	}
	ids := w.publicPhotoIDs(t, id)
	if len(ids) != 1 || ids[0] == old {
		t.Fatalf("after redaction the public photos are %v", ids)
	}
	fresh := ids[0]
	for _, v := range []string{".jpg", "_thumb.jpg"} {
		if r := w.do("GET", "/photos/"+old+v, nil); r.Code != 404 {
			t.Errorf("old address %s still serves: %d", v, r.Code)
		}
	}
	publicAfter := w.do("GET", "/photos/"+fresh+".jpg", nil)
	if publicAfter.Code != 200 || bytes.Equal(publicAfter.Body.Bytes(), publicBefore) {
		t.Fatalf("new public photo: %d, same bytes %v", publicAfter.Code, bytes.Equal(publicAfter.Body.Bytes(), publicBefore))
	}
	// No public output names the original.
	for _, p := range []string{fmt.Sprintf("/api/v1/reports/%d", id), fmt.Sprintf("/reports/%d", id), "/feeds/reports.geojson",
		fmt.Sprintf("/open311/v2/requests/%d.json?extensions=true", id)} {
		if b := w.do("GET", p, nil).Body.String(); strings.Contains(b, old) || strings.Contains(b, "_original") {
			t.Errorf("%s names the original", p)
		}
	}
	// The original: admins only, each look audited.
	orig := "/staff/photos/" + fresh + "_original.jpg"
	for who, want := range map[*browserSession]int{w.ixl: 403, w.council: 403, w.ucc: 403} {
		if got := who.get(orig).Code; got != want {
			t.Errorf("original: %d, want %d", got, want)
		}
	}
	if w.do("GET", orig, nil).Code != http.StatusSeeOther {
		t.Error("anonymous reader not sent to sign in")
	}
	o := w.admin.get(orig)
	if o.Code != 200 || !bytes.Equal(o.Body.Bytes(), publicBefore) {
		t.Errorf("admin original: %d, equal to the photo before: %v", o.Code, bytes.Equal(o.Body.Bytes(), publicBefore))
	}
	if b := w.admin.get(fmt.Sprintf("/staff/reports/%d", id)).Body.String(); !strings.Contains(b, orig) {
		t.Error("the admin's report page does not link the original")
	}
	if b := w.ixl.get(fmt.Sprintf("/staff/reports/%d", id)).Body.String(); strings.Contains(b, "_original") {
		t.Error("the agent's report page links the original")
	}
	entries, _ := w.store.AuditLog(ctx, db.AuditQuery{ReportID: id})
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Action]++
	}
	if actions["redact_photo"] != 1 || actions["view_photo_original"] != 1 {
		t.Errorf("audit %v", actions)
	}
	// Redacting again keeps the first original behind the photo.
	if r := w.ixl.postForm(fmt.Sprintf("/staff/reports/%d/photos/%s/redact", id, fresh), url.Values{"area": {"0,0,10,10"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("second redaction: %d", r.Code)
	}
	third := w.publicPhotoIDs(t, id)[0]
	if o := w.admin.get("/staff/photos/" + third + "_original.jpg"); o.Code != 200 || !bytes.Equal(o.Body.Bytes(), publicBefore) {
		t.Errorf("after two redactions the original is not the upload: %d", o.Code)
	}
	// The reporter erases their data: the original goes with it.
	res = w.postJSON(fmt.Sprintf("/api/v1/reports/%d/reporter-actions", id), map[string]any{"token": w.tokens[id], "action": "erase"})
	if res.Code != 200 {
		t.Fatalf("erase: %d %s", res.Code, res.Body.String())
	}
	if r := w.admin.get("/staff/photos/" + third + "_original.jpg"); r.Code != 404 {
		t.Errorf("original after erasure: %d", r.Code)
	}
	if r := w.do("GET", "/photos/"+third+".jpg", nil); r.Code != 200 {
		t.Errorf("the redacted photo itself stays public: %d", r.Code)
	}
}

// The API redacts with a staff session; keys may not moderate.
func TestPhotoRedactionAPI(t *testing.T) {
	w := newStaffWorld(t)
	id, old := w.reportWithPhoto(t)
	path := fmt.Sprintf("/api/v1/reports/%d", id)
	body := fmt.Sprintf(`{"redact_photo": {"photo": %q, "areas": [{"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3}]}}`, old)
	key := w.apiKey("reports:update")
	if r := w.do("PATCH", path, strings.NewReader(body), "Content-Type", "application/json", "Authorization", "Bearer "+key); r.Code != 403 {
		t.Errorf("key: %d %s", r.Code, r.Body.String())
	}
	bad := fmt.Sprintf(`{"redact_photo": {"photo": %q, "areas": [{"x": 0.9, "y": 0.1, "w": 0.3, "h": 0.3}]}}`, old)
	if r := w.ixl.sendJSON("PATCH", path, bad); r.Code != 422 || decode[errorBody](t, r).Error.Field != "redact_photo.areas" {
		t.Errorf("outside: %d %s", r.Code, r.Body.String())
	}
	if r := w.ixl.sendJSON("PATCH", path, `{"redact_photo": {"photo": "0123456789abcdef0123456789abcdef", "areas": [{"x": 0.1, "y": 0.1, "w": 0.3, "h": 0.3}]}}`); r.Code != 422 {
		t.Errorf("unknown photo: %d %s", r.Code, r.Body.String())
	}
	if r := w.ixl.sendJSON("PATCH", path, body); r.Code != 200 {
		t.Fatalf("redact: %d %s", r.Code, r.Body.String())
	}
	if ids := w.publicPhotoIDs(t, id); len(ids) != 1 || ids[0] == old {
		t.Errorf("photos %v", ids)
	}
}

// In Chromium: from the report page, follow "Blur part…", drag a rectangle
// over the photo, blur it; the report page then shows the new photo and
// the public page serves only it. Tablet and desktop, with screenshots.
func TestPhotoRedactionInBrowser(t *testing.T) {
	w := newStaffWorld(t)
	id, old := w.reportWithPhoto(t)
	for _, size := range []struct {
		name          string
		width, height int64
	}{{"tablet", 768, 1024}, {"desktop", 1280, 800}} {
		t.Run(size.name, func(t *testing.T) {
			b := w.browse(t, "redact_"+size.name, "agent@ixelles.example", size.width, size.height)
			b.open(fmt.Sprintf("/staff/reports/%d?lang=fr", id))
			photo := w.publicPhotoIDs(t, id)[0]
			b.follow(fmt.Sprintf(`a[href="/staff/reports/%d/photos/%s/redact"]`, id, photo), fmt.Sprintf("/staff/reports/%d/photos/", id))
			b.until("the photo", `document.getElementById("redact-img").complete && document.getElementById("redact-img").naturalWidth > 0`)
			b.fits("redaction page")
			// Drag from 20 % to 60 % of the photo, as a person does with a mouse.
			b.do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#redact-img")))
			r := b.text(`JSON.stringify(document.getElementById("redact-img").getBoundingClientRect())`)
			var box struct{ Left, Top, Width, Height float64 }
			if err := json.Unmarshal([]byte(r), &box); err != nil {
				t.Fatal(err)
			}
			b.do("drag", chromedp.DragAndDropXY(box.Left+0.2*box.Width, box.Top+0.2*box.Height, box.Left+0.6*box.Width, box.Top+0.6*box.Height))
			b.until("one area marked", `document.querySelectorAll("input[name=area]").length === 1`)
			area := b.text(`document.querySelector("input[name=area]").value`)
			var x, y, ww, hh float64
			fmt.Sscanf(area, "%g,%g,%g,%g", &x, &y, &ww, &hh)
			if x < 18 || x > 22 || y < 18 || y > 22 || ww < 38 || ww > 42 || hh < 38 || hh > 42 {
				t.Errorf("marked area %s, want about 20,20,40,40", area)
			}
			if got := b.text(`document.getElementById("redact-count").textContent`); !strings.Contains(got, "1") {
				t.Errorf("count says %q", got)
			}
			b.shot("1_marked")
			b.click("#redact-submit")
			b.until("back on the report", `location.pathname === "/staff/reports/`+fmt.Sprint(id)+`" && document.querySelector(".flash") !== null`)
			if got := b.text(`document.querySelector(".flash").textContent`); !strings.Contains(got, "floutée") {
				t.Errorf("flash %q", got)
			}
			if b.number(`document.querySelectorAll(".error").length`) != 0 {
				t.Error("an error next to the success")
			}
			b.shot("2_done")
			b.fits("report page")
			now := w.publicPhotoIDs(t, id)
			if len(now) != 1 || now[0] == photo || now[0] == old {
				t.Fatalf("public photos %v (before %s)", now, photo)
			}
			// The report page shows the new photo, marked as redacted.
			if b.number(fmt.Sprintf(`document.querySelectorAll('img[src="/staff/photos/%s_thumb.jpg"]').length`, now[0])) != 1 {
				t.Error("the report page does not show the blurred photo")
			}
		})
	}
}
