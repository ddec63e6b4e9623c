package handlers

import "regexp"

// manageCredential finds the credential of a manage link in an email.
var manageCredential = regexp.MustCompile(`(/manage\?token=)[\w-]+`)

// maskManageLinks hides the credential of the reporter's manage link in an
// email shown on /staff/notify: staff read what was sent, but the link
// would let them act as the reporter.
func maskManageLinks(s string) string {
	return manageCredential.ReplaceAllString(s, "${1}…")
}
