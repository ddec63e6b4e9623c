package handlers

import (
	"cmp"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/stream"
)

// Hub is the live event fan-out the SSE feed subscribes to.
type Hub interface {
	Subscribe() (*stream.Sub, int64, error)
}

// heartbeat keeps idle connections (and the proxies on their way) open.
const heartbeat = 15 * time.Second

// eventView is one event as the stream sends it: public data only.
type eventData struct {
	ID       int64     `json:"id"`
	ReportID int64     `json:"report_id"`
	URL      string    `json:"url"`
	Kind     string    `json:"kind"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	Status   string    `json:"status"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
}

// sseName maps event kinds to the SSE event names clients listen for.
func sseName(kind string) string {
	switch kind {
	case db.EventCreated:
		return "report_created"
	case db.EventStatus:
		return "status_changed"
	}
	return "note_added"
}

// A replay is bounded: at most replayWindow back, and MaxReplay events
// (Config.ReplayMax); "Last-Event-ID: 0" would otherwise stream the whole
// history (700 MB at a million reports) to anyone who asks.
const (
	replayWindow     = 24 * time.Hour
	DefaultReplayMax = 10_000
)

func (h *handler) replayMax() int64 { return int64(cmp.Or(h.cfg.ReplayMax, DefaultReplayMax)) }

// replayTooLong says whether the events after from are more than a
// replay may send: more ids than the bound (ids only grow, so that counts
// at least every missed event), or the first missed one older than the
// window.
func (h *handler) replayTooLong(c *gin.Context, from, liveFrom int64) bool {
	if liveFrom-from > h.replayMax() {
		return true
	}
	evs, err := h.store.Updates(c.Request.Context(), db.UpdatesQuery{AfterID: from, WithCreated: true, Limit: 1})
	return err == nil && len(evs) == 1 && evs[0].CreatedAt.Time.Before(h.now().Add(-replayWindow))
}

// events is /feeds/events, a Server-Sent Events stream of public history
// events. A client that reconnects with Last-Event-ID (or ?last_event_id=)
// first gets every event it missed, from the database, then the live ones.
func (h *handler) events(c *gin.Context) {
	from := int64(-1)
	for _, s := range []string{c.GetHeader("Last-Event-ID"), c.Query("last_event_id")} {
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			h.fail(c, badRequest("invalid_last_event_id", "Last-Event-ID", "Last-Event-ID must be the id of an event"))
			return
		}
		from = n
	}
	network := clientNetwork(c)
	if !h.streams.take(network, h.cfg.StreamsPerAddress) {
		c.Header("Retry-After", "60")
		h.metrics.limited(c)
		h.fail(c, newError(http.StatusTooManyRequests, "too_many_streams", "",
			"your network already has "+strconv.Itoa(h.cfg.StreamsPerAddress)+" event streams open, the most it may; close one first"))
		return
	}
	defer h.streams.give(network)
	sub, liveFrom, err := h.hub.Subscribe()
	if err != nil {
		c.Header("Retry-After", "30")
		h.fail(c, newError(http.StatusServiceUnavailable, "too_many_streams", "", "too many live streams are open; try again later"))
		return
	}
	defer sub.Close()
	// Streams outlive the server's write timeout; each write extends it.
	rc := http.NewResponseController(c.Writer)
	w := c.Writer
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	sent := liveFrom
	write := func(evs []db.Update) error {
		rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
		for _, e := range evs {
			if e.ID <= sent {
				continue
			}
			b, _ := json.Marshal(eventData{ID: e.ID, ReportID: e.ReportID, URL: reportURL(e.ReportID), Kind: e.Kind,
				From: e.FromStatus, To: e.ToStatus, Status: e.Status, Note: e.Note, At: e.CreatedAt.Time})
			if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", e.ID, sseName(e.Kind), b); err != nil {
				return err
			}
			sent = e.ID
		}
		return rc.Flush()
	}
	rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprint(w, "retry: 3000\n\n")
	if err := rc.Flush(); err != nil {
		return
	}
	if from >= 0 && from < liveFrom {
		// Replay what was missed, up to where the live stream begins, if
		// that is a bounded amount: past it, the client is told to reload
		// (its list, then the stream without Last-Event-ID).
		if h.replayTooLong(c, from, liveFrom) {
			rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			fmt.Fprintf(w, "id: %d\nevent: reload\ndata: {\"reason\":\"too_far_behind\",\"message\":\"more than %d events or %s were missed: reload the reports, then follow the live stream\"}\n\n",
				liveFrom, h.replayMax(), replayWindow)
			if rc.Flush() != nil {
				return
			}
			from = liveFrom
		}
		sent = from
		for sent < liveFrom {
			evs, err := h.store.Updates(c.Request.Context(), db.UpdatesQuery{AfterID: sent, WithCreated: true, Limit: 500})
			if err != nil {
				h.logFailure(c, slog.LevelWarn, "events: replay", "err", err)
				return
			}
			if len(evs) == 0 {
				break
			}
			if err := write(evs); err != nil {
				return
			}
		}
		sent = max(sent, liveFrom)
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-c.Request.Context().Done():
			return
		case evs, ok := <-sub.Events:
			if !ok {
				return // too slow or shutting down: the client resumes with Last-Event-ID
			}
			if err := write(evs); err != nil {
				return
			}
		case <-tick.C:
			rc.SetWriteDeadline(time.Now().Add(30 * time.Second))
			if _, err := fmt.Fprint(w, ": heartbeat\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
