package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"streetfix/db"
	"streetfix/intake"
)

// Radius bounds of an alert around a point, in metres.
const (
	MinAlertRadius     = 50
	DefaultAlertRadius = 500
)

// resendAfter spaces the confirmations of one pending subscription, so a
// subscribe form cannot be used to flood someone's mailbox.
const resendAfter = time.Hour

// SubscribeRequest is a citizen's request to follow a report or an area.
type SubscribeRequest struct {
	Email     string   `json:"email"`
	Kind      string   `json:"kind"` // report, area or radius
	ReportID  int64    `json:"report_id"`
	Area      string   `json:"area"`
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	Radius    int      `json:"radius"` // metres
	Themes    []string `json:"themes"`
	Frequency string   `json:"frequency"` // immediate (default) or daily
	Locale    string   `json:"locale"`
}

func fieldErr(field, code, format string, args ...any) error {
	return &intake.Error{Field: field, Code: code, Message: fmt.Sprintf(format, args...)}
}

// CheckEmail validates an address the way report intake does.
func CheckEmail(raw string) (string, error) {
	e, err := intake.CleanText("email", raw, intake.MaxEmail, false)
	if err != nil {
		return "", err
	}
	if e == "" {
		return "", fieldErr("email", "missing_field", "email is required")
	}
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || !strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return "", fieldErr("email", "invalid_email", "email must be a plain address such as name@example.org")
	}
	return strings.ToLower(e), nil
}

// subscription checks req and turns it into a subscription to store.
func (s *Service) subscription(ctx context.Context, req SubscribeRequest, fallbackLang string) (db.Subscription, error) {
	var sub db.Subscription
	email, err := CheckEmail(req.Email)
	if err != nil {
		return sub, err
	}
	sub.Email = email
	sub.Lang = req.Locale
	if sub.Lang == "" {
		sub.Lang = fallbackLang
	}
	if !isLang(sub.Lang) {
		return sub, fieldErr("locale", "invalid_locale", "locale must be one of fr, nl, en")
	}
	switch req.Frequency {
	case "", db.Immediate:
		sub.Frequency = db.Immediate
	case db.Daily:
		sub.Frequency = db.Daily
	default:
		return sub, fieldErr("frequency", "invalid_frequency", "frequency must be immediate or daily")
	}
	cat := s.store.Catalog()
	sub.Kind = req.Kind
	switch req.Kind {
	case db.SubReport:
		if req.ReportID <= 0 {
			return sub, fieldErr("report_id", "missing_field", "report_id is required to follow a report")
		}
		if _, err := s.store.PublicReport(ctx, req.ReportID); err != nil {
			return sub, err // not found: 404
		}
		sub.ReportID = sql.NullInt64{Int64: req.ReportID, Valid: true}
		return sub, nil
	case db.SubArea:
		if _, ok := cat.Area(req.Area); !ok {
			return sub, fieldErr("area", "unknown_area", "unknown area %q: use a code from /api/v1/areas", clip(req.Area))
		}
		sub.AreaCode = sql.NullString{String: req.Area, Valid: true}
	case db.SubRadius:
		if req.Lat == nil || req.Lon == nil {
			return sub, fieldErr("lat", "missing_field", "lat and lon are required for an alert around a point")
		}
		if _, ok := cat.Locate(orb.Point{*req.Lon, *req.Lat}); !ok {
			return sub, fieldErr("lat", "outside_service_area", "the point %.5f, %.5f is outside the service area", *req.Lat, *req.Lon)
		}
		if req.Radius == 0 {
			req.Radius = DefaultAlertRadius
		}
		if req.Radius < MinAlertRadius || req.Radius > db.MaxAlertRadius {
			return sub, fieldErr("radius", "invalid_radius", "radius must be between %d and %d metres", MinAlertRadius, db.MaxAlertRadius)
		}
		sub.Lat = sql.NullFloat64{Float64: *req.Lat, Valid: true}
		sub.Lon = sql.NullFloat64{Float64: *req.Lon, Valid: true}
		sub.RadiusM = sql.NullInt64{Int64: int64(req.Radius), Valid: true}
	case "":
		return sub, fieldErr("kind", "missing_field", "kind is required: report, area or radius")
	default:
		return sub, fieldErr("kind", "invalid_kind", "kind must be report, area or radius")
	}
	var themes []string
	for _, t := range req.Themes {
		if _, ok := cat.Theme(t); !ok {
			return sub, fieldErr("themes", "unknown_theme", "unknown theme %q: use a code from /api/v1/themes", clip(t))
		}
		if !slices.Contains(themes, t) {
			themes = append(themes, t)
		}
	}
	slices.Sort(themes)
	sub.Themes = strings.Join(themes, ",")
	return sub, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return strings.ToValidUTF8(s[:40], "") + "…"
	}
	return s
}

