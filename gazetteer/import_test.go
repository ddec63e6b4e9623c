package gazetteer

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paulmach/orb"

	"streetfix/city"
)

// TestImportRoundTrip imports a small extract, writes the city files,
// loads them as a city folder would be, and finds streets and numbers.
func TestImportRoundTrip(t *testing.T) {
	shipped(t)
	c := brusselsCity
	f, err := os.Open("testdata/extract.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	streets, numbers, st, err := Import(f, c)
	if err != nil {
		t.Fatal(err)
	}
	want := ImportStats{Features: 10, Ways: 3, Streets: 2, Numbers: 3, Unnamed: 1, Outside: 1, UnknownStreet: 1, OtherGeometry: 1}
	if st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	var sb, ab bytes.Buffer
	if err := WriteStreets(&sb, streets); err != nil {
		t.Fatal(err)
	}
	if err := WriteAddresses(&ab, streets, numbers); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sb.String(), "Rue de la Loi,Wetstraat,21004,\"MULTILINESTRING((4.37 50.846,") {
		t.Errorf("streets.csv:\n%s", sb.String())
	}
	dir := fstest.MapFS{StreetsFile: {Data: sb.Bytes()}, AddressesFile: {Data: ab.Bytes()}}
	g, err := Load(&city.City{Areas: c.Areas, Files: dir})
	if err != nil {
		t.Fatal(err)
	}
	if s, n := g.Len(); s != 2 || n != 3 {
		t.Fatalf("loaded %d streets and %d numbers", s, n)
	}
	ms := g.Search("wetstraat 16a", "nl", 5)
	if len(ms) != 1 || ms[0].Label("nl") != "Wetstraat 16a, Brussel" || ms[0].Point != (orb.Point{4.3761, 50.845}) {
		t.Errorf("search with a number = %+v", ms)
	}
	ms = g.Search("16 rue de la loi", "fr", 5)
	if len(ms) != 1 || ms[0].Label("fr") != "Rue de la Loi 16, Bruxelles" {
		t.Errorf("number first = %+v", ms)
	}
	ms = g.Search("rue de la loi 99", "fr", 5)
	if len(ms) != 1 || ms[0].Number != "" || ms[0].Name("fr") != "Rue de la Loi" {
		t.Errorf("an unknown number gives the street = %+v", ms)
	}
	a := g.Address(orb.Point{4.37512, 50.84515}, "21004")
	if a.FR != "Rue de la Loi 16, Bruxelles" || a.NL != "Wetstraat 16, Brussel" {
		t.Errorf("address near number 16 = %+v", a)
	}
	a = g.Address(orb.Point{4.3731, 50.8272}, "21009")
	if a.FR != "Place Flagey 3, Ixelles" || a.NL != "Flageyplein 3, Elsene" {
		t.Errorf("address at Flagey = %+v", a)
	}
}

func TestReadErrors(t *testing.T) {
	bad := map[string]string{
		"header":   "name,area,geometry\n",
		"no name":  "name_fr,name_nl,area,geometry\n,,21004,\"LINESTRING(4 50,4.1 50)\"\n",
		"polygon":  "name_fr,name_nl,area,geometry\nA,B,21004,\"POLYGON((4 50,4.1 50,4.1 50.1,4 50))\"\n",
		"bad wkt":  "name_fr,name_nl,area,geometry\nA,B,21004,\"LINESTRING(4 50,\"\n",
		"columns":  "name_fr,name_nl,area,geometry\nA,B,21004\n",
		"no areas": "name_fr,name_nl,area,geometry\nA,B,,\"LINESTRING(4 50,4.1 50)\"\n",
	}
	for name, in := range bad {
		if _, err := ReadStreets(strings.NewReader(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	streets := []Street{{FR: "A", NL: "B", Area: "21004"}}
	if _, err := ReadAddresses(strings.NewReader("name_fr,name_nl,area,number,lon,lat\nX,Y,21004,1,4.3,50.8\n"), streets); err == nil {
		t.Error("an address of an unknown street was accepted")
	}
	if _, err := ReadAddresses(strings.NewReader("name_fr,name_nl,area,number,lon,lat\nA,B,21004,1,east,50.8\n"), streets); err == nil {
		t.Error("an address without a longitude was accepted")
	}
}
