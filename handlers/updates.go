package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"streetfix/account"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/photo"
)

// The reporter adds an update (text and up to three photos) to their own
// open report, with the manage link's token: from the manage page's form
// (POST /reports/{id}/update) or the API (POST /api/v1/reports/{id}/updates).
// An update is a public note of the reporter's that notifies the report's
// followers; staff moderate it afterwards (db.SetUpdateHidden, EditUpdate).

// updateStore is what updates need of the database.
type updateStore interface {
	AddUpdate(ctx context.Context, u db.NewUpdate) (db.Event, error)
	SetUpdateHidden(ctx context.Context, reportID, eventID int64, hidden bool, audit db.AuditEntry) (db.Report, error)
	EditUpdate(ctx context.Context, reportID, eventID int64, text string, audit db.AuditEntry) (db.Report, error)
}

// maxUpdateText is the longest update, in characters.
const maxUpdateText = 5000

// updateRequest is a decoded update: JSON {"token", "text"}, or a form with
// token, text and files under photos.
type updateRequest struct {
	Token string `json:"token"`
	Text  string `json:"text"`
	raw   []*photo.Upload
}

func (h *handler) readUpdate(c *gin.Context) (updateRequest, error) {
	var u updateRequest
	ct, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch {
	case err == nil && ct == "application/json":
		return u, h.decodeJSON(c, &u)
	case err == nil && ct == "multipart/form-data" && params["boundary"] != "":
		return h.readUpdateForm(c, params["boundary"])
	}
	return u, newError(http.StatusUnsupportedMediaType, "unsupported_media_type", "", "send application/json or multipart/form-data")
}

// readUpdateForm reads token, text and up to MaxPhotos files, every byte
// counted against one limit.
func (h *handler) readUpdateForm(c *gin.Context, boundary string) (updateRequest, error) {
	var u updateRequest
	limit := h.cfg.JSONBodyLimit + int64(intake.MaxPhotos)*(h.cfg.Photo.MaxBytes+4096)
	mr := multipart.NewReader(http.MaxBytesReader(c.Writer, c.Request.Body, limit), boundary)
	for parts := 0; ; parts++ {
		part, err := mr.NextPart()
		if err == io.EOF {
			return u, nil
		}
		if err != nil {
			return u, multipartError(err)
		}
		if parts >= 16 {
			return u, badRequest("too_many_parts", "", "an update has a token, a text and at most 3 photos")
		}
		name := part.FormName()
		if part.FileName() != "" || name == "photos" {
			if len(u.raw) >= intake.MaxPhotos {
				return u, newError(http.StatusUnprocessableEntity, "too_many_photos", "photos", fmt.Sprintf("at most %d photos per update", intake.MaxPhotos))
			}
			p, err := photo.ReadUpload(part, h.cfg.Photo.MaxBytes)
			if errors.Is(err, photo.ErrTooLarge) {
				return u, photo.ErrTooLarge
			}
			if err != nil {
				return u, multipartError(err)
			}
			if p.Len() > 0 { // an empty file input sends an empty part
				u.raw = append(u.raw, p)
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, h.cfg.JSONBodyLimit+1))
		if err != nil {
			return u, multipartError(err)
		}
		if int64(len(b)) > h.cfg.JSONBodyLimit {
			return u, newError(http.StatusRequestEntityTooLarge, "body_too_large", name, "the form's text is larger than "+byteSize(h.cfg.JSONBodyLimit))
		}
		if !utf8.Valid(b) {
			return u, badRequest("invalid_encoding", name, name+" must be UTF-8 text")
		}
		switch name {
		case "token":
			u.Token = string(b)
		case "text":
			u.Text = string(b)
		case "lang":
		default:
			return u, badRequest("unknown_field", clipField(name), fmt.Sprintf("unknown field %q", clipField(name)))
		}
	}
}

