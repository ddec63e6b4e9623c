package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
	"streetfix/intake"
	"streetfix/internal/testpg"
	"streetfix/notify"
)

// Places used by the tests: the middle of Etterbeek and of Ixelles.
var (
	etterbeek = [2]float64{50.83298, 4.39460}
	ixelles   = [2]float64{50.82232, 4.37707}
)

const etterbeekBody = "commune-21005"

// clock is a settable time for retries, leases and digests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a real store in a temporary file with a notification service
// whose clock the test moves.
type env struct {
	t     *testing.T
	path  string
	store *db.Store
	svc   *notify.Service
	clock *clock
	cfg   notify.Config
	key   []byte
	log   *slog.Logger // the service's log; quiet unless a test reads it
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func testConfig() notify.Config {
	cfg := notify.DefaultConfig()
	cfg.BaseURL = "https://streetfix.test"
	cfg.From = "Streetfix <noreply@streetfix.test>"
	cfg.MaxAttempts = 3
	cfg.BackoffBase = 10 * time.Second
	cfg.Lease = time.Minute
	cfg.WebhookAllowHosts = []string{"127.0.0.1"} // the test endpoints
	return cfg
}

func newEnv(t *testing.T, tweak ...func(*notify.Config)) *env {
	t.Helper()
	e := &env{t: t, path: testpg.DB(t, filepath.Join(t.TempDir(), "test.db")), clock: &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}, cfg: testConfig()}
	for _, f := range tweak {
		f(&e.cfg)
	}
	e.open()
	return e
}

// open (re)opens the store and starts a fresh service over it, as a
// restarted process would.
func (e *env) open() {
	e.t.Helper()
	c, err := city.Default()
	if err != nil {
		e.t.Fatal(err)
	}
	store, err := app.Prepare(context.Background(), e.path, c, quietLog(), db.Options{Now: e.clock.now})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { store.Close() })
	e.store = store
	e.key, err = store.Secret(context.Background(), notify.SecretName)
	if err != nil {
		e.t.Fatal(err)
	}
	e.svc = e.service("worker-1")
}

func (e *env) service(owner string) *notify.Service {
	e.t.Helper()
	log := e.log
	if log == nil {
		log = quietLog()
	}
	svc, err := notify.New(e.store, e.cfg, e.key, log)
	if err != nil {
		e.t.Fatal(err)
	}
	svc.SetClock(e.clock.now)
	svc.SetOwner(owner)
	return svc
}

func (e *env) run() {
	e.t.Helper()
	if err := e.svc.RunOnce(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// report creates a report through intake, as the API does.
func (e *env) report(at [2]float64, category, locale string, tweak ...func(*intake.Input)) db.Report {
	e.t.Helper()
	in := intake.Input{Category: category, Lat: &at[0], Lon: &at[1], Title: "Trou profond", Description: "Les vélos l'évitent <b>de justesse</b>.",
		Locale: locale, Answers: map[string]any{"surface": "roadway"}}
	if category == "sidewalk" {
		in.Answers = map[string]any{"danger": "no"}
	}
	for _, f := range tweak {
		f(&in)
	}
	p, err := intake.Prepare(e.store.Catalog(), in, "en", e.clock.now())
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.store.CreateReport(context.Background(), &p.Report)
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Report
}

func (e *env) status(id int64, to, note string) {
	e.t.Helper()
	_, _, err := e.store.ChangeStatus(context.Background(), db.StatusChange{ReportID: id, To: to, Note: note, Public: true,
		Actor: db.ActorStaff, At: e.clock.now()})
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) messages(q db.MessageQuery) []db.Message {
	e.t.Helper()
	ms, err := e.store.Messages(context.Background(), q)
	if err != nil {
		e.t.Fatal(err)
	}
	return ms
}

// smtpServer is a real SMTP server (go-smtp) on a local port that keeps
// what it receives and requires PLAIN authentication.
type smtpServer struct {
	mu   sync.Mutex
	msgs []received
	srv  *smtp.Server
	addr string
	fail int  // refuse this many messages first, with a 451
	tls  bool // a session was encrypted
	// hang, while set, holds every message's end of DATA unanswered until
	// it is closed; the message is then refused, never kept.
	hang chan struct{}
}

func (s *smtpServer) sawTLS() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tls
}

type received struct {
	From string
	To   []string
	Data []byte
}

func startSMTP(t *testing.T) *smtpServer { return startSMTPWith(t, nil, false) }

// startSMTPWith serves STARTTLS with tlsConfig, or implicit TLS when
// implicit is set; with TLS, authentication needs an encrypted session.
func startSMTPWith(t *testing.T, tlsConfig *tls.Config, implicit bool) *smtpServer {
	t.Helper()
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", tlsConfig)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	return serveSMTP(t, ln, tlsConfig)
}

// serveSMTP serves SMTP on ln until the test ends.
func serveSMTP(t *testing.T, ln net.Listener, tlsConfig *tls.Config) *smtpServer {
	s := &smtpServer{}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		if _, ok := c.TLSConnectionState(); ok {
			s.mu.Lock()
			s.tls = true
			s.mu.Unlock()
		}
		return &smtpSession{s: s}, nil
	}))
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = tlsConfig == nil
	s.srv.TLSConfig = tlsConfig
	s.addr = ln.Addr().String()
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

