package notify

import (
	"embed"
	"encoding/json"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"strings"
	texttemplate "text/template"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"streetfix/web"
)

// Emails are templates in mail/ whose words come from the message
// catalogues (web/locales/notify.*.json), so an email is written in its
// recipient's language the same way a page is.

//go:embed mail
var mailFiles embed.FS

// renderer holds the parsed email templates and the catalogues.
type renderer struct {
	text     *texttemplate.Template
	html     *htmltemplate.Template
	messages *i18n.Bundle
}

func newRenderer() (*renderer, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	locales := web.Locales()
	names, err := fs.Glob(locales, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(locales, name); err != nil {
			return nil, fmt.Errorf("notify: messages %s: %w", name, err)
		}
	}
	text, err := texttemplate.New("").ParseFS(mailFiles, "mail/*.txt")
	if err != nil {
		return nil, fmt.Errorf("notify: mail templates: %w", err)
	}
	html, err := htmltemplate.New("").ParseFS(mailFiles, "mail/*.html")
	if err != nil {
		return nil, fmt.Errorf("notify: mail templates: %w", err)
	}
	return &renderer{text: text, html: html, messages: b}, nil
}

// tr translates into one language; templates call {{.Tr.T "id" "Name" value}}.
type tr struct {
	Lang string
	loc  *i18n.Localizer
}

func (r *renderer) tr(lang string) tr {
	return tr{Lang: lang, loc: i18n.NewLocalizer(r.messages, lang, "en")}
}

// T returns the message id filled with name, value pairs; a missing id
// shows as itself (TestCataloguesComplete keeps that from happening).
func (t tr) T(id string, pairs ...any) string {
	data := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			data[k] = pairs[i+1]
		}
	}
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil && s == "" {
		return id
	}
	return s
}

// email is a rendered email before it is queued.
type email struct {
	Subject, Text, HTML string
}

// render runs the templates name.subject, name.txt and name.html once per
// language and joins the results: a body in Brussels reads French and Dutch
// in one message.
func (r *renderer) render(name string, langs []string, data func(t tr) any) (email, error) {
	var subjects, texts, htmls []string
	for _, l := range langs {
		d := data(r.tr(l))
		var subj, text, html strings.Builder
		if err := r.text.ExecuteTemplate(&subj, name+".subject", d); err != nil {
			return email{}, fmt.Errorf("notify: render %s: %w", name, err)
		}
		if err := r.text.ExecuteTemplate(&text, name+".txt", d); err != nil {
			return email{}, fmt.Errorf("notify: render %s: %w", name, err)
		}
		if err := r.html.ExecuteTemplate(&html, name+".html", d); err != nil {
			return email{}, fmt.Errorf("notify: render %s: %w", name, err)
		}
		subjects = append(subjects, strings.Join(strings.Fields(subj.String()), " "))
		texts = append(texts, strings.TrimSpace(text.String()))
		htmls = append(htmls, html.String())
	}
	var page strings.Builder
	if err := r.html.ExecuteTemplate(&page, "layout.html", map[string]any{
		"Lang": langs[0], "Subject": strings.Join(subjects, " / "), "Sections": htmlSections(htmls),
	}); err != nil {
		return email{}, fmt.Errorf("notify: render %s: %w", name, err)
	}
	return email{
		Subject: strings.Join(subjects, " / "),
		Text:    strings.Join(texts, "\n\n-- -- --\n\n") + "\n",
		HTML:    page.String(),
	}, nil
}

// htmlSections marks sections rendered by html/template as safe to embed.
func htmlSections(parts []string) []htmltemplate.HTML {
	out := make([]htmltemplate.HTML, len(parts))
	for i, p := range parts {
		out[i] = htmltemplate.HTML(p) // produced by html/template above, already escaped
	}
	return out
}
