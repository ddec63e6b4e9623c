package handlers

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"streetfix/web"
)

// Every string of the pages lives in the message catalogues under
// web/locales, one file per feature and language (map.fr.json,
// staff.nl.json, ...), read with go-i18n. English is the fallback.

// langCookie remembers the language a visitor chose.
const langCookie = "lang"

// loadMessages reads every catalogue into one bundle.
func loadMessages(fsys fs.FS) (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := b.LoadMessageFileFS(fsys, name); err != nil {
			return nil, fmt.Errorf("messages %s: %w", name, err)
		}
	}
	return b, nil
}

// Tr translates into one language; templates call {{.Tr.T "id"}}.
type Tr struct {
	Lang string
	loc  *i18n.Localizer
	miss func(id string, err error)
}

func (h *handler) translator(l string) Tr {
	return Tr{Lang: l, loc: i18n.NewLocalizer(h.messages, l, "en"), miss: func(id string, err error) {
		h.log.Warn("missing message", "id", id, "lang", l, "err", err)
	}}
}

// T returns the message id, filled with data given as name, value pairs.
func (t Tr) T(id string, pairs ...any) string {
	return t.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairData(pairs)})
}

// N returns the plural form of id for count, which the message sees as .Count.
func (t Tr) N(id string, count int, pairs ...any) string {
	data := pairData(pairs)
	data["Count"] = formatInt(int64(count), t.Lang)
	return t.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: data})
}

func (t Tr) localize(cfg *i18n.LocalizeConfig) string {
	s, err := t.loc.Localize(cfg)
	if err != nil {
		if t.miss != nil {
			t.miss(cfg.MessageID, err)
		}
		if s == "" {
			return cfg.MessageID
		}
	}
	return s
}

// Colon ends a label with a colon as the language writes it: French puts
// a no-break space before it ("Priorité :"), English and Dutch do not.
func (t Tr) Colon(label string) string {
	if t.Lang == "fr" {
		return label + "\u00a0:"
	}
	return label + ":"
}

// Number formats n in the language's convention.
func (t Tr) Number(n int64) string { return formatInt(n, t.Lang) }

func pairData(pairs []any) map[string]any {
	m := make(map[string]any, len(pairs)/2+1)
	for i := 0; i+1 < len(pairs); i += 2 {
		if k, ok := pairs[i].(string); ok {
			m[k] = pairs[i+1]
		}
	}
	return m
}

// formatInt groups digits: 1 234 567 in French, 1.234.567 in Dutch,
// 1,234,567 in English.
func formatInt(n int64, l string) string {
	sep := map[string]string{"fr": "\u202f", "nl": ".", "en": ","}[l]
	if sep == "" {
		sep = ","
	}
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pageLang picks a page's language: ?lang= (remembered in a cookie), then
// the cookie, then Accept-Language.
func pageLang(c *gin.Context) string {
	if l := c.Query("lang"); isLang(l) {
		c.SetSameSite(http.SameSiteLaxMode)
		c.SetCookie(langCookie, l, 365*24*3600, "/", "", c.GetBool(ctxSecureCookies), true)
		return l
	}
	return lang(c)
}

func isLang(l string) bool {
	for _, code := range langCodes {
		if l == code {
			return true
		}
	}
	return false
}

// langLinks are the language switcher's links for the current page.
type langLink struct {
	Code, Name, URL string
	Current         bool
}

var langNames = map[string]string{"fr": "Français", "nl": "Nederlands", "en": "English"}

func langLinks(c *gin.Context, current string) []langLink {
	return langLinksWith(c, current, c.Request.URL.Query())
}

// langLinksWith are the language links of the current path with query q:
// for a page answering a form, whose URL lacks what the page needs.
func langLinksWith(c *gin.Context, current string, q url.Values) []langLink {
	var out []langLink
	for _, code := range langCodes {
		q.Set("lang", code)
		out = append(out, langLink{Code: code, Name: langNames[code], URL: path.Clean("/"+c.Request.URL.Path) + "?" + q.Encode(), Current: code == current})
	}
	return out
}

// messagesFS is where the catalogues are embedded.
func messagesFS() fs.FS { return web.Locales() }
