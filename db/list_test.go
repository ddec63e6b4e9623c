package db_test

import (
	"context"
	"slices"
	"testing"

	"streetfix/city"
	"streetfix/db"
)

// The list page's street search goes through the full-text index: the
// words of the name in order, the last one as a prefix, accents ignored,
// newest first; and when the newest matches hold too few for the other
// filters, all matches are looked at.
func TestStreetSearch(t *testing.T) {
	s, _ := openStore(t)
	ctx := context.Background()
	add := func(lon, lat float64, title, description string) int64 {
		t.Helper()
		nr := newReport(t, s, lon, lat, "graffiti")
		nr.Report.Title, nr.Report.Description = title, description
		nr.Report.Address = city.Names{EN: "Bruxelles", FR: "Bruxelles", NL: "Brussel"}
		if title == "At the address" {
			nr.Report.Address = city.Names{EN: "Rue de la Loi, Brussels", FR: "Rue de la Loi, Bruxelles", NL: "Wetstraat, Brussel"}
		}
		c, err := s.CreateReport(ctx, nr)
		if err != nil {
			t.Fatal(err)
		}
		return c.Report.ID
	}
	const bxlLon, bxlLat, ixlLon, ixlLat = 4.3525, 50.8467, 4.3722, 50.8275
	old := add(bxlLon, bxlLat, "Tag rue Neuve", "")
	nl := add(bxlLon, bxlLat, "Tag", "Op de gevel van de Nieuwstraat 12")
	chaussee := add(ixlLon, ixlLat, "Chaussée d'Ixelles : tag", "")
	loi := add(bxlLon, bxlLat, "At the address", "")
	var ixelles []int64
	for i := 0; i < 4; i++ {
		ixelles = append(ixelles, add(ixlLon, ixlLat, "Graffiti", "Près de la rue Neuve d'Ixelles"))
	}
	slices.Reverse(ixelles) // newest first
	search := func(text string, areas ...string) []int64 {
		t.Helper()
		rs, err := s.ListReports(ctx, db.ListQuery{Text: text, Areas: areas, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range rs {
			ids = append(ids, r.ID)
		}
		return ids
	}
	for _, tc := range []struct {
		text  string
		areas []string
		want  []int64
	}{
		{"rue Neuve", nil, append(slices.Clone(ixelles), old)},
		{"RUE neu", nil, append(slices.Clone(ixelles), old)},
		{"rue n", nil, nil}, // too short a prefix to search for
		{"rue Neuve", []string{"21004"}, []int64{old}},
		{"Neuve rue", nil, nil},
		{"chaussee d'ixelles", nil, []int64{chaussee}},
		{"Nieuwstraat", nil, []int64{nl}},
		{"nieuwstr", nil, []int64{nl}},
		{"%_", nil, nil},
		{"rue de la loi", nil, []int64{loi}}, // the start of its address, case ignored
		{"Wetstr", []string{"21004"}, []int64{loi}},
		{"%", nil, nil},
		{`"neuve" OR tag*`, nil, nil}, // FTS syntax is words here
	} {
		if got := search(tc.text, tc.areas...); !slices.Equal(got, tc.want) {
			t.Errorf("%q in %v: %v, want %v", tc.text, tc.areas, got, tc.want)
		}
	}
	// Only the 2 newest matches first: all in Ixelles, so the search in
	// Brussels looks at every match and still finds the old one.
	defer db.SetTextCap(2)()
	if got := search("rue Neuve", "21004"); !slices.Equal(got, []int64{old}) {
		t.Errorf("beyond the newest matches: %v, want [%d]", got, old)
	}
	if got := search("rue Neuve"); !slices.Equal(got, append(slices.Clone(ixelles), old)) {
		t.Errorf("without a filter: %v", got)
	}
}
