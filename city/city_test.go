package city_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/paulmach/orb/planar"

	"streetfix/city"
)

func TestDefaultBrussels(t *testing.T) {
	c, err := city.Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Areas) != 19 || len(c.Categories) != 27 || len(c.Themes) != 5 || len(c.Bodies) != 19+5 {
		t.Fatalf("areas %d categories %d themes %d bodies %d", len(c.Areas), len(c.Categories), len(c.Themes), len(c.Bodies))
	}
	// The credit the data's licences ask for, in each language.
	for _, l := range []string{"en", "fr", "nl"} {
		a := c.Attribution.Get(l)
		if !strings.Contains(a, "© UrbIS — Paradigm.brussels") || !strings.Contains(a, "© OpenStreetMap contributors") {
			t.Errorf("attribution in %s lacks a credit: %q", l, a)
		}
	}
	if fr, nl := c.Attribution.Get("fr"), c.Attribution.Get("nl"); !strings.Contains(fr, "Limites des communes") || !strings.Contains(nl, "Gemeentegrenzen") {
		t.Errorf("attribution not translated: fr %q, nl %q", fr, nl)
	}
	pop := 0
	for _, a := range c.Areas {
		pop += a.Population
		if a.Name.FR == "" || a.Name.NL == "" || a.Name.EN == "" {
			t.Errorf("area %s lacks a name: %+v", a.Code, a.Name)
		}
		if !planar.MultiPolygonContains(a.Geometry, a.Label) {
			t.Errorf("label of %s lies outside it", a.Name.FR)
		}
	}
	if pop != 1218255 {
		t.Errorf("population %d, want Statbel's 1218255", pop)
	}
	bxl, _ := c.ResponsibleBody(city.Category{Owner: city.OwnerCommune}, "21004")
	if bxl.Code != "commune-21004" || bxl.Name.EN != "City of Brussels" {
		t.Errorf("commune body %+v", bxl)
	}
	cat, ok := c.Category("missing_cover")
	if b, _ := c.ResponsibleBody(cat, "21004"); !ok || b.Code != "vivaqua" {
		t.Errorf("missing_cover routes to %+v", b)
	}
	if c.Location.String() != "Europe/Brussels" {
		t.Errorf("time zone %s, want Europe/Brussels", c.Location)
	}
	if got := (city.Names{EN: "x", FR: "y"}).Get("nl"); got != "x" {
		t.Errorf("fallback to English: %q", got)
	}
}

func TestLoadRejectsInconsistentFiles(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"city.json":      {Data: []byte(`{"name":{"en":"Town"},"area_code_property":"code","area_name_properties":{"fr":"fr","nl":"nl"}}`)},
			"themes.csv":     {Data: []byte("code,name_en\nsafe,Safe\n")},
			"bodies.csv":     {Data: []byte("owner,code,name_en\nWater Co,water,Water Co\n")},
			"categories.csv": {Data: []byte("service_code,theme,name_en,owner\nleak,safe,Leak,Water Co\n")},
			"population.csv": {Data: []byte("nis,population_2020\n1,100\n")},
			"municipalities.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","fr":"Ville","nl":"Stad"},
				"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}`)},
		}
	}
	if c, err := city.Load(base()); err != nil || len(c.Areas) != 1 || c.Areas[0].Population != 100 || c.Location != time.UTC {
		t.Fatalf("a minimal city (in UTC without a time zone): %v", err)
	}
	one := base()
	one["city.json"] = &fstest.MapFile{Data: []byte(`{"name":{"en":"Town"},"area_code_property":"code","attribution":"© Town"}`)}
	if c, err := city.Load(one); err != nil || c.Attribution.Get("fr") != "© Town" || c.Attribution.Get("nl") != "© Town" {
		t.Fatalf("one attribution for every language: %+v, %v", c, err)
	}
	tests := []struct {
		name, file, data, want string
	}{
		{"unknown theme", "categories.csv", "service_code,theme,name_en,owner\nleak,wet,Leak,Water Co\n", "unknown theme"},
		{"unknown owner", "categories.csv", "service_code,theme,name_en,owner\nleak,safe,Leak,Gas Co\n", "not in bodies.csv"},
		{"duplicate category", "categories.csv", "service_code,theme,name_en,owner\nleak,safe,Leak,commune\nleak,safe,Leak,commune\n", "twice"},
		{"bad datatype", "questions.json", `{"leak":[{"code":"q","datatype":"colour"}]}`, "unknown datatype"},
		{"point geometry", "municipalities.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1"},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, "not a polygon"},
		{"no code", "municipalities.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}`, "has no"},
		{"missing file", "themes.csv", "", "themes.csv"},
		{"notice for no category", "notices.json", `{"flood":{"en":"Call 112","fr":"Appelez le 112","nl":"Bel 112"}}`, "not a category"},
		{"notice in one language", "notices.json", `{"leak":{"en":"Call 112"}}`, "English, French and Dutch"},
		{"notice too long", "notices.json", `{"leak":{"en":"` + strings.Repeat("é", 501) + `","fr":"x","nl":"x"}}`, "at most 500"},
		{"notice with a typo", "notices.json", `{"leak":{"en":"a","fr":"b","nl":"c","de":"d"}}`, "unknown field"},
		{"attribution in German", "city.json", `{"name":{"en":"Town"},"area_code_property":"code","attribution":{"en":"© Town","de":"© Stadt"}}`, "unknown field"},
		{"unknown time zone", "city.json", `{"name":{"en":"Town"},"area_code_property":"code","time_zone":"Europe/Atlantis"}`, "Europe/Atlantis"},
	}
	for _, tt := range tests {
		fs := base()
		if tt.data == "" {
			delete(fs, tt.file)
		} else {
			fs[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
		}
		_, err := city.Load(fs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tt.name, err, tt.want)
		}
	}
}
