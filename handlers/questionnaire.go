package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"streetfix/db"
	"streetfix/notify"
	"streetfix/report"
)

// The questionnaire's links (/questionnaires/{id}?sig=…&answer=…) come in
// the email that asks a reporter whether their report has been fixed. A
// GET shows a page with a button, since mail scanners open every link; the
// POST answers. A link whose signature does not match is 403; one already
// answered is 409 and one expired 410, each a page that says so and
// changes nothing.

// questionnaireStore is what the questionnaire pages need of the database.
type questionnaireStore interface {
	Questionnaire(ctx context.Context, id int64) (db.Questionnaire, error)
	Questionnaires(ctx context.Context, reportID int64) ([]db.Questionnaire, error)
	AnswerQuestionnaire(ctx context.Context, id int64, answer, note string, now time.Time) (db.Report, error)
	CountQuestionnaires(ctx context.Context, now time.Time) (db.QuestionnaireCounts, error)
}

type answerButton struct {
	Value, Label string
	Chosen       bool
}

// questionnaireLink checks the link's signature and reads its questionnaire
// and report; it renders the page that says why it cannot be used and
// returns false otherwise.
func (h *handler) questionnaireLink(c *gin.Context, sig string) (db.Questionnaire, db.Report, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	if id <= 0 || len(sig) > 100 || !h.cfg.Notify.Signer().Verify(notify.PurposeQuestion, id, sig) {
		h.questionnairePage(c, http.StatusForbidden, map[string]any{"Error": h.translator(pageLang(c)).T("questionnaire.invalid")})
		return db.Questionnaire{}, db.Report{}, false
	}
	q, err := h.store.Questionnaire(c.Request.Context(), id)
	if err != nil {
		h.failPage(c, err)
		return q, db.Report{}, false
	}
	r, err := h.store.PublicReport(c.Request.Context(), q.ReportID)
	if err != nil {
		h.failPage(c, err)
		return q, r, false
	}
	return q, r, true
}

// questionnaireGone renders the page of a used or expired link, if it is.
func (h *handler) questionnaireGone(c *gin.Context, q db.Questionnaire, r db.Report) bool {
	tr := h.translator(pageLang(c))
	data := map[string]any{"ReportURL": "/reports/" + itoa(r.ID)}
	switch {
	case q.Answer.Valid:
		data["Error"] = tr.T("questionnaire.answered", "When", h.dateText(q.AnsweredAt.Time, tr.Lang),
			"Answer", tr.T("questionnaire.answer."+q.Answer.String))
		h.questionnairePage(c, http.StatusConflict, data)
	case !h.now().Before(q.ExpiresAt.Time):
		data["Error"] = tr.T("questionnaire.expired", "When", h.dateText(q.ExpiresAt.Time, tr.Lang))
		h.questionnairePage(c, http.StatusGone, data)
	default:
		return false
	}
	return true
}

// questionnaireForm is GET /questionnaires/{id}: the question and the two
// answers, the one clicked in the email first.
func (h *handler) questionnaireForm(c *gin.Context) {
	q, r, ok := h.questionnaireLink(c, c.Query("sig"))
	if !ok || h.questionnaireGone(c, q, r) {
		return
	}
	tr := h.translator(pageLang(c))
	answers := []answerButton{{report.AnswerFixed, tr.T("questionnaire.fixed"), false}, {report.AnswerNotFixed, tr.T("questionnaire.not_fixed"), false}}
	if c.Query("answer") == report.AnswerNotFixed {
		answers[0], answers[1] = answers[1], answers[0]
	}
	answers[0].Chosen = report.IsAnswer(c.Query("answer"))
	h.questionnairePage(c, http.StatusOK, map[string]any{
		"Text": tr.T("questionnaire.intro", "Title", r.Title, "ID", r.ID, "Status", tr.T("status."+r.Status)),
		"Ask":  true, "Action": c.Request.URL.Path, "Sig": c.Query("sig"), "Answers": answers,
		"ReportURL": "/reports/" + itoa(r.ID),
	})
}

