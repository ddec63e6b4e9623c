package demo

import (
	"testing"
	"time"

	"streetfix/city"
	"streetfix/db"
)

func BenchmarkZZ(b *testing.B) {
	c, _ := city.Default()
	now := time.Date(2025, 11, 20, 15, 4, 5, 0, time.UTC)
	for b.Loop() {
		Generate(c, Options{Seed: 1, N: 100000, Now: now}, func([]db.SeedReport) error { return nil })
	}
}
