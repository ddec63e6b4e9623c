package report

import "testing"

func TestStatusGroups(t *testing.T) {
	tests := []struct {
		status, group, open311 string
	}{
		{StatusNew, GroupOpen, "open"},
		{StatusAcknowledged, GroupOpen, "open"},
		{StatusInProgress, GroupOpen, "open"},
		{StatusScheduled, GroupOpen, "open"},
		{StatusFixed, GroupFixed, "closed"},
		{StatusDuplicate, GroupClosed, "closed"},
		{StatusNotResponsible, GroupClosed, "closed"},
		{StatusWontFix, GroupClosed, "closed"},
		{StatusClosed, GroupClosed, "closed"},
		{StatusHidden, GroupHidden, "closed"},
	}
	if len(tests) != len(Statuses) {
		t.Fatalf("table covers %d statuses, there are %d", len(tests), len(Statuses))
	}
	for _, tt := range tests {
		if g := Group(tt.status); g != tt.group {
			t.Errorf("Group(%s) = %s, want %s", tt.status, g, tt.group)
		}
		if o := Open311Status(tt.status); o != tt.open311 {
			t.Errorf("Open311Status(%s) = %s, want %s", tt.status, o, tt.open311)
		}
		if !IsStatus(tt.status) {
			t.Errorf("IsStatus(%s) = false", tt.status)
		}
	}
	if IsStatus("resolved") || Group("resolved") != "" || IsGroup("hidden") {
		t.Error("unknown statuses or the hidden group pass as public")
	}
	if got := StatusesIn(GroupOpen); len(got) != 4 {
		t.Errorf("StatusesIn(open) = %v", got)
	}
}

func TestCheckTransition(t *testing.T) {
	tests := []struct {
		from, to, actor string
		want            error
	}{
		{StatusNew, StatusAcknowledged, ActorStaff, nil},
		{StatusFixed, StatusInProgress, ActorStaff, nil},
		{StatusClosed, StatusNew, ActorSystem, nil},
		{StatusNew, StatusHidden, ActorStaff, ErrUnknownStatus},
		{StatusHidden, StatusNew, ActorStaff, ErrNotAllowed},
		{StatusNew, "resolved", ActorStaff, ErrUnknownStatus},
		{StatusNew, StatusNew, ActorStaff, ErrSameStatus},
		{StatusInProgress, StatusFixed, ActorReporter, nil},
		{StatusFixed, StatusNew, ActorReporter, nil},
		{StatusWontFix, StatusNew, ActorReporter, nil},
		{StatusNew, StatusClosed, ActorReporter, ErrNotAllowed},
		{StatusFixed, StatusAcknowledged, ActorReporter, ErrNotAllowed},
		{StatusNew, StatusFixed, "stranger", ErrNotAllowed},
	}
	for _, tt := range tests {
		if got := CheckTransition(tt.from, tt.to, tt.actor); got != tt.want {
			t.Errorf("%s -> %s by %s: %v, want %v", tt.from, tt.to, tt.actor, got, tt.want)
		}
	}
}
