package notify

import (
	"context"

	"streetfix/db"
)

// FanoutFunc lets tests turn outbox rows into messages without sending them.
func (s *Service) FanoutFunc() db.FanoutFunc {
	return func(it *db.OutboxItem) ([]db.NewMessage, error) { return s.fanout(context.Background(), it) }
}
