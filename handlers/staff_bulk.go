package handlers

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"streetfix/db"
)

// bulkTemplate reads the bulk panel's response template: with no note
// typed, each report gets the template's text in its own language (the
// reporter reads it in the language they wrote in).
func (h *handler) bulkTemplate(c *gin.Context, note string) (func(r db.Report, ch *staffChange), error) {
	v := c.PostForm("template")
	if v == "" || note != "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil, badRequest("invalid_form", "template", "template is a template's number")
	}
	t, err := h.store.Template(c.Request.Context(), id)
	if err != nil || (t.Body != "" && !currentUser(c).Sees(t.Body)) { // the panel offers only these
		return nil, newError(http.StatusUnprocessableEntity, "invalid_form", "template", "no such template")
	}
	return func(r db.Report, ch *staffChange) { ch.Note = t.Text(r.Locale) }, nil
}

// bulkTemplates lists the templates the bulk panel offers: the shared ones
// and those of the bodies the signed-in person works for.
func (h *handler) bulkTemplates(c *gin.Context, tr Tr) ([]option, error) {
	tpls, err := h.store.Templates(c.Request.Context(), "", "")
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	var out []option
	for _, t := range tpls {
		if t.Body != "" && !u.Sees(t.Body) {
			continue
		}
		out = append(out, option{Value: strconv.FormatInt(t.ID, 10), Label: tr.T("status."+t.Status) + " — " + t.Name})
	}
	return out, nil
}
