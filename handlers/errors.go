package handlers

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/photo"
	"streetfix/report"
)

// apiError is the one error shape of the JSON API:
// {"error": {"code": "snake_case", "message": "human sentence", "field": "name"}}.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Pages show msgID (a message of web/locales filled with args, name
	// and value pairs) in the reader's language rather than Message, which
	// is the API's English.
	msgID string
	args  []any
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// say gives e the message pages show in their language.
func (e *apiError) say(id string, pairs ...any) *apiError {
	e.msgID, e.args = id, pairs
	return e
}

// Values of a message that pages name in their language.
type (
	bodyName   string // a body's code
	statusName string // a status
)

// pageMessage is what a page shows of e: its own message in the page's
// language, or the page's general words for the status.
func (h *handler) pageMessage(tr Tr, e *apiError) string {
	if e.msgID != "" {
		args := append([]any(nil), e.args...)
		for i, a := range args {
			switch v := a.(type) {
			case bodyName:
				args[i] = string(v)
				if b, ok := h.store.Catalog().Body(string(v)); ok {
					args[i] = b.Name.Get(tr.Lang)
				}
			case statusName:
				args[i] = tr.T("status." + string(v))
			}
		}
		return tr.T(e.msgID, args...)
	}
	switch {
	case e.Status >= 500:
		return tr.T("error.500")
	case e.Status == http.StatusNotFound, e.Status == http.StatusBadRequest, e.Status == http.StatusForbidden, e.Status == http.StatusTooManyRequests:
		return tr.T("error." + strconv.Itoa(e.Status))
	}
	return tr.T("error.400")
}

// staffMessage is pageMessage for the back office's forms: a refusal the
// store did not word for pages still says what to do, in the page's
// language, never the API's English.
func (h *handler) staffMessage(tr Tr, e *apiError) string {
	if e.msgID == "" && (e.Status == http.StatusUnprocessableEntity || e.Status == http.StatusConflict || e.Status == http.StatusBadRequest) {
		return tr.T("refusal.generic")
	}
	return h.pageMessage(tr, e)
}

func newError(status int, code, field, message string) *apiError {
	return &apiError{Status: status, Code: code, Field: field, Message: message}
}

func badRequest(code, field, message string) *apiError {
	return newError(http.StatusBadRequest, code, field, message)
}

// fail answers with err mapped to a status. Errors the client cannot fix are
// logged once here and answered with a message that reveals nothing inside.
func (h *handler) fail(c *gin.Context, err error) {
	e := h.toAPIError(c, err)
	c.Abort()
	c.JSON(e.Status, gin.H{"error": e})
}

func (h *handler) toAPIError(c *gin.Context, err error) *apiError {
	var ae *apiError
	var fe *intake.Error
	var mbe *http.MaxBytesError
	var ref *db.Refusal
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &ref):
		return newError(http.StatusUnprocessableEntity, "invalid_change", "", ref.Text).say(ref.ID, ref.Args...)
	case errors.As(err, &fe):
		e := newError(http.StatusUnprocessableEntity, fe.Code, fe.Field, fe.Message)
		switch fe.Code {
		case "too_long", "invalid_characters", "invalid_encoding": // what staff text can run into
			e.say("refusal.text." + fe.Code)
		}
		return e
	case errors.As(err, &mbe):
		return newError(http.StatusRequestEntityTooLarge, "body_too_large", "",
			"the request body is larger than the limit of "+byteSize(mbe.Limit))
	case errors.Is(err, errDecodeBusy):
		c.Header("Retry-After", "5")
		h.metrics.limited(c)
		return newError(http.StatusServiceUnavailable, "photos_busy", "photos",
			"the server is processing as many photos as it can; try again in a few seconds").say("security.photos_busy")
	case db.IsBusy(err):
		// Another process holds the database (a backup, a maintenance
		// command): the write waited db.BusyTimeout and was not made.
		h.log.WarnContext(c.Request.Context(), "database busy", slog.String("route", c.FullPath()), slog.Any("err", err))
		c.Header("Retry-After", "10")
		return newError(http.StatusServiceUnavailable, "database_busy", "",
			"the database is busy and nothing was saved; try again in a few seconds").say("security.database_busy")
	case db.IsFull(err):
		h.log.ErrorContext(c.Request.Context(), "disk full: writes refused", slog.String("route", c.FullPath()), slog.Any("err", err))
		c.Header("Retry-After", "60")
		return newError(http.StatusServiceUnavailable, "storage_full", "",
			"the server cannot store anything right now and nothing was saved; try again later").say("security.storage_full")
	case errors.Is(err, photo.ErrTooLarge):
		return newError(http.StatusRequestEntityTooLarge, "photo_too_large", "photos", "each photo must be at most "+byteSize(h.cfg.Photo.MaxBytes))
	case errors.Is(err, photo.ErrUnsupported):
		return newError(http.StatusUnsupportedMediaType, "unsupported_photo", "photos", "photos must be JPEG, PNG or WebP images")
	case errors.Is(err, photo.ErrDimensions):
		return newError(http.StatusUnprocessableEntity, "photo_dimensions", "photos", "a photo is empty or has too many pixels")
	case errors.Is(err, photo.ErrCorrupt):
		return newError(http.StatusUnprocessableEntity, "photo_corrupt", "photos", "a photo could not be read as an image")
	case errors.Is(err, db.ErrNotFound):
		return newError(http.StatusNotFound, "not_found", "", "no such "+notFoundWhat(c))
	case errors.Is(err, db.ErrIdempotencyMismatch):
		return newError(http.StatusUnprocessableEntity, "idempotency_key_reused", "Idempotency-Key",
			"this Idempotency-Key was already used for a different request; use a new key for a new report")
	case errors.Is(err, db.ErrExists):
		return newError(http.StatusConflict, "exists", "", strings.TrimPrefix(err.Error(), "db: "))
	case errors.Is(err, db.ErrInvalid):
		return newError(http.StatusUnprocessableEntity, "invalid_change", "", strings.TrimPrefix(err.Error(), db.ErrInvalid.Error()+": "))
	case errors.Is(err, report.ErrUnknownStatus):
		return newError(http.StatusUnprocessableEntity, "unknown_status", "status", "status must be one of "+strings.Join(report.Visible(), ", "))
	case errors.Is(err, report.ErrSameStatus):
		return newError(http.StatusConflict, "transition_not_allowed", "status", err.Error()).say("refusal.same_status")
	case errors.Is(err, report.ErrNotAllowed):
		return newError(http.StatusConflict, "transition_not_allowed", "status", err.Error()).say("refusal.transition")
	case errors.Is(err, db.ErrNotOpen):
		return newError(http.StatusConflict, "report_not_open", "", "only open reports can be supported")
	}
	if clientGone(c) {
		// Nobody reads the answer; the access log records 499.
		h.log.DebugContext(c.Request.Context(), "request cancelled by the client", slog.String("route", c.FullPath()), slog.Any("err", err))
		return newError(statusClientClosed, "client_closed_request", "", "the request was cancelled")
	}
	h.log.ErrorContext(c.Request.Context(), "request failed", slog.String("route", c.FullPath()), slog.Any("err", err))
	return newError(http.StatusInternalServerError, "internal_error", "", "something went wrong on our side; please try again")
}

func notFoundWhat(c *gin.Context) string {
	switch c.FullPath() {
	case "/photos/:name":
		return "photo"
	case "":
		return "page"
	}
	return "report"
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return itoa(n>>20) + " MiB"
	case n >= 1<<10:
		return itoa(n>>10) + " KiB"
	}
	return itoa(n) + " bytes"
}