// addUpdate checks the token, the text and the photos, and stores the update.
func (h *handler) addUpdate(ctx context.Context, id int64, u updateRequest) error {
	if err := h.checkToken(ctx, id, u.Token); err != nil {
		return err
	}
	text, err := intake.CleanText("text", u.Text, maxUpdateText, true)
	if err != nil {
		return err
	}
	if text == "" {
		return newError(http.StatusUnprocessableEntity, "missing_field", "text", "say what is new: the text of the update is empty")
	}
	photos, err := h.processPhotos(ctx, u.raw)
	if err != nil {
		return err
	}
	_, err = h.store.AddUpdate(ctx, db.NewUpdate{ReportID: id, Text: text, Photos: photos, At: h.now()})
	switch {
	case errors.Is(err, db.ErrNotOpen):
		return newError(http.StatusConflict, "report_not_open", "", "only an open report takes updates; reopen it first, with a reason")
	case errors.Is(err, db.ErrTooManyPhotos):
		return newError(http.StatusUnprocessableEntity, "too_many_photos", "photos", err.Error())
	}
	return err
}

// addUpdateAPI is POST /api/v1/reports/{id}/updates: 201 with the report.
func (h *handler) addUpdateAPI(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	id, err := parseID(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	if !sameOrigin(c) {
		h.fail(c, crossSite())
		return
	}
	u, err := h.readUpdate(c)
	if err == nil {
		err = h.addUpdate(c.Request.Context(), id, u)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	r, photos, events, err := h.publicReport(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, newReportView(h.store.Catalog(), r, photos, events, lang(c)))
}

// addUpdatePage is the manage page's form: the page again, saying what
// happened, or what to fix with the text kept.
func (h *handler) addUpdatePage(c *gin.Context) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	id, err := parseID(c)
	if err != nil {
		h.failPage(c, err)
		return
	}
	u, err := h.readUpdate(c)
	if err == nil {
		err = h.addUpdate(c.Request.Context(), id, u)
	}
	tr := h.translator(pageLang(c))
	if err != nil {
		e := h.toAPIError(c, err)
		if e.Status == http.StatusForbidden || e.Status == http.StatusNotFound || e.Status >= 500 {
			privatePage(c)
			h.failPage(c, err)
			return
		}
		c.Set(ctxUpdateText, u.Text)
		msg := tr.T("update.error", "Message", e.Message)
		if e.Code == "report_not_open" {
			msg = tr.T("update.error.closed")
		}
		h.showManage(c, u.Token, "", msg)
		return
	}
	h.showManage(c, u.Token, tr.T("update.done"), "")
}

// ctxUpdateText keeps a refused update's text for the page that shows it again.
const ctxUpdateText = "update_text"

// isUpdate says whether an event is a reporter's update.
func isUpdate(e db.Event) bool { return e.Kind == db.EventNote && e.Actor == db.ActorReporter }

// moderateUpdate is the staff report page's hide, show and edit of a
// reporter's update: moderation, like a report's text and photos.
func (h *handler) moderateUpdate(c *gin.Context, id int64, action string) {
	ctx := c.Request.Context()
	a := actorOf(c)
	r, err := h.store.Report(ctx, id)
	if err != nil {
		h.failPage(c, err)
		return
	}
	if !a.may(account.Moderate, r.BodyCode) {
		h.failPage(c, a.refusal(r.BodyCode))
		return
	}
	event, err := strconv.ParseInt(c.PostForm("event"), 10, 64)
	if err != nil || event <= 0 {
		h.renderInspect(c, http.StatusUnprocessableEntity, h.translator(pageLang(c)).T("refusal.no_update"))
		return
	}
	switch action {
	case "edit_update":
		var text string
		if text, err = intake.CleanText("text", c.PostForm("text"), maxUpdateText, true); err == nil {
			if text == "" {
				err = newError(http.StatusUnprocessableEntity, "missing_field", "text", "an update needs a text; hide it instead")
			} else {
				_, err = h.store.EditUpdate(ctx, id, event, text, a.audit())
			}
		}
	default:
		_, err = h.store.SetUpdateHidden(ctx, id, event, action == "hide_update", a.audit())
	}
	if err != nil {
		e := h.toAPIError(c, err)
		if e.Status >= 500 {
			h.failPage(c, err)
			return
		}
		h.renderInspect(c, e.Status, h.staffMessage(h.translator(pageLang(c)), e))
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/reports/%d?done=%s#update-%d", id, action, event))
}
