package handlers

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"streetfix/db"
	"streetfix/intake"
	"streetfix/open311"
	"streetfix/report"
)

// listUpdates is FixMyStreet's servicerequestupdates feed: public status
// changes and notes between start_date and end_date (default: the last
// day), by time, then id. after_update_id (an extension) is a poller's
// cursor: the updates recorded after that one, in the order they were
// recorded, whatever time they carry, so one backdated into a window the
// poller has already read still reaches it.
func (h *handler) listUpdates(o *o311, _ string) error {
	c := o.c
	q := db.UpdatesQuery{ByTime: true}
	var err error
	if q.Limit, q.Offset, err = pageParams(c); err != nil {
		return err
	}
	var endPrecision time.Duration
	if s := c.Query("start_date"); s != "" {
		if q.After, _, err = parseW3C("start_date", s); err != nil {
			return err
		}
	}
	if s := c.Query("end_date"); s != "" {
		if q.Before, endPrecision, err = parseW3C("end_date", s); err != nil {
			return err
		}
	}
	if s := c.Query("after_update_id"); s != "" {
		if q.AfterID, err = strconv.ParseInt(s, 10, 64); err != nil || q.AfterID < 0 {
			return o311err(http.StatusBadRequest, "after_update_id must be the update_id of an update already read (0 for the first)")
		}
		q.ByTime = false
	}
	if q.After.IsZero() && q.Before.IsZero() && q.ByTime {
		q.After = h.now().Add(-24 * time.Hour)
	}
	if !q.After.IsZero() && !q.Before.IsZero() && q.Before.Before(q.After) {
		return o311err(http.StatusBadRequest, "end_date is before start_date")
	}
	q.Before = windowEnd(q.Before, endPrecision)
	ups, err := h.store.Updates(c.Request.Context(), q)
	if err != nil {
		return err
	}
	list := make([]open311.RequestUpdate, 0, len(ups))
	for _, u := range ups {
		list = append(list, open311.UpdateFrom(u.Event, u.Status))
	}
	o.write(http.StatusOK, list, open311.RequestUpdates{Updates: list})
	return nil
}

// postUpdate lets a city back office push a status change or a public note
// onto a report: api_key (with the update scope), service_request_id,
// status (FixMyStreet's names or ours), description, updated_datetime.
func (h *handler) postUpdate(o *o311, _ string) error {
	c := o.c
	if err := h.parseOpen311Form(c); err != nil {
		return err
	}
	key, err := h.apiKey(o, db.ScopeUpdate)
	if err != nil {
		return err
	}
	f := c.Request.PostForm
	if err := oneValueEach(f); err != nil {
		return err
	}
	id, err := strconv.ParseInt(f.Get("service_request_id"), 10, 64)
	if err != nil || id <= 0 {
		return o311err(http.StatusBadRequest, "service_request_id is required")
	}
	note, err := cleanNote(f.Get("description"))
	if err != nil {
		return err
	}
	// Integrations' changes are audited like staff's; they may be dated,
	// but not before the report's last event (that would fake its time
	// to fix) nor in the future.
	audit := db.AuditEntry{Actor: "apikey:" + key.Name, Action: "open311_update"}
	ch := db.StatusChange{ReportID: id, Note: note, Public: true, Actor: db.ActorStaff, At: h.now(), Audit: &audit}
	if s := f.Get("status"); s != "" {
		to, ok := open311.UpdateStatus(s)
		if !ok {
			return o311err(http.StatusBadRequest, "unknown status "+clipQuote(s)+": use OPEN, INVESTIGATING, IN_PROGRESS, ACTION_SCHEDULED, FIXED, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY, NO_FURTHER_ACTION or CLOSED")
		}
		ch.To = to
	}
	var kept int64
	if ch.To == report.StatusDuplicate {
		if kept, err = strconv.ParseInt(f.Get("duplicate_of"), 10, 64); err != nil || kept <= 0 {
			return o311err(http.StatusBadRequest, "DUPLICATE needs duplicate_of: the service_request_id of the request this one repeats")
		}
	}
	if s := f.Get("updated_datetime"); s != "" {
		if ch.At, _, err = parseW3C("updated_datetime", s); err != nil {
			return err
		}
		ch.InOrder = true
		if ch.At.After(h.now().Add(5 * time.Minute)) {
			return o311err(http.StatusBadRequest, "updated_datetime is in the future")
		}
	}
	ctx := c.Request.Context()
	r, err := h.store.PublicReport(ctx, id)
	if err != nil {
		return o311err(http.StatusNotFound, "no service request "+strconv.FormatInt(id, 10))
	}
	if !key.Covers(r.BodyCode) {
		return o311err(http.StatusForbidden, "this api_key acts for "+strings.Join(key.Bodies, ", ")+
			"; service request "+strconv.FormatInt(id, 10)+" belongs to "+r.BodyCode)
	}
	if ch.To == r.Status {
		ch.To = "" // the status stands; keep the note
	}
	if ch.To == "" && ch.Note == "" {
		return o311err(http.StatusBadRequest, "send a new status, a description, or both")
	}
	var ev db.Event
	if kept != 0 {
		// The kept request must be one this key may merge on, and open.
		var ae *apiError
		if err := h.checkMergeTarget(ctx, actor{key: &key}, r, kept); errors.As(err, &ae) {
			return o311err(http.StatusBadRequest, ae.Message)
		} else if err != nil {
			return err
		}
		r, ev, err = h.markDuplicate(ctx, ch, kept)
	} else {
		r, ev, err = h.store.ChangeStatus(ctx, ch)
	}
	var back *db.BackdatedError
	if errors.As(err, &back) {
		return o311err(http.StatusBadRequest, "updated_datetime is before the request's last update ("+open311.Datetime(back.Last)+")")
	}
	if errors.Is(err, db.ErrInvalid) {
		return o311err(http.StatusBadRequest, strings.TrimPrefix(err.Error(), db.ErrInvalid.Error()+": "))
	}
	if err != nil {
		return err
	}
	u := open311.UpdateFrom(ev, r.Status)
	o.write(http.StatusOK, []open311.RequestUpdate{u}, open311.RequestUpdates{Updates: []open311.RequestUpdate{u}})
	return nil
}

// markDuplicate merges ch's report into kept, as staff do, and returns the
// merge's event. The merge is dated now, whatever updated_datetime said.
func (h *handler) markDuplicate(ctx context.Context, ch db.StatusChange, kept int64) (db.Report, db.Event, error) {
	r, err := h.store.MarkDuplicate(ctx, ch.ReportID, kept, ch.Note, *ch.Audit)
	if err != nil {
		return r, db.Event{}, err
	}
	events, err := h.store.Events(ctx, ch.ReportID, false)
	if err != nil || len(events) == 0 {
		return r, db.Event{}, errors.Join(err, db.ErrNotFound)
	}
	return r, events[len(events)-1], nil
}

// cleanNote checks a public note like any other text a citizen sees.
func cleanNote(s string) (string, error) {
	s, err := intake.CleanText("description", s, intake.MaxDescription, true)
	if err != nil {
		return "", o311err(http.StatusBadRequest, err.(*intake.Error).Message)
	}
	return s, nil
}
