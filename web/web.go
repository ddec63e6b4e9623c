// Package web holds the server-rendered pages' templates and static files,
// embedded in the binary so the service is one file to deploy.
package web

import (
	"embed"
	"html/template"
	"io/fs"
)

//go:embed templates static locales worker
var files embed.FS

// Templates parses every page template once, at start-up.
func Templates() (*template.Template, error) {
	return template.ParseFS(files, "templates/*.html")
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
