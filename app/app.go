// Package app assembles the service: it opens and prepares the database,
// builds the router and runs the HTTP server until told to stop. Both the
// streetfix command and the benchmark start the service through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"streetfix/city"
	"streetfix/db"
	"streetfix/gazetteer"
	"streetfix/handlers"
	"streetfix/notify"
	"streetfix/stream"
)

// Config is the whole configuration of the service, filled from flags and
// STREETFIX_* environment variables and checked once by Validate.
type Config struct {
	Addr            string
	DB              string
	City            string // folder of city files; empty for the embedded Brussels data
	Demo            int    // with an empty database, seed this many demo reports first
	Seed            int64  // seed of the demo generator
	RateLimit       int    // writes per minute per client address; 0 turns it off
	SupportsPerDay  int    // new supports per client network and UTC day; 0 turns the cap off
	TrustedProxies  string // comma-separated addresses or CIDRs whose X-Forwarded-For is believed
	ShutdownTimeout time.Duration
	LogLevel        string
	LogFormat       string // text or json
	// AccessLog writes a line per request; AccessLogFullIP keeps the
	// client's whole address in it instead of its network.
	AccessLog, AccessLogFullIP bool
	TileURL                    string // map tiles, a Leaflet URL template ({z}/{x}/{y}, optional {s})
	TileAttribution            string // the tile server's required credit, shown on the map
	GeocoderURL                string // a self-hosted Photon or Nominatim server the street search also asks; empty for none
	SecureCookies              bool   // cookies always Secure: the service is served over HTTPS
	KeyService                 string // how to get an Open311 API key (a URL or text), for discovery
	Notify                     notify.Config
	// Retention is how long personal data is kept; the service runs the
	// job daily (retentionLoop), and its unconfirmed-subscription and
	// message periods are the notification service's too.
	Retention db.RetentionPolicy
	// Uploads: bytes of multipart bodies in flight for the server and per
	// client network, the longest a body may take, and the photo decode
	// pool (handlers.Config).
	UploadBytes, UploadBytesPerAddress int64
	UploadTimeout                      time.Duration
	DecodeSlots, DecodeQueue           int
	DecodeWait                         time.Duration
	// MetricsAddr serves /metrics on its own listen address instead of the
	// main one; MetricsToken makes /metrics ask for a bearer token.
	MetricsAddr, MetricsToken string
	// ExportsPerMinute caps the public exports per client address.
	ExportsPerMinute int
	// SQLiteSync is "full" (the default: durable through a power loss) or
	// "normal" (faster; a power loss can lose the last commits).
	SQLiteSync string
	// StreamsPerAddress caps the event streams one client network holds open.
	StreamsPerAddress int
	// Now is the service's clock; nil is the wall clock. Tests set it so
	// that demo data and dates do not depend on the day they run.
	Now func() time.Time
}

// DefaultConfig is the configuration with nothing set.
func DefaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", DB: "streetfix.db", Seed: 1, RateLimit: 60, SupportsPerDay: 50,
		ShutdownTimeout: 15 * time.Second, LogLevel: "info", LogFormat: "text", AccessLog: true, Notify: notify.DefaultConfig(),
		TileURL: handlers.DefaultTileURL, TileAttribution: handlers.DefaultTileAttribution, Retention: db.DefaultRetention(),
		UploadBytes: handlers.DefaultUploadBytes, UploadBytesPerAddress: handlers.DefaultUploadBytesPerAddress, UploadTimeout: handlers.DefaultUploadTimeout,
		SQLiteSync: "full", ExportsPerMinute: 10, StreamsPerAddress: handlers.DefaultStreamsPerAddress, DecodeSlots: handlers.DefaultDecodeSlots, DecodeQueue: handlers.DefaultDecodeQueue, DecodeWait: handlers.DefaultDecodeWait}
}

