package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
)

// retentionFlags are the retention periods, in days, shared by serve
// (which runs the job daily) and the retention command.
func retentionFlags(fs *flag.FlagSet, p *db.RetentionPolicy) {
	fs.Func("retention-reporters", fmt.Sprintf("days a reporter's name, email and phone are kept after the report is fixed or closed (default %g)", days(p.Reporters)), daysFlag(&p.Reporters))
	fs.Func("retention-subscriptions", fmt.Sprintf("days a subscription is kept after it ends (default %g)", days(p.Subscriptions)), daysFlag(&p.Subscriptions))
	fs.Func("retention-pending", fmt.Sprintf("days an unconfirmed subscription is kept (default %g)", days(p.Pending)), daysFlag(&p.Pending))
	fs.Func("retention-messages", fmt.Sprintf("days a sent, kept, dead or cancelled message is kept (default %g)", days(p.Messages)), daysFlag(&p.Messages))
}

func days(d time.Duration) float64 { return d.Hours() / 24 }

// daysFlag reads a number of days (a fraction allowed: 0.5 is 12 hours).
func daysFlag(to *time.Duration) func(string) error {
	return func(s string) error {
		var n float64
		if _, err := fmt.Sscan(s, &n); err != nil || n <= 0 {
			return fmt.Errorf("%q is not a positive number of days", s)
		}
		*to = time.Duration(n * float64(24*time.Hour))
		return nil
	}
}

// retention runs the retention job once: streetfix retention --db FILE
// [--dry-run] [--as-of TIME] [--retention-… DAYS]. It prints what it
// removed (or would remove) as one JSON object.
func retention(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("streetfix retention", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file, or postgres://… for PostgreSQL")
	fs.StringVar(&cfg.City, "city", cfg.City, "folder with the city's data files")
	dry := fs.Bool("dry-run", false, "count what would be removed, and remove nothing")
	asOf := fs.String("as-of", "", "run as if it were this moment (RFC 3339), e.g. to preview a date with --dry-run (default: now)")
	retentionFlags(fs, &cfg.Retention)
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	now := time.Now
	if *asOf != "" {
		t, err := time.Parse(time.RFC3339, *asOf)
		if err != nil {
			return fmt.Errorf("as-of: %q is not an RFC 3339 time such as 2027-01-31T00:00:00Z", *asOf)
		}
		now = func() time.Time { return t }
	}
	if err := cfg.Retention.Validate(); err != nil {
		return err
	}
	c, err := city.FromDir(cfg.City)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store, err := app.Prepare(ctx, cfg.DB, c, log, db.Options{Now: now})
	if err != nil {
		return err
	}
	defer store.Close()
	counts, err := store.Retention(ctx, cfg.Retention, *dry)
	if err != nil {
		return err
	}
	out := struct {
		DryRun bool      `json:"dry_run"`
		AsOf   time.Time `json:"as_of"`
		db.RetentionCounts
	}{*dry, now().UTC().Truncate(time.Second), counts}
	b, _ := json.Marshal(out)
	fmt.Fprintln(stdout, string(b))
	return nil
}