// Subscribe checks req, stores the subscription as pending and queues its
// confirmation email; nothing else is sent before it is confirmed.
func (s *Service) Subscribe(ctx context.Context, req SubscribeRequest, fallbackLang string) (db.Subscription, error) {
	sub, err := s.subscription(ctx, req, fallbackLang)
	if err != nil {
		return sub, err
	}
	now := s.now()
	lim := db.SubscribeLimits{MaxPerAddress: s.cfg.MaxSubscriptions, ResendAfter: resendAfter, PendingFor: s.cfg.PendingFor,
		AddressHash: s.sign.AddressHash(sub.Email)}
	sub, err = s.store.Subscribe(ctx, sub, lim, now, func(sub db.Subscription) (db.NewMessage, error) {
		return s.confirmEmail(ctx, sub, now)
	})
	if errors.Is(err, db.ErrTooManySubscriptions) || errors.Is(err, db.ErrAddressBlocked) {
		// Nothing is stored or sent, and the caller answers as for any
		// address: telling a stranger would say what the address follows
		// or that its owner refused.
		s.log.Info("subscription not stored", "reason", err.Error())
		return db.Subscription{}, nil
	}
	if err == nil {
		s.Wake()
	}
	return sub, err
}

func (s *Service) confirmEmail(ctx context.Context, sub db.Subscription, now time.Time) (db.NewMessage, error) {
	lang := emailLang(sub.Lang)
	// The report's title is someone else's text: it is quoted apart, as
	// the title, never inside the service's own sentence, and made so that
	// no mail client turns it into a link.
	quoted := defuse(s.reportTitle(ctx, sub))
	confirm := s.link("/subscriptions/%d/confirm", sub.ID, PurposeConfirm)
	notMe := s.link("/subscriptions/%d/not-me", sub.ID, PurposeNotMe)
	e, err := s.r.render("confirm", []string{lang}, func(t tr) any {
		what := s.what(t, sub, "")
		if sub.Kind == db.SubReport {
			what = t.T("what.report_number", "ID", sub.ReportID.Int64)
		}
		return mailData{Tr: t, What: what, Quoted: quoted, Confirm: confirm, NotMe: notMe}
	})
	if err != nil {
		return db.NewMessage{}, err
	}
	m := s.emailMessage(e, sub.Email, lang, "", now)
	m.Event, m.SubscriptionID = "subscription.confirm", sub.ID
	if sub.ReportID.Valid {
		m.ReportID = sub.ReportID.Int64
	}
	return m, nil
}

func (s *Service) reportTitle(ctx context.Context, sub db.Subscription) string {
	if !sub.ReportID.Valid {
		return ""
	}
	r, err := s.store.PublicReport(ctx, sub.ReportID.Int64)
	if err != nil {
		return ""
	}
	return r.Title
}

// Describe says what sub is about, in lang, for pages.
func (s *Service) Describe(ctx context.Context, lang string, sub db.Subscription) string {
	return s.what(s.r.tr(emailLang(lang)), sub, s.reportTitle(ctx, sub))
}

