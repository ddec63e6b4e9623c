package main

import (
	"flag"
	"strings"

	"streetfix/notify"
)

// notifyFlags are the serve command's settings for emails and webhooks.
func notifyFlags(fs *flag.FlagSet, c *notify.Config) {
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "absolute URL of the service as the public reaches it: every absolute link (emails, feeds, Open311, exports) starts with it")
	fs.StringVar(&c.From, "mail-from", c.From, "sender of every email")
	fs.StringVar(&c.SMTPHost, "smtp-host", c.SMTPHost, "SMTP server (empty: emails are logged and kept on /staff/notify, not sent)")
	fs.IntVar(&c.SMTPPort, "smtp-port", c.SMTPPort, "SMTP port")
	fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "SMTP user name (empty: no authentication)")
	fs.StringVar(&c.SMTPPassword, "smtp-password", c.SMTPPassword, "SMTP password (prefer STREETFIX_SMTP_PASSWORD: flags show in ps)")
	fs.StringVar(&c.SMTPSecurity, "smtp-security", c.SMTPSecurity, "none, starttls or tls")
	fs.DurationVar(&c.SMTPTimeout, "smtp-timeout", c.SMTPTimeout, "longest one email's SMTP conversation may take, connecting included; then it is retried later")
	fs.DurationVar(&c.WebhookTimeout, "webhook-timeout", c.WebhookTimeout, "longest one webhook call may take, answer included; then it is retried later")
	fs.StringVar(&c.BodyLangs, "body-langs", c.BodyLangs, "languages of the emails to bodies that set none, comma-separated")
	fs.IntVar(&c.MaxAttempts, "notify-max-attempts", c.MaxAttempts, "delivery attempts before a message is dead")
	fs.DurationVar(&c.BackoffBase, "notify-backoff", c.BackoffBase, "delay before the first retry; doubled for each next one")
	fs.IntVar(&c.DigestHour, "digest-hour", c.DigestHour, "hour (UTC) when daily digests are sent")
	fs.IntVar(&c.MaxSubscriptions, "max-subscriptions", c.MaxSubscriptions, "subscriptions one email address may hold")
	fs.Func("webhook-allow-hosts", "comma-separated webhook hosts (as written in their URLs) that may be on loopback, private or link-local addresses; every other host is refused those", func(v string) error {
		c.WebhookAllowHosts = strings.Split(v, ",")
		return nil
	})
	fs.IntVar(&c.ConfirmationsPerDay, "confirmations-per-day", c.ConfirmationsPerDay, "report confirmations one email address receives in 24 hours (0: no cap)")
	fs.DurationVar(&c.QuestionnaireAfter, "questionnaire-after", c.QuestionnaireAfter,
		"ask reporters whether their report is fixed this long after it was acknowledged, if still open (0: never)")
}
