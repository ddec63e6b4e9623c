package notify

import (
	"context"
	"time"

	"streetfix/calendar"
	"streetfix/db"
)

// digests sends the daily digests that are due: each collects the events
// that match its subscription since the previous one. A digest with no
// events sends nothing but still moves to the next day.
func (s *Service) digests(ctx context.Context) error {
	now := s.now()
	subs, err := s.store.DueDigests(ctx, now, batch)
	if err != nil {
		return err
	}
	for _, sub := range subs {
		events, err := s.store.DigestEvents(ctx, sub)
		if err != nil {
			return err
		}
		upTo := sub.DigestAfterID
		var items []db.DigestEvent
		for _, e := range events {
			upTo = e.ID
			if sub.Kind == db.SubReport || matches(sub, e.Theme, e.Lat, e.Lon) {
				items = append(items, e)
			}
		}
		var m *db.NewMessage
		if len(items) > 0 {
			msg, err := s.digestEmail(sub, items, now)
			if err != nil {
				return err
			}
			m = &msg
		}
		if _, err := s.store.FinishDigest(ctx, sub, upTo, s.NextDigest(now), m); err != nil {
			return err
		}
	}
	return nil
}

// NextDigest is the first digest time after now: DigestHour o'clock in the
// city's local time, whatever the offset that day.
func (s *Service) NextDigest(now time.Time) time.Time {
	return calendar.NextAt(now, s.cfg.DigestHour, s.cfg.Location)
}

func (s *Service) digestEmail(sub db.Subscription, events []db.DigestEvent, now time.Time) (db.NewMessage, error) {
	lang := emailLang(sub.Lang)
	unsub := s.link("/subscriptions/%d/unsubscribe", sub.ID, PurposeUnsubscribe)
	title := ""
	if sub.Kind == db.SubReport && len(events) > 0 {
		title = events[0].Title
	}
	e, err := s.r.render("digest", []string{lang}, func(t tr) any {
		items := make([]digestItem, len(events))
		for i, ev := range events {
			var line string
			switch ev.Kind {
			case db.EventCreated:
				line = t.T("mail.digest.created", "ID", ev.ReportID, "Title", ev.Title)
			case db.EventStatus:
				line = t.T("mail.digest.status", "ID", ev.ReportID, "Title", ev.Title, "Status", t.T("status."+ev.ToStatus))
			default:
				line = t.T("mail.digest.note", "ID", ev.ReportID, "Title", ev.Title)
			}
			items[i] = digestItem{At: calendar.DateTime(ev.CreatedAt.Time, s.cfg.Location, t.Lang), Line: line, URL: s.reportURL(ev.ReportID)}
		}
		return mailData{Tr: t, Items: items, Why: "mail.why.subscriber", What: s.what(t, sub, title), Unsubscribe: unsub}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, sub.Email, lang, unsub, now)
	m.Event, m.SubscriptionID = "digest", sub.ID
	m.About = make(map[int64]string, len(events))
	for _, ev := range events {
		m.About[ev.ReportID] = ev.Title
	}
	return m, nil
}
