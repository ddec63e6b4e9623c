package report

import "testing"

func TestAnswerStatus(t *testing.T) {
	for _, tc := range []struct{ from, answer, want string }{
		{StatusAcknowledged, AnswerFixed, StatusFixed},
		{StatusInProgress, AnswerFixed, StatusFixed},
		{StatusFixed, AnswerFixed, ""},
		{StatusWontFix, AnswerFixed, ""},
		{StatusScheduled, AnswerNotFixed, ""},
		{StatusFixed, AnswerNotFixed, StatusNew},
		{StatusClosed, AnswerNotFixed, StatusNew},
	} {
		got := AnswerStatus(tc.from, tc.answer)
		if got != tc.want {
			t.Errorf("AnswerStatus(%s, %s) = %q, want %q", tc.from, tc.answer, got, tc.want)
		}
		if got != "" {
			if err := CheckTransition(tc.from, got, ActorReporter); err != nil {
				t.Errorf("%s → %s is not a reporter's transition: %v", tc.from, got, err)
			}
		}
	}
}
