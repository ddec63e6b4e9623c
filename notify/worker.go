package notify

import (
	"context"
	"errors"
	"math"
	"time"

	"streetfix/db"
)

// batch is how many messages one step takes; fanoutBatch how many outbox
// rows, which are many and mostly notify nobody during heavy intake.
const (
	batch       = 50
	fanoutBatch = 256
)

// minRest is the least time between two runs of the worker: while reports
// pour in, every batch wakes it, and a few more events per fan-out cost
// less of the writer's time than a fan-out per batch.
const minRest = 100 * time.Millisecond

// Run is the worker: it fans out the outbox, delivers due messages, sends
// digests and forgets old messages, until ctx is done. Any number of
// workers may share a database; leases keep them from sending one message
// twice.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Poll)
	defer t.Stop()
	purged := time.Time{}
	for {
		if err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("notify: worker", "err", err)
		}
		if now := s.now(); now.Sub(purged) > time.Hour {
			if n, err := s.store.PurgeMessages(ctx, now, s.cfg.Retention); err != nil && ctx.Err() == nil {
				s.log.Warn("notify: purge", "err", err)
			} else if n > 0 {
				s.log.Info("notify: purged delivered messages", "count", n)
			}
			purged = now
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(minRest):
		}
	}
}

// RunOnce does what is due now: the whole outbox, the due messages and
// the due digests. Tests call it to step the worker.
func (s *Service) RunOnce(ctx context.Context) error {
	for {
		n, err := s.store.Fanout(ctx, fanoutBatch, func(it *db.OutboxItem) ([]db.NewMessage, error) { return s.fanout(ctx, it) })
		if err != nil {
			// Some events could not be fanned out (they stay queued); the
			// messages of the others are still delivered below.
			s.log.Error("notify: fan-out", "err", err)
			break
		}
		if n < fanoutBatch {
			break
		}
	}
	if err := s.digests(ctx); err != nil {
		return err
	}
	if err := s.questionnaires(ctx); err != nil {
		return err
	}
	for {
		msgs, err := s.store.ClaimMessages(ctx, s.owner, s.now(), s.cfg.Lease, batch)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if ctx.Err() != nil {
				return ctx.Err() // the lease runs out and another worker sends it
			}
			s.deliver(ctx, m)
		}
		if len(msgs) < batch {
			return nil
		}
	}
}

// deliver makes one attempt at m and records its outcome.
func (s *Service) deliver(ctx context.Context, m db.Message) {
	o := db.Outcome{Status: db.MessageDelivered}
	var err error
	start := time.Now()
	switch m.Channel {
	case db.ChannelEmail:
		err = s.sendEmail(ctx, m)
		if err == nil && s.mailer == nil {
			o.Status = db.MessageLogged
		}
	case db.ChannelWebhook:
		o.ResponseStatus, err = s.postWebhook(ctx, m)
	default:
		err = errors.New("unknown channel " + m.Channel)
	}
	took := time.Since(start)
	if m.Channel == db.ChannelWebhook {
		o.Took = took
	}
	o.At = s.now()
	result := ResultOK
	if err != nil {
		o.Error = err.Error()
		if m.Attempts >= s.cfg.MaxAttempts {
			o.Status, result = db.MessageDead, ResultDead
			s.log.Warn("notify: gave up", "message", m.ID, "channel", m.Channel, "attempts", m.Attempts, "err", err)
		} else {
			o.Status, o.NextAt, result = db.MessagePending, o.At.Add(s.backoff(m.Attempts)), ResultRetry
			s.log.Info("notify: will retry", "message", m.ID, "channel", m.Channel, "attempt", m.Attempts, "at", o.NextAt, "err", err)
		}
	}
	if s.observe != nil {
		s.observe(m.Channel, result, took)
	}
	// A fresh context: once sent, the outcome must be written even while
	// the service shuts down, or the message would go out twice.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	ok, ferr := s.store.FinishMessage(wctx, m.ID, s.owner, o)
	switch {
	case ferr != nil:
		s.log.Error("notify: record outcome", "message", m.ID, "err", ferr)
	case !ok:
		s.log.Warn("notify: lease lost before the outcome was recorded", "message", m.ID)
	}
}

// backoff is the delay after the given attempt: BackoffBase doubled per
// attempt, capped at BackoffMax, then spread over its upper half so that
// messages that failed together do not all retry together.
func (s *Service) backoff(attempt int) time.Duration {
	d := float64(s.cfg.BackoffBase) * math.Pow(2, float64(attempt-1))
	if d > float64(s.cfg.BackoffMax) {
		d = float64(s.cfg.BackoffMax)
	}
	return time.Duration(d/2 + d/2*s.jitter())
}

func (s *Service) sendEmail(ctx context.Context, m db.Message) error {
	if s.mailer == nil {
		// No SMTP server: the message is kept as "logged" and admins read
		// it on /staff/notify. The log says only that it was kept: its
		// address and text are personal data and logs are kept elsewhere.
		s.log.Info("notify: email kept, not sent (no SMTP server configured)", "message", m.ID, "kind", m.Event, "lang", m.Lang)
		return nil
	}
	msg, err := compose(m, s.cfg.From, s.now().In(s.location()))
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	return s.mailer.Send(ctx, s.cfg.From, m.Recipient, msg)
}
