// Package web holds the server-rendered pages' templates and static files,
// embedded in the binary so the service is one file to deploy.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"time"
)

//go:embed templates static locales worker
var files embed.FS

// Templates parses every page template once, at start-up; their times are
// written in loc, the city's time zone ({{local .T "2006-01-02 15:04"}}),
// and static files are linked through static, which gives a file's
// content-hashed address ({{static "app.js"}}).
func Templates(loc *time.Location, static func(name string) string) (*template.Template, error) {
	funcs := template.FuncMap{"local": func(t time.Time, layout string) string { return t.In(loc).Format(layout) },
		"static": static}
	for k, v := range Funcs {
		funcs[k] = v
	}
	return template.New("").Funcs(funcs).ParseFS(files, "templates/*.html")
}

// Static returns the files served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the folder is embedded above; this cannot fail
	}
	return sub
}

// Locales returns the message catalogues, one file per feature and language.
func Locales() fs.FS {
	sub, err := fs.Sub(files, "locales")
	if err != nil {
		panic(err)
	}
	return sub
}

// Worker returns the service worker's script, served from the site's root.
func Worker() fs.FS {
	sub, err := fs.Sub(files, "worker")
	if err != nil {
		panic(err)
	}
	return sub
}

// Funcs are the helpers every template may call.
var Funcs = template.FuncMap{
	// withTitle passes a page's data on to a shared head with its title set.
	"withTitle": func(data map[string]any, title string) map[string]any {
		out := make(map[string]any, len(data)+1)
		for k, v := range data {
			out[k] = v
		}
		out["Title"] = title
		return out
	},
	// dict builds a map from name, value pairs, for sub-templates.
	"dict": func(pairs ...any) map[string]any {
		out := make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			if k, ok := pairs[i].(string); ok {
				out[k] = pairs[i+1]
			}
		}
		return out
	},
}