// DescribeOwnReport says "your report #id" in lang.
func (s *Service) DescribeOwnReport(lang string, reportID int64) string {
	return s.r.tr(emailLang(lang)).T("what.own_report", "ID", reportID)
}

// ErrGone is a signed link's subscription that no longer exists: its
// subscriber erased it, or it went unconfirmed. It is also db.ErrNotFound.
var ErrGone = fmt.Errorf("the subscription no longer exists: %w", db.ErrNotFound)

// Lookup returns the subscription a signed link names, db.ErrNotFound when
// the signature is not the one for this id and purpose, and ErrGone when
// it is but the subscription is no more. Only the holder of the link
// learns that, and the link said it existed.
func (s *Service) Lookup(ctx context.Context, id int64, purpose, sig string) (db.Subscription, error) {
	if !s.sign.Verify(purpose, id, sig) {
		return db.Subscription{}, fmt.Errorf("notify: subscription %d: bad signature: %w", id, db.ErrNotFound)
	}
	sub, err := s.store.Subscription(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return sub, fmt.Errorf("notify: subscription %d: %w", id, ErrGone)
	}
	return sub, err
}

// Confirm activates the subscription of a signed confirmation link.
func (s *Service) Confirm(ctx context.Context, id int64, sig string) (db.Subscription, error) {
	sub, err := s.Lookup(ctx, id, PurposeConfirm, sig)
	if err != nil {
		return sub, err
	}
	if sub.Status == db.SubActive {
		return sub, nil
	}
	now := s.now()
	var first time.Time
	if sub.Frequency == db.Daily {
		first = s.NextDigest(now)
	}
	return s.store.ConfirmPending(ctx, id, now, first, now.Add(-s.cfg.PendingFor))
}

// NotMe answers "this wasn't me" from a pending subscription's signed
// link: the address's pending subscriptions go, and no confirmation email
// is sent to it for db.BlockFor.
func (s *Service) NotMe(ctx context.Context, id int64, sig string) (db.Subscription, error) {
	sub, err := s.Lookup(ctx, id, PurposeNotMe, sig)
	if err != nil {
		return sub, err
	}
	return s.store.NotMe(ctx, id, s.sign.AddressHash(sub.Email), s.now().Add(db.BlockFor))
}

// defuse breaks what a mail client would turn into a link (a domain, an
// address, a URL) with zero-width spaces, which do not show.
func defuse(s string) string {
	return strings.NewReplacer(".", ".\u200b", ":", ":\u200b", "@", "@\u200b", "/", "/\u200b").Replace(s)
}

// Unsubscribe cancels the subscription of a signed unsubscribe link.
func (s *Service) Unsubscribe(ctx context.Context, id int64, sig string) (db.Subscription, error) {
	if _, err := s.Lookup(ctx, id, PurposeUnsubscribe, sig); err != nil {
		return db.Subscription{}, err
	}
	return s.store.CancelSubscription(ctx, id, s.now())
}

// EraseSubscriber erases, from a signed unsubscribe link, every
// subscription of the link's address and every message to it; it returns
// how many subscriptions went.
func (s *Service) EraseSubscriber(ctx context.Context, id int64, sig string) (int, error) {
	sub, err := s.Lookup(ctx, id, PurposeUnsubscribe, sig)
	if err != nil {
		return 0, err
	}
	return s.store.EraseSubscriber(ctx, sub.Email, s.now())
}

// CheckReporterLink verifies the signed link that stops a reporter's emails.
func (s *Service) CheckReporterLink(reportID int64, sig string) error {
	if !s.sign.Verify(PurposeReporterOff, reportID, sig) {
		return fmt.Errorf("notify: report %d: bad signature: %w", reportID, db.ErrNotFound)
	}
	return nil
}

// ReporterOff stops the emails a reporter gets about their report.
func (s *Service) ReporterOff(ctx context.Context, reportID int64, sig string) error {
	if err := s.CheckReporterLink(reportID, sig); err != nil {
		return err
	}
	return s.store.SetReporterNotify(ctx, reportID, false)
}
