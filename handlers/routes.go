// Package handlers is the HTTP face of Streetfix: Gin routes, request
// parsing, and the public representations of reports. No SQL lives here.
package handlers

import (
	"cmp"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/paulmach/orb"
	"github.com/prometheus/client_golang/prometheus"

	"streetfix/account"
	"streetfix/city"
	"streetfix/db"
	"streetfix/gazetteer"
	"streetfix/notify"
	"streetfix/photo"
	"streetfix/web"
)

// Config is what the handlers need to know of the service's configuration.
type Config struct {
	MaxPoints      int   // reports a map view lists one by one before clustering
	JSONBodyLimit  int64 // largest JSON request body
	Photo          photo.Limits
	RateLimit      int // write requests per minute per client address; 0 turns it off
	SupportsPerDay int // new supports one client network may add per UTC day; 0 turns it off
	// BaseURL is the service's absolute URL (--base-url): every absolute
	// link (feeds, Open311, exports, share links) starts with it, never
	// with the request's Host header, which the client chooses.
	BaseURL        string
	TrustedProxies []string
	CityName       city.Names
	Contact        string     // who runs the service, for Open311 discovery
	KeyService     string     // how to get an Open311 API key (a URL or text); empty says to ask the contact
	Attribution    city.Names // data attribution every page shows
	// The map: a tile URL template and the credit its server requires, and
	// where the map opens. The tile server's origin is the one other host
	// the Content-Security-Policy lets pages load images from.
	TileURL, TileAttribution string
	Center                   orb.Point
	Zoom                     int
	SecureCookies            bool // always mark cookies Secure (the service is behind TLS)

	// AccessLog writes one line per request; AccessLogFullIP logs the
	// client's whole address instead of its network (IPv4 /24, IPv6 /48).
	AccessLog, AccessLogFullIP bool

	// Location is the city's time zone: pages, dashboard periods and
	// exports are in its local time; the API, Open311 and feeds stay in
	// UTC. Nil is UTC.
	Location *time.Location

	// Geocoder is a self-hosted Photon or Nominatim server the street
	// search asks when the city's gazetteer has fewer suggestions than
	// asked for; nil for none (the default).
	Geocoder *gazetteer.Remote

	// Targets are the dashboard's times to fix, by category or theme
	// (the city's targets.csv).
	Targets city.Targets

	// Notify serves subscriptions and the notification admin pages; nil
	// leaves those routes out.
	Notify *notify.Service

	// Now is the clock of the service's dates (intake, sessions, periods,
	// the default windows of feeds); nil is the wall clock. It should be
	// the store's, so that what is written and what is asked agree.
	Now func() time.Time

	// Retention is how long personal data is kept, as /privacy states it.
	Retention db.RetentionPolicy

	// Uploads (uploads.go): bytes of multipart bodies in flight for the
	// whole server and per client network (0: no cap), the longest a
	// multipart body may take to arrive, and the photo decode pool: slots,
	// requests allowed to queue for one, and how long one may wait.
	UploadBytes, UploadBytesPerAddress int64
	UploadTimeout                      time.Duration
	DecodeSlots, DecodeQueue           int
	DecodeWait                         time.Duration

	// StreamsPerAddress caps the event streams one client network holds
	// open (0: no cap); ReplayMax the events a resumed stream replays
	// (0: DefaultReplayMax).
	StreamsPerAddress, ReplayMax int

	// MetricsToken, when set, is the bearer token /metrics asks for;
	// NoMetrics leaves /metrics off this router (it is served on
	// --metrics-addr instead).
	MetricsToken string
	NoMetrics    bool

	// ExportsPerMinute caps the public CSV and GeoJSON exports one client
	// address may ask for per minute (0: no cap).
	ExportsPerMinute int
}

// Map tiles unless configured otherwise: OpenStreetMap's standard layer.
const (
	DefaultTileURL         = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	DefaultTileAttribution = "© OpenStreetMap contributors"
)

// DefaultConfig returns the configuration the service runs with unless told otherwise.
func DefaultConfig() Config {
	return Config{MaxPoints: 500, JSONBodyLimit: 64 << 10, Photo: photo.DefaultLimits(), RateLimit: 60, SupportsPerDay: 50, BaseURL: "http://127.0.0.1:8080",
		TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution, Center: orb.Point{4.3517, 50.8466}, Zoom: 12,
		AccessLog: true, Retention: db.DefaultRetention(),
		UploadBytes: DefaultUploadBytes, UploadBytesPerAddress: DefaultUploadBytesPerAddress, UploadTimeout: DefaultUploadTimeout,
		ExportsPerMinute: 10, StreamsPerAddress: DefaultStreamsPerAddress, DecodeSlots: DefaultDecodeSlots, DecodeQueue: DefaultDecodeQueue, DecodeWait: DefaultDecodeWait}
}

// handler carries the dependencies shared by every route.
type handler struct {
	store     Store
	cfg       Config
	log       *slog.Logger
	metrics   *metrics
	supporter []byte // key for hashing supporters
	pages     *template.Template
	shapes    *areaShapes // the dashboard map's outlines
	messages  *i18n.Bundle
	hub       Hub
	// decoders run photo decodes a few at a time; budget counts the
	// upload bytes in flight.
	decoders *decodePool
	budget   *uploadBudget
	streams  addressCounter // open event streams per client network
	// hashSlots lets a few password checks run at once (19 MiB each).
	hashSlots chan struct{}
	shell     string       // the app shell's version, naming the service worker's cache
	files     *staticFiles // what /static/ serves
	proxies   proxySet     // whose X-Request-Id and X-Forwarded-Proto are believed
}

// now is the service's clock (Config.Now).
func (h *handler) now() time.Time { return h.cfg.Now() }

// Store is what the handlers need of the database: the union of the small
// interfaces each resource file declares.
type Store interface {
	catalogStore
	reportStore
	photoStore
	healthStore
	open311Store
	listStore
	manageStore
	authStore
	staffStore
	assignStore
	passwordStore
	redactStore
	notifyStore
	questionnaireStore
	updateStore
	statsStore
	limitStore
	ownReportStore
}

// New builds the router with every route of the service.
func New(store Store, hub Hub, cfg Config, log *slog.Logger, reg *prometheus.Registry, supporterKey []byte) (*gin.Engine, error) {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	files, err := loadStatic(web.Static())
	if err != nil {
		return nil, err
	}
	pages, err := web.Templates(cfg.Location, files.URL)
	if err != nil {
		return nil, err
	}
	messages, err := loadMessages(messagesFS())
	if err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	proxies, err := parseProxies(cfg.TrustedProxies)
	if err != nil {
		return nil, err
	}
	if cfg.BaseURL, err = CheckBaseURL(cfg.BaseURL); err != nil {
		return nil, err
	}
	// Lines written with a request's context carry its id.
	log = slog.New(requestLog{log.Handler()})
	h := &handler{store: store, cfg: cfg, log: log, proxies: proxies, metrics: newMetrics(reg), supporter: supporterKey, pages: pages, messages: messages, hub: hub,
		shapes: &areaShapes{}, files: files, hashSlots: make(chan struct{}, 2), shell: shellVersion()}
	h.decoders = newDecodePool(cfg.DecodeSlots, cfg.DecodeQueue, cmp.Or(cfg.DecodeWait, DefaultDecodeWait))
	h.budget = newUploadBudget(cfg.UploadBytes, cfg.UploadBytesPerAddress)
	if reg != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "streetfix_upload_bytes_in_flight",
			Help: "Bytes of multipart uploads read and not yet released."}, func() float64 { return float64(h.budget.inUse()) }))
	}
	r := gin.New()
	if err := r.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, err
	}
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/open311/") {
			h.open311Fail(c, http.StatusNotFound, "no such GeoReport v2 method: see discovery.json")
			return
		}
		h.fail(c, newError(http.StatusNotFound, "not_found", "", "no such page"))
	})
	r.NoMethod(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/open311/") {
			h.open311Fail(c, http.StatusMethodNotAllowed, c.Request.Method+" is not allowed here: see discovery.json for each method's verbs")
			return
		}
		h.fail(c, newError(http.StatusMethodNotAllowed, "method_not_allowed", "", c.Request.Method+" is not allowed here"))
	})
	tileOrigin, err := TileOrigin(cfg.TileURL)
	if err != nil {
		return nil, fmt.Errorf("tile URL: %w", err)
	}
	r.Use(h.accessLog, h.recover, h.metrics.middleware, securityHeaders(tileOrigin), h.hsts, h.origin, h.compress, h.uploads)
	limited := newRateLimiter(cfg.RateLimit, store)

	r.GET("/healthz", h.healthz)
	r.GET("/readyz", h.readyz)
	if !cfg.NoMetrics {
		r.GET("/metrics", h.metricsAuth, h.metrics.handler(reg))
	}
	r.GET("/photos/:name", h.photo)
	r.GET("/", h.index)
	r.GET("/static/*path", h.static)
	// Browsers, feed readers and bookmarks ask for /favicon.ico whatever
	// the page says; the icon is the app's own.
	r.GET("/favicon.ico", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/static/icon.svg") })
	r.GET("/sw.js", h.serviceWorker)
	r.GET("/manifest.webmanifest", h.manifest)
	r.GET("/report", h.reportForm)
	r.GET("/reports", h.reportList)
	r.GET("/mine", h.minePage)
	r.POST("/reports", limited.middleware(h), h.submitForm)

	r.GET("/api/openapi.json", h.openAPI)
	api := r.Group("/api/v1")
	api.GET("/themes", h.themes)
	api.GET("/categories", h.categories)
	api.GET("/areas", h.areas)
	api.GET("/stats", h.statsAPI)
	api.GET("/stats/heatmap", h.statsHeatmap)
	api.GET("/geocode", h.geocode)
	api.GET("/geocode/reverse", h.reverseGeocode)
	api.GET("/reports", h.listReports)
	api.GET("/reports/nearby", h.nearby)
	api.GET("/reports/:id", h.getReport)
	api.POST("/reports", limited.middleware(h), h.createReport)
	api.POST("/reports/:id/supports", limited.middleware(h), h.support)
	api.POST("/reports/:id/reporter-actions", limited.middleware(h), h.reporterActionAPI)
	api.POST("/reports/:id/updates", limited.middleware(h), h.addUpdateAPI)
	// Staff integrations: a staff session with its CSRF token, or an API key
	// with reports:update in Authorization: Bearer.
	api.PATCH("/reports/:id", h.session, h.apiAuth(account.ViewQueue, db.ScopeUpdate), h.patchReport)
	api.POST("/reports/:id/notes", h.session, h.apiAuth(account.AddNote, db.ScopeUpdate), h.addNoteAPI)

	// GeoReport v2: every method in .json and .xml.
	o := r.Group("/open311/v2")
	for _, f := range []string{"json", "xml"} {
		o.GET("/discovery."+f, h.open311Call(f, h.discovery))
		o.GET("/services."+f, h.open311Call(f, h.services))
		o.GET("/requests."+f, h.open311Call(f, h.listRequests))
		o.POST("/requests."+f, limited.middleware(h), h.open311Call(f, h.postRequest))
		o.GET("/servicerequestupdates."+f, h.open311Call(f, h.listUpdates))
		o.POST("/servicerequestupdates."+f, h.open311Call(f, h.postUpdate))
	}
	o.GET("/services/:file", h.open311Call("", h.serviceDefinition))
	o.GET("/requests/:file", h.open311Call("", h.getRequest))
	o.GET("/tokens/:file", h.open311Call("", h.token))

	staff := r.Group("/staff", h.session)
	staff.GET("/login", h.loginPage)
	staff.POST("/login", limited.middleware(h), h.login)
	staff.POST("/logout", h.pageAuth(account.ViewQueue), h.logout)
	staff.GET("", h.pageAuth(account.ViewQueue), h.queuePage)
	staff.GET("/queue/markers", h.apiAuth(account.ViewQueue, ""), h.queueMarkersAPI)
	staff.POST("/bulk", h.pageAuth(account.ChangeStatus), h.bulk)
	staff.GET("/new", h.pageAuth(account.ChangeStatus), h.staffReportForm)
	staff.POST("/admin/users/reset", h.pageAuth(account.ManageUsers), h.sendResetLink)
	staff.GET("/reset", h.resetPage)
	staff.POST("/reset", h.resetSubmit)
	staff.GET("/password", h.pageAuth(account.ViewQueue), h.passwordPage)
	staff.POST("/password", h.pageAuth(account.ViewQueue), h.changePassword)
	staff.POST("/new", h.pageAuth(account.ChangeStatus), h.staffReportSubmit)
	staff.GET("/reports/:id", h.pageAuth(account.ViewQueue), h.inspectPage)
	staff.POST("/reports/:id", h.pageAuth(account.ViewQueue), h.reportAction) // each action checks its own right
	staff.GET("/reports/:id/photos/:photo/redact", h.pageAuth(account.Moderate), h.redactPage)
	staff.POST("/reports/:id/photos/:photo/redact", h.pageAuth(account.Moderate), h.redactSubmit)
	staff.GET("/photos/:name", h.pageAuth(account.ViewQueue), h.staffPhoto)
	staff.GET("/templates", h.pageAuth(account.EditTemplates), h.templatesPage)
	staff.POST("/templates", h.pageAuth(account.EditTemplates), h.saveTemplate)
	staff.GET("/audit", h.pageAuth(account.ReadAudit), h.auditPage)
	staff.GET("/admin", h.pageAuth(account.ManageUsers), h.adminPage)
	staff.POST("/admin/users", h.pageAuth(account.ManageUsers), h.saveUser)
	staff.POST("/admin/bodies", h.pageAuth(account.ManageCatalog), h.saveBody)
	staff.POST("/admin/categories", h.pageAuth(account.ManageCatalog), h.saveCategory)
	staff.POST("/admin/targets", h.pageAuth(account.ManageCatalog), h.saveTarget)

	// The council's summaries: signed in with exports that may carry
	// personal data, and public without.
	dash := r.Group("/dashboard", h.session, h.pageAuth(account.ViewDashboard))
	dash.GET("", h.dashboard)
	dash.GET("/reports.csv", h.exportCSV)
	dash.GET("/reports.geojson", h.exportGeoJSON)
	r.GET("/stats", h.publicStats)
	// Public exports read a whole period's reports: a few a minute per address.
	exports := &rateLimiter{perMinute: cfg.ExportsPerMinute, store: store, prefix: "export:"}
	r.GET("/stats/reports.csv", exports.middleware(h), h.exportCSV)
	r.GET("/stats/reports.geojson", exports.middleware(h), h.exportGeoJSON)

	r.GET("/feeds/reports.atom", h.reportsAtom)
	r.GET("/feeds/reports.geojson", h.reportsGeoJSON)
	r.GET("/feeds/events", h.events)
	r.GET("/reports/:id/feed.atom", h.reportAtom)
	r.GET("/reports/:id", h.reportPage)
	r.POST("/reports/:id/supports", limited.middleware(h), h.supportForm)
	r.GET("/reports/:id/manage", h.managePage)
	r.GET("/reports/:id/manage/export", h.manageExport)
	r.GET("/privacy", h.privacyPage)
	r.POST("/reports/:id/manage", limited.middleware(h), h.managePost)
	r.POST("/reports/:id/update", limited.middleware(h), h.addUpdatePage)
	if cfg.Notify != nil {
		// Subscriptions: signed links act only on POST (mail scanners GET every link).
		r.GET("/alerts", h.alertsPage)
		r.POST("/alerts", limited.middleware(h), h.alertsSubmit)
		r.POST("/reports/:id/follow", limited.middleware(h), h.follow)
		r.GET("/subscriptions/:id/confirm", h.linkPage(notify.PurposeConfirm))
		r.POST("/subscriptions/:id/confirm", h.confirm)
		r.GET("/subscriptions/:id/unsubscribe", h.linkPage(notify.PurposeUnsubscribe))
		r.POST("/subscriptions/:id/unsubscribe", h.unsubscribe)
		r.POST("/subscriptions/:id/erase", h.eraseSubscriber)
		r.GET("/subscriptions/:id/not-me", h.linkPage(notify.PurposeNotMe))
		r.POST("/subscriptions/:id/not-me", h.notMe)
		r.GET("/questionnaires/:id", h.questionnaireForm)
		r.POST("/questionnaires/:id", limited.middleware(h), h.questionnaireAnswer)
		r.GET("/reports/:id/unsubscribe", h.reporterOffPage)
		r.POST("/reports/:id/unsubscribe", h.reporterOff)
		api.POST("/subscriptions", limited.middleware(h), h.subscribeAPI)

		admin := r.Group("/staff/notify", h.session, h.pageAuth(account.ManageNotify))
		admin.GET("", h.notifyAdmin)
		admin.GET("/messages/:id", h.notifyMessage)
		admin.POST("/messages/:id/retry", h.notifyRetry)
		admin.GET("/webhooks", h.webhooksAdmin)
		admin.POST("/webhooks", h.webhookAdd)
		admin.POST("/webhooks/:id/active", h.webhookActive)
	}
	headLikeGet(r)
	return r, nil
}

// headLikeGet lets HEAD ask for what GET serves (net/http drops the body):
// pages, static files and feeds, which link checkers and caches probe with
// it. A HEAD route gets only the GET route's last handler, so routes behind
// their own middleware (staff, dashboard) stay out, and so does the event
// stream, which never ends; the APIs list their methods in OpenAPI.
func headLikeGet(r *gin.Engine) {
	for _, rt := range r.Routes() {
		if rt.Method != http.MethodGet || rt.Path == "/feeds/events" || rt.Path == "/metrics" {
			continue
		}
		skip := false
		for _, p := range []string{"/api/", "/open311/", "/staff", "/dashboard"} {
			skip = skip || strings.HasPrefix(rt.Path, p)
		}
		if !skip {
			r.HEAD(rt.Path, rt.HandlerFunc)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
