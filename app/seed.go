package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"streetfix/city"
	"streetfix/db"
	"streetfix/demo"
)

// SeedIfEmpty fills an empty database with n demo reports; a database that
// already holds reports is left alone, so restarting with --demo is safe.
func SeedIfEmpty(ctx context.Context, store *db.Store, c *city.City, n int, seed int64, log *slog.Logger) error {
	have, err := store.CountReports(ctx)
	if err != nil {
		return err
	}
	if have > 0 {
		log.Info("demo data skipped: the database already has reports", "reports", have)
		return nil
	}
	return Seed(ctx, store, c, n, seed, log)
}

// Seed adds n demo reports generated from seed, spread over the year
// before the store's clock.
func Seed(ctx context.Context, store *db.Store, c *city.City, n int, seed int64, log *slog.Logger) error {
	start := time.Now()
	done := 0
	err := demo.Generate(c, demo.Options{Seed: seed, N: n, Now: store.Now()}, func(batch []db.SeedReport) error {
		if _, err := store.Seed(ctx, batch); err != nil {
			return err
		}
		done += len(batch)
		if done%100000 < len(batch) {
			log.Info("seeding", "reports", done, "of", n)
		}
		return ctx.Err()
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	log.Info("demo data seeded", "reports", n, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