// Validate reports the first setting that cannot work.
func (c Config) Validate() error {
	switch {
	case c.DB == "":
		return errors.New("db: a database file is required")
	case c.Demo < 0:
		return errors.New("demo: must be 0 or more")
	case c.RateLimit < 0:
		return errors.New("rate-limit: must be 0 (off) or more")
	case c.SupportsPerDay < 0:
		return errors.New("supports-per-day: must be 0 (off) or more")
	case c.ShutdownTimeout <= 0:
		return errors.New("shutdown-timeout: must be positive")
	case c.UploadBytes < 0 || c.UploadBytesPerAddress < 0:
		return errors.New("upload-bytes, upload-bytes-per-address: must be 0 (no cap) or more")
	case c.UploadTimeout <= 0 || c.DecodeWait <= 0:
		return errors.New("upload-timeout, decode-wait: must be positive")
	case c.SQLiteSync != "full" && c.SQLiteSync != "normal":
		return fmt.Errorf("sqlite-sync: %q is not full or normal", c.SQLiteSync)
	case c.StreamsPerAddress < 0:
		return errors.New("streams-per-address: must be 0 (no cap) or more")
	case c.DecodeSlots < 1 || c.DecodeQueue < 0:
		return errors.New("decode-slots: at least 1; decode-queue: 0 or more")
	}
	if _, err := c.Level(); err != nil {
		return err
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log-format: %q is not text or json", c.LogFormat)
	}
	if c.GeocoderURL != "" {
		if _, err := gazetteer.NewRemote(c.GeocoderURL); err != nil {
			return fmt.Errorf("geocoder-url: %w", err)
		}
	}
	if _, err := handlers.TileOrigin(c.TileURL); err != nil {
		return fmt.Errorf("tile-url: %w", err)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("addr: %w", err)
	}
	if err := c.Retention.Validate(); err != nil {
		return err
	}
	return c.Notify.Validate()
}

// Level parses LogLevel.
func (c Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return l, fmt.Errorf("log-level: %q is not debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// NewLogger writes to w at the configured level and format.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	level, _ := c.Level()
	opt := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opt))
	}
	return slog.New(slog.NewTextHandler(w, opt))
}

// App is a prepared service: database ready, router built.
type App struct {
	cfg     Config
	log     *slog.Logger
	Store   *db.Store
	City    *city.City
	Handler http.Handler
	hub     *stream.Hub
	notify  *notify.Service
	metrics http.Handler // /metrics on --metrics-addr; nil when on the main address
}

