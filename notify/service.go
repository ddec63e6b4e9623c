package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"streetfix/db"
)

// Store is what notifications need of the database.
type Store interface {
	Catalog() *db.Catalog
	Fanout(ctx context.Context, limit int, fn db.FanoutFunc) (int, error)
	ClaimMessages(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]db.Message, error)
	FinishMessage(ctx context.Context, id int64, owner string, o db.Outcome) (bool, error)
	PurgeMessages(ctx context.Context, now time.Time, maxAge time.Duration) (int64, error)
	Webhook(ctx context.Context, id int64) (db.Webhook, error)
	DueDigests(ctx context.Context, now time.Time, limit int) ([]db.Subscription, error)
	DigestEvents(ctx context.Context, sub db.Subscription) ([]db.DigestEvent, error)
	FinishDigest(ctx context.Context, sub db.Subscription, upTo int64, next time.Time, m *db.NewMessage) (bool, error)
	Subscribe(ctx context.Context, sub db.Subscription, lim db.SubscribeLimits, now time.Time, confirm db.ConfirmFunc) (db.Subscription, error)
	Subscription(ctx context.Context, id int64) (db.Subscription, error)
	ConfirmPending(ctx context.Context, id int64, now, firstDigest, pendingSince time.Time) (db.Subscription, error)
	NotMe(ctx context.Context, id int64, addressHash string, until time.Time) (db.Subscription, error)
	CancelSubscription(ctx context.Context, id int64, now time.Time) (db.Subscription, error)
	EraseSubscriber(ctx context.Context, email string, at time.Time) (int, error)
	SetReporterNotify(ctx context.Context, reportID int64, on bool) error
	DueQuestionnaires(ctx context.Context, now time.Time, after time.Duration, limit int) ([]db.QuestionnaireDue, error)
	AskQuestionnaire(ctx context.Context, reportID int64, now time.Time, after, ttl time.Duration, email db.QuestionFunc) (bool, error)
	PublicReport(ctx context.Context, id int64) (db.Report, error)
	ReportsByEmail(ctx context.Context, email string, before int64, since time.Time, atMost int) (int, error)
}

// Service renders, queues and delivers notifications. The handlers use it
// for subscriptions; Run is the worker.
type Service struct {
	store  Store
	cfg    Config
	log    *slog.Logger
	r      *renderer
	sign   Signer
	mailer Mailer // nil: no SMTP server, emails are kept for /staff/notify
	client *http.Client
	owner  string // this worker's name on its leases
	wake   chan struct{}
	now    func() time.Time
	jitter func() float64 // in [0, 1)
	// observe learns of every delivery attempt (for metrics); nil: nobody.
	observe DeliveryFunc
	// asked is when this worker last looked for questionnaires to send.
	asked time.Time
}

// Delivery results, as DeliveryFunc reports them.
const (
	ResultOK    = "ok"    // delivered (or kept, without SMTP)
	ResultRetry = "retry" // failed; tried again later
	ResultDead  = "dead"  // failed for the last time
)

// DeliveryFunc learns of one delivery attempt: its channel (db.ChannelEmail
// or db.ChannelWebhook), its result and how long the attempt took.
type DeliveryFunc func(channel, result string, took time.Duration)

// New builds the service; key signs the links in emails (db Secret SecretName).
func New(store Store, cfg Config, key []byte, log *slog.Logger) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	s := &Service{store: store, cfg: cfg, log: log, r: r, sign: NewSigner(key), owner: hex.EncodeToString(b),
		wake: make(chan struct{}, 1), now: time.Now, jitter: randFloat,
		client: webhookClient(cfg.WebhookAllowHosts)}
	if cfg.SMTPHost != "" {
		s.mailer = newSMTPMailer(cfg)
	}
	return s, nil
}

// SetClock replaces the clock, for tests of retries and digests.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// location is the city's time zone (UTC when unset).
func (s *Service) location() *time.Location {
	if s.cfg.Location == nil {
		return time.UTC
	}
	return s.cfg.Location
}

// SetObserver registers fn to learn of every delivery attempt; call it
// before Run.
func (s *Service) SetObserver(fn DeliveryFunc) { s.observe = fn }

// SetMailer replaces the SMTP sender (nil: log emails instead).
func (s *Service) SetMailer(m Mailer) { s.mailer = m }

// SetOwner names this worker on its leases; two Services sharing a database
// must have different owners (New picks a random one).
func (s *Service) SetOwner(owner string) { s.owner = owner }

// Signer returns the signer of emailed links.
func (s *Service) Signer() Signer { return s.sign }

// Config returns the configuration.
func (s *Service) Config() Config { return s.cfg }

// Logging reports whether emails are kept (state logged) instead of sent.
func (s *Service) Logging() bool { return s.mailer == nil }

// Wake asks the worker to look for work now; it never blocks, so the
// store may call it after every write.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// link is an absolute, signed link for id.
func (s *Service) link(pathFormat string, id int64, purpose string) string {
	return s.cfg.BaseURL + fmt.Sprintf(pathFormat, id) + "?sig=" + s.sign.Sign(purpose, id)
}

func randFloat() float64 {
	var b [8]byte
	rand.Read(b[:])
	var n uint64
	for _, x := range b {
		n = n<<8 | uint64(x)
	}
	return float64(n>>11) / (1 << 53)
}
