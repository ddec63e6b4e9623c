// Package report holds the rules of a report's life that do not depend on
// HTTP or storage: statuses and their groups, validation of new reports, and
// the secret token that lets a reporter manage their report.
package report

// Statuses, in lifecycle order.
const (
	StatusNew            = "new"
	StatusAcknowledged   = "acknowledged"
	StatusInProgress     = "in_progress"
	StatusScheduled      = "scheduled"
	StatusFixed          = "fixed"
	StatusDuplicate      = "duplicate"
	StatusNotResponsible = "not_responsible"
	StatusWontFix        = "wont_fix"
	StatusClosed         = "closed"
	StatusHidden         = "hidden"
)

// Status groups, used by filters and map colours.
const (
	GroupOpen   = "open"
	GroupFixed  = "fixed"
	GroupClosed = "closed"
	GroupHidden = "hidden"
)

// Statuses lists every status, hidden last.
var Statuses = []string{
	StatusNew, StatusAcknowledged, StatusInProgress, StatusScheduled, StatusFixed,
	StatusDuplicate, StatusNotResponsible, StatusWontFix, StatusClosed, StatusHidden,
}

// Groups lists the public status groups.
var Groups = []string{GroupOpen, GroupFixed, GroupClosed}

// Group returns the group of a status, or "" for an unknown one.
func Group(status string) string {
	switch status {
	case StatusNew, StatusAcknowledged, StatusInProgress, StatusScheduled:
		return GroupOpen
	case StatusFixed:
		return GroupFixed
	case StatusDuplicate, StatusNotResponsible, StatusWontFix, StatusClosed:
		return GroupClosed
	case StatusHidden:
		return GroupHidden
	}
	return ""
}

// IsStatus reports whether s is a known status.
func IsStatus(s string) bool { return Group(s) != "" }

// IsGroup reports whether s names a public status group.
func IsGroup(s string) bool { return s == GroupOpen || s == GroupFixed || s == GroupClosed }

// StatusesIn returns the statuses of a group.
func StatusesIn(group string) []string {
	var out []string
	for _, s := range Statuses {
		if Group(s) == group {
			out = append(out, s)
		}
	}
	return out
}

// Open311Status maps a status onto GeoReport v2's open/closed.
func Open311Status(status string) string {
	if Group(status) == GroupOpen {
		return "open"
	}
	return "closed"
}

// Visible lists the statuses staff can set: all but hidden.
func Visible() []string { return Statuses[:len(Statuses)-1] }
