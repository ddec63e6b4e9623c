package app

import (
	"context"
	"time"
)

// retentionLoop runs the retention job (db.Store.Retention) a minute after
// start-up and then every day: personal data past its period goes without
// anyone remembering to run it. Each run is audited with its counts.
func (a *App) retentionLoop(ctx context.Context) {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		c, err := a.Store.Retention(ctx, a.cfg.Retention, false)
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Warn("retention", "err", err)
		case err == nil:
			a.log.Info("retention", "reporters", c.Reporters, "subscriptions", c.Subscriptions,
				"pending_subscriptions", c.PendingSubscriptions, "messages", c.Messages, "blocks", c.Blocks)
		}
		t.Reset(24 * time.Hour)
	}
}