// Open prepares the database (migrations, reference data, demo data when
// asked and the database is empty) and builds the router.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	c, err := city.FromDir(cfg.City)
	if err != nil {
		return nil, err
	}
	store, err := Prepare(ctx, cfg.DB, c, log, db.Options{Now: cfg.Now, SyncNormal: cfg.SQLiteSync == "normal"})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, Store: store, City: c}
	if cfg.Demo > 0 {
		if err := SeedIfEmpty(ctx, store, c, cfg.Demo, cfg.Seed, log); err != nil {
			store.Close()
			return nil, err
		}
	}
	key, err := store.Secret(ctx, "supporters")
	if err != nil {
		store.Close()
		return nil, err
	}
	hc := handlers.DefaultConfig()
	hc.RateLimit, hc.SupportsPerDay = cfg.RateLimit, cfg.SupportsPerDay
	hc.BaseURL = cfg.Notify.BaseURL // one --base-url for pages, feeds and emails
	hc.CityName = c.Name
	hc.Attribution = c.Attribution
	hc.Contact, hc.KeyService = c.Contact, cfg.KeyService
	hc.Retention = cfg.Retention
	hc.TileURL, hc.TileAttribution = cfg.TileURL, cfg.TileAttribution
	if cfg.GeocoderURL != "" {
		if hc.Geocoder, err = gazetteer.NewRemote(cfg.GeocoderURL); err != nil {
			store.Close()
			return nil, err
		}
	}
	hc.Center, hc.Zoom = c.Center, c.Zoom
	hc.SecureCookies = cfg.SecureCookies
	hc.Location = c.Location
	hc.AccessLog, hc.AccessLogFullIP = cfg.AccessLog, cfg.AccessLogFullIP
	hc.Targets = c.Targets
	hc.Now = store.Now
	hc.UploadBytes, hc.UploadBytesPerAddress, hc.UploadTimeout = cfg.UploadBytes, cfg.UploadBytesPerAddress, cfg.UploadTimeout
	hc.DecodeSlots, hc.DecodeQueue, hc.DecodeWait = cfg.DecodeSlots, cfg.DecodeQueue, cfg.DecodeWait
	hc.StreamsPerAddress = cfg.StreamsPerAddress
	hc.ExportsPerMinute = cfg.ExportsPerMinute
	hc.MetricsToken, hc.NoMetrics = cfg.MetricsToken, cfg.MetricsAddr != ""
	if cfg.TrustedProxies != "" {
		hc.TrustedProxies = strings.Split(cfg.TrustedProxies, ",")
	}
	hub, err := stream.New(ctx, store, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	linkKey, err := store.Secret(ctx, notify.SecretName)
	if err != nil {
		store.Close()
		return nil, err
	}
	cfg.Notify.Location = c.Location
	cfg.Notify.PendingFor, cfg.Notify.Retention = cfg.Retention.Pending, cfg.Retention.Messages
	ns, err := notify.New(store, cfg.Notify, linkKey, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	if ns.Logging() {
		log.Info("no SMTP server configured: emails are kept on /staff/notify, not sent")
	}
	ns.SetClock(store.Now)
	hc.Notify = ns
	// Every write may have queued notifications: wake the worker as well
	// as the event stream.
	store.OnWrite(func() { hub.Notify(); ns.Wake() })
	a.hub, a.notify = hub, ns
	reg := prometheus.NewRegistry()
	if err := registerMetrics(reg, store, hub, ns, log); err != nil {
		store.Close()
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	r, err := handlers.New(store, hub, hc, log, reg, key)
	if err != nil {
		store.Close()
		return nil, err
	}
	a.Handler = r
	if cfg.MetricsAddr != "" {
		a.metrics = handlers.NewMetrics(hc, log, reg)
	}
	return a, nil
}

// Prepare opens the database, applies migrations, adds the city's reference
// data and loads what the service keeps in memory.
func Prepare(ctx context.Context, path string, c *city.City, log *slog.Logger, opt db.Options) (*db.Store, error) {
	if opt.Streets == nil {
		g, err := gazetteer.Load(c)
		if err != nil {
			return nil, err
		}
		opt.Streets = g
		streets, numbers := g.Len()
		log.Info("street gazetteer loaded", "streets", streets, "house_numbers", numbers)
	}
	store, err := db.Open(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*db.Store, error) {
		store.Close()
		return nil, err
	}
	n, err := store.Migrate(ctx)
	if err != nil {
		return fail(err)
	}
	if n > 0 {
		log.Info("migrations applied", "count", n, "db", db.Describe(path))
	}
	if err := store.SyncCity(ctx, c); err != nil {
		return fail(err)
	}
	if _, err := store.LoadCatalog(ctx); err != nil {
		return fail(err)
	}
	start := time.Now()
	if n, err := store.FillAddresses(ctx); err != nil {
		return fail(err)
	} else if n > 0 {
		log.Info("addresses given to reports stored without one", "reports", n, "took", time.Since(start).Round(time.Millisecond))
	}
	start = time.Now()
	if err := store.LoadPins(ctx); err != nil {
		return fail(err)
	}
	log.Info("map index loaded", "reports", store.PublicCount(), "took", time.Since(start).Round(time.Millisecond))
	return store, nil
}

// Serve runs the HTTP server on ln until ctx is done, then drains in-flight
// requests for up to the shutdown timeout.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 5 * time.Second,
		// Uploads set their own read deadline (--upload-timeout); this is
		// the limit of every other body.
		ReadTimeout:    60 * time.Second,
		WriteTimeout:   max(90*time.Second, a.cfg.UploadTimeout+a.cfg.DecodeWait+30*time.Second), // a slow upload plus its processing
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	go a.purgeLoop(ctx)
	go a.retentionLoop(ctx)
	// Writes of other processes (instances, `streetfix seed`) reach the
	// map index, the catalog and the event stream through the feed.
	go a.Store.RunFeed(ctx)
	// The hub stops before Serve returns, so that no read of its is under
	// way when the caller closes the database.
	hubCtx, stopHub := context.WithCancel(context.Background())
	hubDone := make(chan struct{})
	go func() { defer close(hubDone); a.hub.Run(hubCtx) }()
	defer func() { stopHub(); <-hubDone }()
	// The notification worker stops with the server; a message it was
	// sending keeps its lease until the lease expires, then is sent again.
	workerCtx, stopWorker := context.WithCancel(context.Background())
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); a.notify.Run(workerCtx) }()
	defer func() { stopWorker(); <-workerDone }()
	errc := make(chan error, 2)
	if a.metrics != nil {
		ml, err := net.Listen("tcp", a.cfg.MetricsAddr)
		if err != nil {
			return fmt.Errorf("metrics-addr: %w", err)
		}
		ms := &http.Server{Handler: a.metrics, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
		defer ms.Close()
		go func() {
			if err := ms.Serve(ml); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
		a.log.Info("serving metrics", "addr", ml.Addr().String())
	}
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout)
	stopHub() // ends the event streams, which would otherwise hold Shutdown until its timeout
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// purgeLoop forgets idempotency keys (and the tokens kept with them) after a day.
func (a *App) purgeLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.Store.PurgeIdempotencyKeys(ctx, 24*time.Hour); err != nil && ctx.Err() == nil {
			a.log.Warn("purge idempotency keys", "err", err)
		} else if n > 0 {
			a.log.Info("purged idempotency keys", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }
