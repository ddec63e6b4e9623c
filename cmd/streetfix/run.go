package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
)

const usage = `usage: streetfix <command> [flags]

commands:
  serve     run the web service (--addr, --db, --demo N, ...)
  migrate   create or upgrade the database and load the city's reference data
  seed      add N demo reports (--db, --demo N, --seed S)
  healthcheck  exit 0 when the service at --addr answers /healthz, or /readyz
            with --ready (for containers)
  apikey    manage integration keys: apikey create --name N [--scope S,...],
            apikey list, apikey revoke --id N
  user      manage staff accounts: user create --email E --role admin|staff|council
            [--body B,...] --password-stdin (password on standard input), user list
  streets   the street gazetteer: streets import --from FILE.geojson [--out DIR]
            writes streets.csv (and addresses.csv); streets check [--city DIR]
  backup    a consistent copy while the service writes: backup --db FILE --out COPY [--force]
  verify    check a database file (integrity, migrations): verify --db FILE; exit 1 with the problems
  retention remove personal data past its period now (serve does it daily):
            retention --db FILE [--dry-run] [--as-of TIME] [--retention-… DAYS]

Every flag can also be set as STREETFIX_<FLAG> in the environment, for
example STREETFIX_DB=/var/lib/streetfix/streetfix.db, or a PostgreSQL URL
(STREETFIX_DB=postgres://streetfix@db.example.org/streetfix). Run
"streetfix <command> -h" for a command's flags.`

// run is the whole program, with its environment passed in so tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return errors.New("no command given")
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "apikey":
		return apikey(ctx, args, getenv, stdout, stderr)
	case "user":
		return user(ctx, args, getenv, stdout, stderr)
	case "streets":
		return streets(args, getenv, stdout, stderr)
	case "retention":
		return retention(ctx, args, getenv, stdout, stderr)
	case "backup":
		return backup(ctx, args, getenv, stdout, stderr)
	case "verify":
		return verify(ctx, args, getenv, stdout, stderr)
	}
	cfg := app.DefaultConfig()
	ready := false // healthcheck --ready
	fs := flag.NewFlagSet("streetfix "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file, or postgres://… for PostgreSQL")
	fs.StringVar(&cfg.City, "city", cfg.City, "folder with the city's data files (default: embedded Brussels-Capital Region)")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error")
	fs.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "text (key=value) or json, one object a line")
	fs.StringVar(&cfg.SQLiteSync, "sqlite-sync", cfg.SQLiteSync, "full (a report answered 201 survives a power loss) or normal (faster commits; a power loss can lose the last ones)")
	switch cmd {
	case "serve":
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on")
		fs.IntVar(&cfg.Demo, "demo", cfg.Demo, "fill an empty database with this many demo reports first")
		fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the demo data")
		fs.IntVar(&cfg.RateLimit, "rate-limit", cfg.RateLimit, "write requests per minute per client address (0: off)")
		fs.IntVar(&cfg.SupportsPerDay, "supports-per-day", cfg.SupportsPerDay, "new \"me too\" supports one client network (IPv4 address, IPv6 /64) may add per UTC day (0: no cap)")
		fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", cfg.TrustedProxies, "comma-separated proxy addresses whose X-Forwarded-For is trusted")
		fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long to drain requests on SIGTERM")
		fs.StringVar(&cfg.TileURL, "tile-url", cfg.TileURL, "map tile URL template with {z}, {x}, {y} (the only other host pages may load from)")
		fs.StringVar(&cfg.TileAttribution, "tile-attribution", cfg.TileAttribution, "credit the tile server requires, shown on the map")
		fs.StringVar(&cfg.GeocoderURL, "geocoder-url", cfg.GeocoderURL, "a self-hosted Photon (…/api) or Nominatim (…/search) server the street search also asks (default: none)")
		fs.StringVar(&cfg.KeyService, "key-service", cfg.KeyService, "how to get an Open311 API key, a URL or a sentence (default: ask the city's contact)")
		fs.BoolVar(&cfg.AccessLog, "access-log", cfg.AccessLog, "log one line per request (--access-log=false turns it off)")
		fs.BoolVar(&cfg.AccessLogFullIP, "access-log-full-ip", cfg.AccessLogFullIP, "log clients' whole addresses instead of their networks (IPv4 /24, IPv6 /48)")
		fs.BoolVar(&cfg.SecureCookies, "secure-cookies", cfg.SecureCookies, "mark cookies Secure even without TLS or X-Forwarded-Proto (the service is behind HTTPS)")
		fs.Int64Var(&cfg.UploadBytes, "upload-bytes", cfg.UploadBytes, "bytes of photo uploads the server holds at once, all clients together (0: no cap); past it, 503")
		fs.Int64Var(&cfg.UploadBytesPerAddress, "upload-bytes-per-address", cfg.UploadBytesPerAddress, "bytes of photo uploads one client network holds at once (0: no cap); past it, 429")
		fs.DurationVar(&cfg.UploadTimeout, "upload-timeout", cfg.UploadTimeout, "longest a multipart upload may take to arrive; slower ones get 408")
		fs.IntVar(&cfg.DecodeSlots, "decode-slots", cfg.DecodeSlots, "photo decodes that run at once")
		fs.IntVar(&cfg.DecodeQueue, "decode-queue", cfg.DecodeQueue, "requests that may wait for a decode slot; past it, 503 with Retry-After")
		fs.DurationVar(&cfg.DecodeWait, "decode-wait", cfg.DecodeWait, "longest a request waits for a decode slot before 503")
		fs.IntVar(&cfg.ExportsPerMinute, "exports-per-minute", cfg.ExportsPerMinute, "public CSV and GeoJSON exports (/stats/reports.*) one client address may ask for per minute (0: no cap)")
		fs.StringVar(&cfg.MetricsAddr, "metrics-addr", cfg.MetricsAddr, "serve /metrics on this address (e.g. 127.0.0.1:9090) instead of --addr")
		fs.StringVar(&cfg.MetricsToken, "metrics-token", cfg.MetricsToken, "make /metrics ask for this bearer token (prefer STREETFIX_METRICS_TOKEN: flags show in ps)")
		fs.IntVar(&cfg.StreamsPerAddress, "streams-per-address", cfg.StreamsPerAddress, "event streams (/feeds/events) one client network may hold open (0: no cap); past it, 429")
		notifyFlags(fs, &cfg.Notify)
		retentionFlags(fs, &cfg.Retention)
	case "migrate":
	case "healthcheck":
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address the service listens on")
		fs.BoolVar(&ready, "ready", false, "ask /readyz (database reachable, migrations applied) instead of /healthz (process up)")
	case "seed":
		fs.IntVar(&cfg.Demo, "demo", 1000, "number of demo reports to add")
		fs.Int64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the demo data")
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	log := cfg.NewLogger(stderr)
	switch cmd {
	case "serve":
		return serve(ctx, cfg, log)
	case "healthcheck":
		return healthcheck(ctx, cfg.Addr, ready)
	case "migrate":
		c, err := city.FromDir(cfg.City)
		if err != nil {
			return err
		}
		store, err := app.Prepare(ctx, cfg.DB, c, log, db.Options{})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, "database ready:", db.Describe(cfg.DB))
		return store.Close()
	default: // seed
		if cfg.Demo < 1 {
			return errors.New("seed: --demo must be at least 1")
		}
		c, err := city.FromDir(cfg.City)
		if err != nil {
			return err
		}
		store, err := app.Prepare(ctx, cfg.DB, c, log, db.Options{})
		if err != nil {
			return err
		}
		defer store.Close()
		if err := app.Seed(ctx, store, c, cfg.Demo, cfg.Seed, log); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %d demo reports to %s\n", cfg.Demo, db.Describe(cfg.DB))
		return nil
	}
}

// parseFlags parses args, then fills every flag not given on the command
// line from STREETFIX_<NAME> (upper case, dashes as underscores).
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		env := "STREETFIX_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(env); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s: %w", env, e)
			}
		}
	})
	return err
}

func serve(ctx context.Context, cfg app.Config, log *slog.Logger) error {
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// healthcheck asks a running service for /healthz, or /readyz when ready
// is set; a container's health probe runs it, since the image has no HTTP
// client of its own.
func healthcheck(ctx context.Context, addr string, ready bool) error {
	path := "/healthz"
	if ready {
		path = "/readyz"
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", path, resp.Status)
	}
	return nil
}
