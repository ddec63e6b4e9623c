package account

import "slices"

// Roles.
const (
	RoleAdmin   = "admin"   // everything
	RoleStaff   = "staff"   // the reports of their bodies
	RoleCouncil = "council" // read-only: dashboards and reports
)

// Roles lists every role.
var Roles = []string{RoleAdmin, RoleStaff, RoleCouncil}

// ValidRole reports whether r is a role.
func ValidRole(r string) bool { return slices.Contains(Roles, r) }

// Actions a user can take. Each is granted to roles in the table below; a
// staff member additionally needs the report to belong to one of their
// bodies (see User.CanTouch).
const (
	ViewQueue      = "view_queue"      // the triage queue and report details
	ViewDashboard  = "view_dashboard"  // council summaries
	ChangeStatus   = "change_status"   // status, public notes
	AddNote        = "add_note"        // internal notes
	SetPriority    = "set_priority"    // priority
	Assign         = "assign"          // assign a report to a staff member of its body
	Reassign       = "reassign"        // category or body
	MergeDuplicate = "merge_duplicate" // mark as duplicate of another report
	Hide           = "hide"            // hide and unhide a report
	Moderate       = "moderate"        // edit text, hide photos, anonymise
	ReadOriginals  = "read_originals"  // moderation history
	ReadAudit      = "read_audit"      // the audit log
	ManageUsers    = "manage_users"
	ManageCatalog  = "manage_catalog"  // bodies, categories
	EditTemplates  = "edit_templates"  // response templates
	ExportPersonal = "export_personal" // exports with reporters' contact details
	ManageNotify   = "manage_notify"   // outbox, dead letters, webhooks
	ReadPersonal   = "read_personal"   // see a reporter's contact details
)

var grants = map[string][]string{
	ViewQueue:      {RoleAdmin, RoleStaff, RoleCouncil},
	ViewDashboard:  {RoleAdmin, RoleStaff, RoleCouncil},
	ChangeStatus:   {RoleAdmin, RoleStaff},
	AddNote:        {RoleAdmin, RoleStaff},
	SetPriority:    {RoleAdmin, RoleStaff},
	Assign:         {RoleAdmin, RoleStaff},
	Reassign:       {RoleAdmin, RoleStaff},
	MergeDuplicate: {RoleAdmin, RoleStaff},
	Hide:           {RoleAdmin, RoleStaff},
	Moderate:       {RoleAdmin, RoleStaff},
	ReadPersonal:   {RoleAdmin, RoleStaff},
	EditTemplates:  {RoleAdmin, RoleStaff},
	ReadOriginals:  {RoleAdmin},
	ReadAudit:      {RoleAdmin},
	ManageUsers:    {RoleAdmin},
	ManageCatalog:  {RoleAdmin},
	ExportPersonal: {RoleAdmin},
	ManageNotify:   {RoleAdmin},
}

// LeastPrivileged is the role allowed the fewest actions (the first such in
// Roles): what a form for a new account offers first.
func LeastPrivileged() string {
	best, fewest := "", -1
	for _, r := range Roles {
		n := 0
		for _, actions := range grants {
			if slices.Contains(actions, r) {
				n++
			}
		}
		if fewest < 0 || n < fewest {
			best, fewest = r, n
		}
	}
	return best
}

// Allowed reports whether role may take action at all.
func Allowed(role, action string) bool { return slices.Contains(grants[action], role) }

// Actions lists every action, for the permission table in tests and docs.
func Actions() []string {
	out := make([]string, 0, len(grants))
	for a := range grants {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// User is a signed-in account as the rest of the service sees it.
type User struct {
	ID     int64
	Email  string
	Name   string
	Role   string
	Bodies []string
	Lang   string
}

// Can reports whether u may take action at all.
func (u *User) Can(action string) bool { return u != nil && Allowed(u.Role, action) }

// Sees reports whether u works on reports of body: admins and council see
// every body, staff their own.
func (u *User) Sees(body string) bool {
	if u == nil {
		return false
	}
	if u.Role != RoleStaff {
		return true
	}
	return slices.Contains(u.Bodies, body)
}

// CanTouch reports whether u may take action on a report of body.
func (u *User) CanTouch(action, body string) bool { return u.Can(action) && u.Sees(body) }

// AuditName is how u appears in the audit log. Public histories show only
// the role ("staff"), never who.
func (u *User) AuditName() string { return "user:" + u.Email }
