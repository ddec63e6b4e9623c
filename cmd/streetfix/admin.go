package main

import (
	"context"
	"flag"
	"io"
	"log/slog"

	"streetfix/app"
	"streetfix/city"
	"streetfix/db"
)

// adminFlags starts the flags of a command that works on the database
// directly (apikey, user): --db and --city.
func adminFlags(name string, stderr io.Writer) (*flag.FlagSet, *app.Config) {
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("streetfix "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file, or postgres://… for PostgreSQL")
	fs.StringVar(&cfg.City, "city", cfg.City, "folder with the city's data files")
	return fs, &cfg
}

// openAdminStore opens, migrating if needed, the database the flags name.
func openAdminStore(ctx context.Context, cfg *app.Config, stderr io.Writer) (*db.Store, error) {
	c, err := city.FromDir(cfg.City)
	if err != nil {
		return nil, err
	}
	return app.Prepare(ctx, cfg.DB, c, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), db.Options{})
}
