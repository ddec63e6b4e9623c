package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/paulmach/orb"

	"streetfix/account"
	"streetfix/db"
	"streetfix/report"
)

// Merging duplicates: the kept report must be one the same person (or API
// key) may merge on, and open, so that supports and followers never move
// to another body's report or to a report that is already done.

// mergeRadius is how far the report page looks for merge candidates.
const mergeRadius = 250

// checkMergeTarget refuses a merge of r into kept that the actor could not
// make on kept itself. The store checks the kept report's status again under
// its lock; this check gives the reason first, in the page's language.
func (h *handler) checkMergeTarget(ctx context.Context, a actor, r db.Report, kept int64) error {
	refuse := func(msg, id string, pairs ...any) error {
		return newError(http.StatusUnprocessableEntity, "invalid_merge_target", "duplicate_of", msg).say(id, pairs...)
	}
	if kept == r.ID {
		return refuse("a report cannot be a duplicate of itself", "refusal.merge_self")
	}
	k, err := h.store.Report(ctx, kept)
	if errors.Is(err, db.ErrNotFound) || err == nil && k.Status == report.StatusHidden {
		return refuse(fmt.Sprintf("there is no report %d to keep", kept), "refusal.merge_missing", "ID", kept)
	}
	if err != nil {
		return err
	}
	if !a.canView(k.BodyCode) || !a.may(account.MergeDuplicate, k.BodyCode) {
		return refuse(fmt.Sprintf("report %d belongs to %s, on whose reports you may not merge; merge only into a report of your own body", kept, k.BodyCode),
			"refusal.merge_other_body", "ID", kept, "Body", bodyName(k.BodyCode))
	}
	switch {
	case k.Status == report.StatusDuplicate:
		return refuse(fmt.Sprintf("report %d is itself a duplicate: merge into the report it points to", kept), "refusal.merge_duplicate", "ID", kept)
	case report.Group(k.Status) != report.GroupOpen:
		return refuse(fmt.Sprintf("report %d is %s: merge only into an open report", kept, k.Status),
			"refusal.merge_closed", "ID", kept, "Status", statusName(k.Status))
	}
	return nil
}

// mergeCandidate is an open report near the one on the page that it could
// be merged into.
type mergeCandidate struct {
	ID                          int64
	Title, Distance, Age, Thumb string
}

// mergeCandidates lists the open reports of r's category within
// mergeRadius that u may merge into, nearest first.
func (h *handler) mergeCandidates(ctx context.Context, tr Tr, u *account.User, r db.Report) ([]mergeCandidate, error) {
	near, err := h.store.Nearby(ctx, db.NearbyQuery{Point: orb.Point{r.Lon, r.Lat}, Radius: mergeRadius, Category: r.Category,
		Statuses: report.StatusesIn(report.GroupOpen), Limit: 11})
	if err != nil {
		return nil, err
	}
	now := h.now()
	var out []mergeCandidate
	for _, n := range near {
		if n.ID == r.ID || !u.CanTouch(account.MergeDuplicate, n.BodyCode) || len(out) == 10 {
			continue
		}
		c := mergeCandidate{ID: n.ID, Title: n.Title, Distance: tr.T("merge.distance", "M", strconv.Itoa(int(n.Distance+0.5))),
			Age: tr.N("queue.days", int(now.Sub(n.CreatedAt.Time).Hours()/24))}
		if n.PhotoCount > 0 {
			photos, err := h.store.Photos(ctx, n.ID, false)
			if err != nil {
				return nil, err
			}
			if len(photos) > 0 {
				c.Thumb = "/staff/photos/" + photos[0].ID + "_thumb.jpg"
			}
		}
		out = append(out, c)
	}
	return out, nil
}
