package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"streetfix/db"
	"streetfix/notify"
	"streetfix/stream"
)

// The service's metrics beyond HTTP (which the handlers register): the
// notification queue and its deliveries, live streams, intake's group
// commit and the in-memory index. Every series exists from start-up, the
// labelled ones at zero for each known label value, so an alert rule sees
// them before the first event. Names are part of the operations contract
// (docs/OPERATIONS.md): dashboards and alerts rely on them.

// registerMetrics adds the series to reg and hooks them to their sources.
func registerMetrics(reg prometheus.Registerer, store *db.Store, hub *stream.Hub, ns *notify.Service, log *slog.Logger) error {
	channels := []string{db.ChannelEmail, db.ChannelWebhook}
	deliveries := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "streetfix_deliveries_total",
		Help: "Delivery attempts of emails and webhook calls, by channel and result (ok, retry, dead).",
	}, []string{"channel", "result"})
	deliveryTime := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "streetfix_delivery_duration_seconds",
		Help:    "Time of one delivery attempt (SMTP conversation or webhook call), by channel.",
		Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 90},
	}, []string{"channel"})
	for _, ch := range channels {
		deliveryTime.WithLabelValues(ch)
		for _, r := range []string{notify.ResultOK, notify.ResultRetry, notify.ResultDead} {
			deliveries.WithLabelValues(ch, r)
		}
	}
	ns.SetObserver(func(channel, result string, took time.Duration) {
		deliveries.WithLabelValues(channel, result).Inc()
		deliveryTime.WithLabelValues(channel).Observe(took.Seconds())
	})

	batchSize := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "streetfix_intake_batch_size",
		Help:    "Reports written by one group commit of intake.",
		Buckets: []float64{1, 2, 4, 8, 16, 32, 64, 128, 256},
	})
	commitTime := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "streetfix_intake_commit_seconds",
		Help:    "Time of one group commit of intake, from the transaction's start to its commit.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	store.OnCommit(func(n int, took time.Duration) {
		batchSize.Observe(float64(n))
		commitTime.Observe(took.Seconds())
	})

	subscribers := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "streetfix_sse_subscribers", Help: "Clients connected to the live event stream (/feeds/events).",
	}, func() float64 { return float64(hub.Subscribers()) })
	indexed := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "streetfix_index_reports", Help: "Reports in the in-memory index (map, nearby, queue, dashboard), hidden ones included.",
	}, func() float64 { return float64(store.IndexedCount()) })
	lag := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "streetfix_feed_lag_seconds",
		Help: "How far this instance's in-memory read model may be behind the database: seconds since its last complete pass over the change feed began.",
	}, func() float64 { return store.FeedLag().Seconds() })

	return registerAll(reg, deliveries, deliveryTime, batchSize, commitTime, subscribers, indexed, lag, newQueueCollector(store, log))
}

func registerAll(reg prometheus.Registerer, cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}

// queueStore is what the queue's gauges read.
type queueStore interface {
	OutboxLength(ctx context.Context) (int, error)
	MessageCounts(ctx context.Context) (map[string]int, error)
}

// queueCollector reports the notification queue as the database holds it,
// shared by every instance: the outbox rows waiting for their fan-out and
// the messages in each state. It counts at most every queueMaxAge, so
// frequent or parallel scrapes cost one count.
type queueCollector struct {
	store             queueStore
	log               *slog.Logger
	outboxDesc, msgs  *prometheus.Desc
	mu                sync.Mutex
	at                time.Time
	outbox            int
	counts            map[string]int
	everCounted, warn bool
}

const queueMaxAge = 2 * time.Second

func newQueueCollector(store queueStore, log *slog.Logger) *queueCollector {
	return &queueCollector{store: store, log: log,
		outboxDesc: prometheus.NewDesc("streetfix_outbox_pending", "Events in the notification outbox waiting for their fan-out.", nil, nil),
		msgs:       prometheus.NewDesc("streetfix_messages", "Notification messages (emails and webhook calls) by state.", []string{"state"}, nil),
	}
}

func (q *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- q.outboxDesc
	ch <- q.msgs
}

func (q *queueCollector) Collect(ch chan<- prometheus.Metric) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if time.Since(q.at) > queueMaxAge || !q.everCounted {
		q.count()
	}
	if !q.everCounted {
		return // the database never answered; /readyz says so
	}
	ch <- prometheus.MustNewConstMetric(q.outboxDesc, prometheus.GaugeValue, float64(q.outbox))
	for _, st := range db.MessageStates {
		ch <- prometheus.MustNewConstMetric(q.msgs, prometheus.GaugeValue, float64(q.counts[st]), st)
	}
}

// count reads the queue; on failure the last counts stay and one warning
// is logged until a count succeeds again.
func (q *queueCollector) count() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	outbox, err := q.store.OutboxLength(ctx)
	var counts map[string]int
	if err == nil {
		counts, err = q.store.MessageCounts(ctx)
	}
	if err != nil {
		if !q.warn {
			q.log.Warn("metrics: count the notification queue", "err", err)
			q.warn = true
		}
		return
	}
	q.outbox, q.counts, q.at, q.everCounted, q.warn = outbox, counts, time.Now(), true, false
}
