package handlers

import (
	"errors"
	"net/url"
	"strings"
)

// TileOrigin checks a tile URL template and returns the origin pages load
// tiles from, for the Content-Security-Policy: "" for tiles served by this
// service (a path) or no tiles at all (an empty template, the map then shows
// the area outlines only). A {s} subdomain becomes a wildcard.
func TileOrigin(tmpl string) (string, error) {
	if tmpl == "" || strings.HasPrefix(tmpl, "/") && !strings.HasPrefix(tmpl, "//") {
		if tmpl != "" && !hasTilePlaceholders(tmpl) {
			return "", errors.New("the tile URL needs {z}, {x} and {y}")
		}
		return "", nil
	}
	if !hasTilePlaceholders(tmpl) {
		return "", errors.New("the tile URL needs {z}, {x} and {y}")
	}
	host := strings.ReplaceAll(tmpl, "{s}", "sub")
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(host))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", errors.New("the tile URL must be an http(s) URL or a path on this service")
	}
	if strings.ContainsAny(u.Host, " ;'\"") {
		return "", errors.New("the tile URL's host is malformed")
	}
	h := u.Host
	if strings.Contains(tmpl, "{s}") {
		if !strings.HasPrefix(h, "sub.") {
			return "", errors.New("{s} may only stand for the first part of the tile server's name")
		}
		h = "*." + strings.TrimPrefix(h, "sub.")
	}
	return u.Scheme + "://" + h, nil
}

func hasTilePlaceholders(s string) bool {
	return strings.Contains(s, "{z}") && strings.Contains(s, "{x}") && strings.Contains(s, "{y}")
}

// contentSecurityPolicy lets pages load scripts, styles, data and workers
// from this service only, and images also from the tile server.
func contentSecurityPolicy(tileOrigin string) string {
	img := "img-src 'self' data: blob:"
	if tileOrigin != "" {
		img += " " + tileOrigin
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; " + img +
		"; connect-src 'self'; worker-src 'self'; manifest-src 'self'; form-action 'self'" +
		"; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
}
