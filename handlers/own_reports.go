package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/gin-gonic/gin"
)

// A reporter cannot "me too" their own report: the browser that sent a
// report is remembered (a keyed hash of its X-Client-Id, the id app.js
// keeps in localStorage), and a support from it is refused. The browser
// also knows the reports it sent and offers no "me too" on them.

// ownReportStore is what the check needs of the database.
type ownReportStore interface {
	RememberReporterClient(ctx context.Context, reportID int64, client string) error
	IsReporterClient(ctx context.Context, reportID int64, client string) (bool, error)
	ForgetReporterClient(ctx context.Context, reportID int64) error
}

var errOwnReport = newError(http.StatusConflict, "own_report", "", "you sent this report yourself: a 'me too' counts other people who have the same problem")

// clientHash is the keyed hash of the request's X-Client-Id, or "" without
// one. Unlike supporterID it leaves out the address, which a phone changes.
func (h *handler) clientHash(c *gin.Context) string {
	client := c.GetHeader("X-Client-Id")
	if client == "" || len(client) > 200 {
		return ""
	}
	m := hmac.New(sha256.New, h.supporter)
	m.Write([]byte("reporter-client\x00" + client))
	return hex.EncodeToString(m.Sum(nil))
}

// rememberReporter records the browser that sent report id, if it said.
func (h *handler) rememberReporter(c *gin.Context, id int64) error {
	if client := h.clientHash(c); client != "" {
		return h.store.RememberReporterClient(c.Request.Context(), id, client)
	}
	return nil
}

// checkNotOwn refuses a support from the browser that sent the report.
func (h *handler) checkNotOwn(c *gin.Context, id int64) error {
	client := h.clientHash(c)
	if client == "" {
		return nil
	}
	own, err := h.store.IsReporterClient(c.Request.Context(), id, client)
	if err != nil {
		return err
	}
	if own {
		return errOwnReport
	}
	return nil
}
