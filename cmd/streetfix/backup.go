package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"streetfix/app"
	"streetfix/db"
)

// backup makes a consistent copy of a database while the service may be
// writing: streetfix backup --db FILE --out COPY [--force].
func backup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("streetfix backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file to copy (PostgreSQL: use pg_dump)")
	out := fs.String("out", "", "file to write the copy to")
	force := fs.Bool("force", false, "replace --out if it exists")
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if _, err := os.Stat(*out); err == nil && !*force {
		return fmt.Errorf("backup: %s exists; add --force to replace it", *out)
	}
	if _, err := os.Stat(cfg.DB); err != nil && !db.IsPostgres(cfg.DB) {
		return fmt.Errorf("backup: %w", err)
	}
	store, err := db.Open(ctx, cfg.DB, db.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	// Written beside the target and renamed: a failed or interrupted copy
	// never leaves a half-written file under the backup's name.
	tmp := filepath.Join(filepath.Dir(*out), "."+filepath.Base(*out)+".partial")
	os.Remove(tmp)
	if err := store.Backup(ctx, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintln(stdout, "backup written:", *out)
	return nil
}

// verify checks a database file: streetfix verify --db FILE. It exits 0
// when the file is sound and 1 with the problems listed otherwise.
func verify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("streetfix verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file to check")
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	problems, err := db.Verify(ctx, cfg.DB)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "problem:", p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("verify: %s has %d problem(s)", cfg.DB, len(problems))
	}
	fmt.Fprintln(stdout, "ok:", cfg.DB)
	return nil
}
