package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"streetfix/db"
)

// fanout turns one outbox event into its messages: the body's email for a
// new report, emails to the reporter and followers for a status change or
// a public note, immediate area alerts, and one call per webhook. Each
// address gets one email per event, whatever its reasons.
func (s *Service) fanout(ctx context.Context, it *db.OutboxItem) ([]db.NewMessage, error) {
	now := s.now()
	var out []db.NewMessage
	sent := map[string]bool{}
	add := func(m db.NewMessage, err error) error {
		if err != nil {
			return err
		}
		out = append(out, m)
		sent[m.Recipient] = true
		return nil
	}
	r, ev := it.Report, it.Event
	rep := it.Reporter
	mailReporter := rep.Email != "" && rep.ErasedAt.IsZero() && !rep.NotifyOff
	if it.Kind == db.OutboxCreated {
		if it.Body.Email != "" {
			if err := add(s.bodyEmail(it, now)); err != nil {
				return nil, err
			}
		}
		if mailReporter && !sent[rep.Email] {
			ok, err := s.mayConfirm(ctx, rep.Email, r.ID, now)
			if err != nil {
				return nil, err
			}
			if ok {
				if err := add(s.reporterNewEmail(it, now)); err != nil {
					return nil, err
				}
			}
		}
	} else if mailReporter && ev.Actor != db.ActorReporter {
		// The reporter hears about their report in the language they wrote
		// it in, unless they made the change themselves; each email carries
		// their manage link.
		unsub := s.link("/reports/%d/unsubscribe", r.ID, PurposeReporterOff)
		m, err := s.updateEmail(it, rep.Email, r.Locale, "mail.why.reporter", "", unsub, 0, now, s.manageURL(r.ID, rep.TokenHash))
		if err := add(m, err); err != nil {
			return nil, err
		}
	}
	subs := append(append(append([]db.Subscription{}, it.Followers...), it.Merged...), it.Alerts...)
	for i, sub := range subs {
		if sent[sub.Email] || !matches(sub, r.Theme, r.Lat, r.Lon) {
			continue
		}
		t := s.r.tr(sub.Lang)
		unsub := s.link("/subscriptions/%d/unsubscribe", sub.ID, PurposeUnsubscribe)
		about := sub
		if i >= len(it.Followers) && i < len(it.Followers)+len(it.Merged) {
			about.ReportID.Int64 = r.ID // they followed the duplicate, which this email is about
		}
		what := s.what(t, about, r.Title)
		if it.Kind == db.OutboxCreated {
			if err := add(s.alertEmail(it, sub, what, unsub, now)); err != nil {
				return nil, err
			}
			continue
		}
		if err := add(s.updateEmail(it, sub.Email, sub.Lang, "mail.why.subscriber", what, unsub, sub.ID, now, "")); err != nil {
			return nil, err
		}
	}
	if len(it.Webhooks) > 0 {
		payload, err := json.Marshal(s.webhookPayload(it))
		if err != nil {
			return nil, err
		}
		for _, w := range it.Webhooks {
			out = append(out, db.NewMessage{Channel: db.ChannelWebhook, Event: it.Kind, ReportID: r.ID, WebhookID: w.ID,
				Recipient: w.URL, Payload: string(payload), At: now})
		}
	}
	return out, nil
}