// questionnaireAnswer is POST /questionnaires/{id}: the answer goes into
// the report's public history, in the language the report was made in,
// and fixes or reopens it as report.AnswerStatus says.
func (h *handler) questionnaireAnswer(c *gin.Context) {
	if !sameOrigin(c) {
		h.failPage(c, newError(http.StatusForbidden, "cross_site", "", "forms are accepted from this site only"))
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 4096)
	sig, answer := c.PostForm("sig"), c.PostForm("answer")
	q, r, ok := h.questionnaireLink(c, sig)
	if !ok || h.questionnaireGone(c, q, r) {
		return
	}
	tr := h.translator(pageLang(c))
	if !report.IsAnswer(answer) {
		h.questionnairePage(c, http.StatusBadRequest, map[string]any{"Error": tr.T("questionnaire.bad_answer"),
			"Ask": true, "Action": c.Request.URL.Path, "Sig": sig, "ReportURL": "/reports/" + itoa(r.ID),
			"Answers": []answerButton{{report.AnswerFixed, tr.T("questionnaire.fixed"), false}, {report.AnswerNotFixed, tr.T("questionnaire.not_fixed"), false}}})
		return
	}
	note := h.translator(r.Locale).T("questionnaire.note." + answer)
	before := r.Status
	after, err := h.store.AnswerQuestionnaire(c.Request.Context(), q.ID, answer, note, h.now())
	if errors.Is(err, db.ErrAnswered) || errors.Is(err, db.ErrExpired) {
		// Answered or expired between the page and the button.
		if q, err = h.store.Questionnaire(c.Request.Context(), q.ID); err == nil && h.questionnaireGone(c, q, r) {
			return
		}
	}
	if err != nil {
		h.failPage(c, err)
		return
	}
	done := tr.T("questionnaire.done.noted", "Status", tr.T("status."+after.Status))
	switch {
	case after.Status != before && after.Status == report.StatusFixed:
		done = tr.T("questionnaire.done.fixed")
	case after.Status != before:
		done = tr.T("questionnaire.done.reopened")
	}
	// The language links lead back to the link, which then says it was used.
	h.questionnairePage(c, http.StatusOK, map[string]any{"Done": done, "ReportURL": "/reports/" + itoa(r.ID),
		"Langs": langLinksWith(c, tr.Lang, url.Values{"sig": {sig}})})
}

func (h *handler) questionnairePage(c *gin.Context, status int, data map[string]any) {
	page, _ := h.page(c)
	for k, v := range page {
		if _, ok := data[k]; !ok {
			data[k] = v
		}
	}
	privatePage(c) // the URL holds a signature
	h.render(c, status, "questionnaire.html", data)
}

// questionnaireRow is a question asked, as the staff report page shows it.
type questionnaireRow struct {
	Sent, Answer, Answered string
}

// questionnaireRows are the questions asked about a report and their
// answers, for staff.
func (h *handler) questionnaireRows(ctx context.Context, tr Tr, reportID int64) ([]questionnaireRow, error) {
	qs, err := h.store.Questionnaires(ctx, reportID)
	if err != nil {
		return nil, err
	}
	var out []questionnaireRow
	for _, q := range qs {
		row := questionnaireRow{Sent: h.dateText(q.SentAt.Time, tr.Lang)}
		switch {
		case q.Answer.Valid:
			row.Answer, row.Answered = tr.T("questionnaire.answer."+q.Answer.String), h.dateText(q.AnsweredAt.Time, tr.Lang)
		case h.now().Before(q.ExpiresAt.Time):
			row.Answer = tr.T("questionnaire.staff.waiting", "When", h.dateText(q.ExpiresAt.Time, tr.Lang))
		default:
			row.Answer = tr.T("questionnaire.staff.expired", "When", h.dateText(q.ExpiresAt.Time, tr.Lang))
		}
		out = append(out, row)
	}
	return out, nil
}
