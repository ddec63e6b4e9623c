package handlers

// formNotice is a category's emergency notice on the report form. Every
// notice is in the page, hidden unless its category is the chosen one;
// notice.js shows the chosen category's as soon as it is picked, so the
// visitor reads it before sending ("if someone is in danger, call 112").
type formNotice struct {
	Category, Text string
	Shown          bool
}