func (s *Service) bodyEmail(it *db.OutboxItem, now time.Time) (db.NewMessage, error) {
	langs, err := ParseLangs(it.BodyLangs)
	if err != nil {
		langs, _ = ParseLangs(s.cfg.BodyLangs)
	}
	var contact *contactView
	// The body learns who reported only when the reporter agreed to it.
	if rep := it.Reporter; rep.ContactConsent && rep.ErasedAt.IsZero() && (rep.Name != "" || rep.Email != "" || rep.Phone != "") {
		contact = &contactView{Name: rep.Name, Email: rep.Email, Phone: rep.Phone}
	}
	e, err := s.r.render("body_new", langs, func(t tr) any {
		return mailData{Tr: t, Report: s.reportView(t, it.Report), Contact: contact, Why: "mail.why.body"}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, it.Body.Email, langs[0], "", now)
	m.Event, m.ReportID = it.Kind, it.Report.ID
	return m, nil
}

// updateEmail is a status change or a note; manage is the reporter's
// manage link, empty for anyone else.
func (s *Service) updateEmail(it *db.OutboxItem, to, lang, why, what, unsub string, subID int64, now time.Time, manage string) (db.NewMessage, error) {
	lang = emailLang(lang)
	e, err := s.r.render("update", []string{lang}, func(t tr) any {
		return mailData{Tr: t, Report: s.reportView(t, it.Report), Event: s.eventView(t, it.Event), Why: why, What: what, Unsubscribe: unsub,
			Manage: manage}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, to, lang, unsub, now)
	m.Event, m.ReportID, m.SubscriptionID = it.Kind, it.Report.ID, subID
	return m, nil
}

// mayConfirm says whether a new report's confirmation may go to email:
// anyone can type a stranger's address into the form, so an address gets
// at most ConfirmationsPerDay confirmations in 24 hours (the report and
// the body's email are made all the same).
func (s *Service) mayConfirm(ctx context.Context, email string, reportID int64, now time.Time) (bool, error) {
	if s.cfg.ConfirmationsPerDay <= 0 {
		return true, nil
	}
	n, err := s.store.ReportsByEmail(ctx, email, reportID, now.Add(-24*time.Hour), s.cfg.ConfirmationsPerDay)
	if err != nil {
		return false, err
	}
	if n >= s.cfg.ConfirmationsPerDay {
		s.log.Info("notify: confirmation not sent, the address had its quota today", "report", reportID, "quota", s.cfg.ConfirmationsPerDay)
		return false, nil
	}
	return true, nil
}

// reporterNewEmail confirms a new report to its reporter, in the
// language they wrote it in, with the report's link and their manage link.
func (s *Service) reporterNewEmail(it *db.OutboxItem, now time.Time) (db.NewMessage, error) {
	r := it.Report
	lang := emailLang(r.Locale)
	unsub := s.link("/reports/%d/unsubscribe", r.ID, PurposeReporterOff)
	manage := s.manageURL(r.ID, it.Reporter.TokenHash)
	e, err := s.r.render("reporter_new", []string{lang}, func(t tr) any {
		return mailData{Tr: t, Report: s.reportView(t, r), Why: "mail.why.reporter", Unsubscribe: unsub, Manage: manage}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, it.Reporter.Email, lang, unsub, now)
	m.Event, m.ReportID = it.Kind, r.ID
	return m, nil
}

// manageURL is the reporter's manage link for emails (Signer.Manage).
func (s *Service) manageURL(id int64, tokenHash string) string {
	if tokenHash == "" {
		return ""
	}
	return fmt.Sprintf("%s/reports/%d/manage?token=%s", s.cfg.BaseURL, id, s.sign.Manage(id, tokenHash))
}

func (s *Service) alertEmail(it *db.OutboxItem, sub db.Subscription, what, unsub string, now time.Time) (db.NewMessage, error) {
	lang := emailLang(sub.Lang)
	e, err := s.r.render("alert_new", []string{lang}, func(t tr) any {
		return mailData{Tr: t, Report: s.reportView(t, it.Report), Why: "mail.why.subscriber", What: what, Unsubscribe: unsub}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, sub.Email, lang, unsub, now)
	m.Event, m.ReportID, m.SubscriptionID = it.Kind, it.Report.ID, sub.ID
	return m, nil
}

// emailMessage queues a rendered email with the headers it keeps across
// retries: a Message-ID fixed now, so that a retry after a lost
// acknowledgement is recognisably the same message, and the one-click
// unsubscribe of RFC 8058.
func (s *Service) emailMessage(e email, to, lang, unsub string, now time.Time) db.NewMessage {
	h := map[string]string{"Message-ID": s.messageID(), "Content-Language": lang}
	if unsub != "" {
		h["List-Unsubscribe"] = "<" + unsub + ">"
		h["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	hb, _ := json.Marshal(h)
	return db.NewMessage{Channel: db.ChannelEmail, Recipient: to, Lang: lang, Subject: e.Subject, Text: e.Text, HTML: e.HTML,
		Headers: string(hb), At: now}
}

func emailLang(l string) string {
	if isLang(l) {
		return l
	}
	return "en"
}
