package handlers

import (
	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// The admin page names bodies, never makes admins type their codes
// (commune-21009): accounts pick their bodies from a list of names.

// bodyNames maps each body's code to its name in lang, in the catalogue's order.
func bodyNames(cat *db.Catalog, lang string) []option {
	var out []option
	for _, b := range cat.Bodies {
		out = append(out, option{Value: b.Code, Label: b.Name.Get(lang)})
	}
	return out
}

// formBodies reads the bodies an account works for: the list's choices
// (bodies, repeated), or codes separated by commas from older forms.
func formBodies(c *gin.Context) []string {
	var out []string
	for _, v := range c.PostFormArray("bodies") {
		out = append(out, splitCodes(v)...)
	}
	return out
}
