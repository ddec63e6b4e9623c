package notify

import "streetfix/db"

// FanoutFunc lets tests turn outbox rows into messages without sending them.
func (s *Service) FanoutFunc() db.FanoutFunc { return s.fanout }
