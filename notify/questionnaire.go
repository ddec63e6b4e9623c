package notify

import (
	"context"
	"fmt"
	"time"

	"streetfix/calendar"
	"streetfix/db"
	"streetfix/report"
)

// QuestionnaireTTL is how long a questionnaire's links can be answered.
const QuestionnaireTTL = 28 * 24 * time.Hour

// questionnaireEvery is how often a worker looks for reporters to ask:
// the answer is weeks away, and the search reads every open report.
const questionnaireEvery = 10 * time.Minute

// questionnaireBacklog is the pace of a backlog: a batch every few seconds.
const questionnaireBacklog = 5 * time.Second

// questionnaires asks the reporters of reports acknowledged
// QuestionnaireAfter ago and still open whether they have been fixed.
func (s *Service) questionnaires(ctx context.Context) error {
	now := s.now()
	if s.cfg.QuestionnaireAfter <= 0 || (!s.asked.IsZero() && now.Sub(s.asked) < questionnaireEvery && !now.Before(s.asked)) {
		return nil
	}
	s.asked = now
	// One batch a run: a backlog goes out over the next runs, seconds apart,
	// rather than holding the one writer that intake needs.
	due, err := s.store.DueQuestionnaires(ctx, now, s.cfg.QuestionnaireAfter, batch)
	if err != nil {
		return err
	}
	for _, d := range due {
		if _, err := s.store.AskQuestionnaire(ctx, d.Report.ID, now, s.cfg.QuestionnaireAfter, QuestionnaireTTL,
			func(q db.Questionnaire) (db.NewMessage, error) { return s.questionnaireEmail(d, q, now) }); err != nil {
			return err
		}
	}
	if len(due) == batch {
		s.asked = now.Add(questionnaireBacklog - questionnaireEvery) // more are due: ask them soon
	}
	return nil
}

// QuestionnaireURL is the link of one answer of questionnaire id.
func (s *Service) QuestionnaireURL(id int64, answer string) string {
	return s.link("/questionnaires/%d", id, PurposeQuestion) + "&answer=" + answer
}

func (s *Service) questionnaireEmail(d db.QuestionnaireDue, q db.Questionnaire, now time.Time) (db.NewMessage, error) {
	r := d.Report
	lang := emailLang(r.Locale)
	unsub := s.link("/reports/%d/unsubscribe", r.ID, PurposeReporterOff)
	e, err := s.r.render("questionnaire", []string{lang}, func(t tr) any {
		return questionnaireData{
			mailData: mailData{Tr: t, Report: s.reportView(t, r), Why: "mail.why.reporter", Unsubscribe: unsub,
				Manage: s.manageURL(r.ID, d.Reporter.TokenHash)},
			Acknowledged: calendar.DateTime(r.AcknowledgedAt.Time, s.location(), t.Lang),
			Fixed:        s.QuestionnaireURL(q.ID, report.AnswerFixed),
			NotFixed:     s.QuestionnaireURL(q.ID, report.AnswerNotFixed),
			Until:        calendar.DateTime(q.ExpiresAt.Time, s.location(), t.Lang),
		}
	})
	if err != nil {
		return db.NewMessage{}, fmt.Errorf("notify: questionnaire of report %d: %w", r.ID, err)
	}
	m := s.emailMessage(e, d.Reporter.Email, lang, unsub, now)
	m.Event, m.ReportID = EventQuestionnaire, r.ID
	return m, nil
}

// EventQuestionnaire is the event of a questionnaire's email, as
// /staff/notify lists it.
const EventQuestionnaire = "report.questionnaire"

// questionnaireData is what the questionnaire email sees.
type questionnaireData struct {
	mailData
	Acknowledged    string
	Fixed, NotFixed string // the links of the two answers
	Until           string
}
