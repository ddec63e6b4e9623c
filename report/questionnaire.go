package report

// Answers to the questionnaire that asks a reporter, some weeks after
// their report was acknowledged, whether the problem has been fixed.
const (
	AnswerFixed    = "fixed"
	AnswerNotFixed = "not_fixed"
)

// IsAnswer says whether a is a questionnaire answer.
func IsAnswer(a string) bool { return a == AnswerFixed || a == AnswerNotFixed }

// AnswerStatus is the status a report of status from moves to when its
// reporter answers the questionnaire: an open report they say is fixed
// becomes fixed; a fixed or closed one they say is not is reopened (new).
// Empty means the status stays and the answer is only a note in the
// history (as the reporter may change it themselves: CheckTransition).
func AnswerStatus(from, answer string) string {
	switch {
	case answer == AnswerFixed && Group(from) == GroupOpen:
		return StatusFixed
	case answer == AnswerNotFixed && (Group(from) == GroupFixed || Group(from) == GroupClosed):
		return StatusNew
	}
	return ""
}
