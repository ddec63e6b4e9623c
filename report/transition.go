package report

import "errors"

// Errors of status changes.
var (
	ErrUnknownStatus = errors.New("unknown status")
	ErrNotAllowed    = errors.New("this status change is not allowed")
	ErrSameStatus    = errors.New("the report already has this status")
)

// Actors who change statuses.
const (
	ActorStaff    = "staff"
	ActorReporter = "reporter"
	ActorSystem   = "system"
)

// CheckTransition says whether actor may move a report from one status to
// another. Staff and the system may move between any visible statuses
// (hiding is moderation, not a status change); a reporter may mark their
// open report fixed, or reopen a fixed or closed one.
func CheckTransition(from, to, actor string) error {
	if !IsStatus(to) || to == StatusHidden {
		return ErrUnknownStatus
	}
	if from == to {
		return ErrSameStatus
	}
	switch actor {
	case ActorStaff, ActorSystem:
		if from == StatusHidden {
			return ErrNotAllowed
		}
		return nil
	case ActorReporter:
		switch {
		case Group(from) == GroupOpen && to == StatusFixed:
			return nil
		case (Group(from) == GroupFixed || Group(from) == GroupClosed) && to == StatusNew:
			return nil
		}
	}
	return ErrNotAllowed
}
