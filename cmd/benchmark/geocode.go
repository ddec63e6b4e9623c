package main

import (
	"context"
	"fmt"
	"net/url"
	"unicode/utf8"
)

// typed are searches as people type them, in both languages, with and
// without accents; every prefix of two characters or more is asked, as a
// search box asks while one types.
var typed = []string{"rue de la loi", "wetstraat", "chaussée de wavre", "Waversesteenweg 12",
	"avenue des ebeniers", "ch. de wavre etterbeek", "Loi", "xyzzy"}

// geocode measures street searches and nearest-street look-ups.
func (b *bench) geocode(ctx context.Context) (search, reverse latencies, err error) {
	var queries []string
	for _, t := range typed {
		for i := 2; i <= utf8.RuneCountInString(t); i++ {
			queries = append(queries, string([]rune(t)[:i]))
		}
	}
	search, err = b.repeat(ctx, func(i int) string {
		return "/api/v1/geocode?lang=fr&q=" + url.QueryEscape(queries[i%len(queries)])
	})
	if err != nil {
		return nil, nil, err
	}
	reverse, err = b.repeat(ctx, func(i int) string {
		p := b.points[i%len(b.points)]
		return fmt.Sprintf("/api/v1/geocode/reverse?lat=%f&lon=%f", p[1], p[0])
	})
	return search, reverse, err
}
