package main

import (
	"context"
	"fmt"
)

// streetSearch measures the list page's street search (/reports?street=):
// a street of the demo data in its municipality and across the region, in
// French and Dutch, and a name found nowhere, which a scan would have to
// read every report for. The page is HTML, as people get it.
func (b *bench) streetSearch(ctx context.Context) ([]figure, error) {
	var figs []figure
	for _, q := range []struct{ name, query string }{
		{"a street in its municipality", "area=21004&street=rue+Neuve"},
		{"a street, whole region", "street=rue+Neuve"},
		{"a Dutch name, whole region", "street=Nieuwstraat"},
		{"a name found nowhere", "street=Zzyzxstraat"},
	} {
		lat, err := b.repeatN(ctx, b.base, 50, func(int) string { return "/reports?" + q.query })
		if err != nil {
			return nil, err
		}
		figs = append(figs,
			figure{Name: fmt.Sprintf("list page street search, %s, p50", q.name), Value: ms(lat.pct(0.5)), Unit: "ms", Target: ptr(50), better: "lower"},
			figure{Name: fmt.Sprintf("list page street search, %s, p99", q.name), Value: ms(lat.pct(0.99)), Unit: "ms", better: "lower"})
	}
	return figs, nil
}
