package notify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/emersion/go-smtp"

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
		if err != nil && ctx.Err() != nil {
			return ctx.Err() // shutting down: what was not fanned out stays queued
		}
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
		if err := s.deliverAll(ctx, msgs); err != nil {
			return err // the lease runs out and another worker sends it
		}
		if len(msgs) < batch {
			return nil
		}
	}
}

// deliverAll delivers msgs in lanes, one per destination (the SMTP server,
// each webhook endpoint), side by side: a destination that hangs holds up
// only its own lane, and once it has failed without answering (refused,
// timed out), the rest of its lane is put off to the next attempt rather
// than each message waiting out the timeout again. It returns ctx's error
// when ctx ends first.
func (s *Service) deliverAll(ctx context.Context, msgs []db.Message) error {
	lanes := map[string][]db.Message{}
	var order []string
	for _, m := range msgs {
		k := m.Channel
		if m.Channel == db.ChannelWebhook {
			k += ":" + strconv.FormatInt(m.WebhookID.Int64, 10)
		}
		if _, ok := lanes[k]; !ok {
			order = append(order, k)
		}
		lanes[k] = append(lanes[k], m)
	}
	var wg sync.WaitGroup
	for _, k := range order {
		wg.Go(func() {
			var down error
			for _, m := range lanes[k] {
				if ctx.Err() != nil {
					return
				}
				if down != nil {
					s.record(ctx, m, db.Outcome{}, fmt.Errorf("not tried: the destination did not answer the message before: %w", down), 0)
					continue
				}
				if answered, err := s.deliver(ctx, m); err != nil && !answered {
					down = err
				}
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// deliver makes one attempt at m and records its outcome; answered says
// whether the destination answered (a refusal is an answer, a timeout not).
func (s *Service) deliver(ctx context.Context, m db.Message) (answered bool, err error) {
	o := db.Outcome{Status: db.MessageDelivered}
	start := time.Now()
	switch m.Channel {
	case db.ChannelEmail:
		err = s.sendEmail(ctx, m)
		if err == nil && s.mailer == nil {
			o.Status = db.MessageLogged
		}
		var se *smtp.SMTPError
		answered = err == nil || errors.As(err, &se)
	case db.ChannelWebhook:
		o.ResponseStatus, err = s.postWebhook(ctx, m)
		answered = err == nil || o.ResponseStatus > 0
	default:
		answered, err = true, errors.New("unknown channel "+m.Channel)
	}
	took := time.Since(start)
	if m.Channel == db.ChannelWebhook {
		o.Took = took
	}
	s.record(ctx, m, o, err, took)
	return answered, err
}

// record writes the outcome of an attempt at m: o as it is when err is nil,
// a retry with backoff or, past the last attempt, a dead message otherwise.
func (s *Service) record(ctx context.Context, m db.Message, o db.Outcome, err error, took time.Duration) {
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
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SMTPTimeout)
	defer cancel()
	return s.mailer.Send(ctx, s.cfg.From, m.Recipient, msg)
}