func (s *smtpServer) configure(c *notify.Config) {
	host, port, _ := net.SplitHostPort(s.addr)
	c.SMTPHost, c.SMTPSecurity, c.SMTPUser, c.SMTPPassword = host, notify.SecurityNone, "streetfix", "s3cret"
	c.SMTPPort, _ = strconv.Atoi(port)
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// to returns the messages sent to addr.
func (s *smtpServer) to(addr string) []received {
	var out []received
	for _, m := range s.received() {
		for _, r := range m.To {
			if r == addr {
				out = append(out, m)
			}
		}
	}
	return out
}

type smtpSession struct {
	s      *smtpServer
	authed bool
	cur    received
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "streetfix" || pass != "s3cret" {
			return errors.New("bad credentials")
		}
		ss.authed = true
		return nil
	}), nil
}
func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.cur = received{From: from}
	return nil
}
func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.To = append(ss.cur.To, to)
	return nil
}
func (ss *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	hang := ss.s.hang
	ss.s.mu.Unlock()
	if hang != nil {
		<-hang
		return &smtp.SMTPError{Code: 421, Message: "gave up"}
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.fail > 0 {
		ss.s.fail--
		return &smtp.SMTPError{Code: 451, Message: "try again later"}
	}
	ss.cur.Data = b
	ss.s.msgs = append(ss.s.msgs, ss.cur)
	return nil
}
func (ss *smtpSession) Reset()        { ss.cur = received{} }
func (ss *smtpSession) Logout() error { return nil }

// parsed is a received email taken apart.
type parsed struct {
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	var p parsed
	p.Header = m.Header
	dec := new(mime.WordDecoder)
	p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: %v", m.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if part.Header.Get("Content-Transfer-Encoding") != "quoted-printable" {
			t.Errorf("part %s is not quoted-printable", part.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(quotedprintable.NewReader(part))
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			p.Text = string(b)
		case "text/html":
			p.HTML = string(b)
		default:
			t.Errorf("unexpected part %s", ct)
		}
	}
	if p.Text == "" || p.HTML == "" {
		t.Fatalf("want a text and an HTML part, got text %q html %q", p.Text, p.HTML)
	}
	return p
}

// hookReceiver is a webhook endpoint that answers fail times with 500
// first, and checks every call's signature.
type hookReceiver struct {
	t      *testing.T
	mu     sync.Mutex
	secret string
	fail   int
	calls  []hookCall
	srv    *httptest.Server
}

type hookCall struct {
	Event, Delivery string
	Body            []byte
	Status          int
	SignatureOK     bool
}

func startHook(t *testing.T, secret string, fail int) *hookReceiver {
	h := &hookReceiver{t: t, secret: secret, fail: fail}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// Verification as the README tells receivers to do it.
	ts := r.Header.Get("X-Streetfix-Timestamp")
	mac := hmac.New(sha256.New, []byte(h.secret))
	mac.Write([]byte(ts + "." + string(body)))
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	ok := hmac.Equal([]byte(want), []byte(r.Header.Get("X-Streetfix-Signature")))
	h.mu.Lock()
	defer h.mu.Unlock()
	status := http.StatusOK
	if h.fail > 0 {
		h.fail--
		status = http.StatusInternalServerError
	}
	h.calls = append(h.calls, hookCall{Event: r.Header.Get("X-Streetfix-Event"), Delivery: r.Header.Get("X-Streetfix-Delivery"),
		Body: body, Status: status, SignatureOK: ok})
	w.WriteHeader(status)
	if status == http.StatusOK {
		io.WriteString(w, `{"received": true}`)
	} else {
		io.WriteString(w, "down for maintenance")
	}
}

func (h *hookReceiver) got() []hookCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookCall(nil), h.calls...)
}

func (e *env) addHook(url, secret, body string) db.Webhook {
	e.t.Helper()
	w := db.Webhook{Name: "test", URL: url, Secret: secret}
	if body != "" {
		w.BodyCode.String, w.BodyCode.Valid = body, true
	}
	w, err := e.store.AddWebhook(context.Background(), w, e.clock.now(), db.AuditEntry{Actor: "test"})
	if err != nil {
		e.t.Fatal(err)
	}
	return w
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func dbQueryEmail() db.MessageQuery { return db.MessageQuery{Channel: db.ChannelEmail} }
