package account

import "testing"

// The least privileged role is council: it may only look.
func TestLeastPrivileged(t *testing.T) {
	if got := LeastPrivileged(); got != RoleCouncil {
		t.Errorf("least privileged role is %s", got)
	}
	for _, a := range Actions() {
		if Allowed(RoleCouncil, a) && !Allowed(RoleStaff, a) {
			t.Errorf("council may %s and staff may not", a)
		}
	}
}
