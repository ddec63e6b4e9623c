package main

import (
	"context"
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"streetfix/app"
)

// The SMTP settings come from STREETFIX_SMTP_* like every other flag, and
// ones that cannot work stop the service before it starts.
func TestNotifyFlags(t *testing.T) {
	env := map[string]string{"STREETFIX_SMTP_HOST": "mail.example.org", "STREETFIX_SMTP_PORT": "465",
		"STREETFIX_SMTP_SECURITY": "tls", "STREETFIX_SMTP_PASSWORD": "from-env", "STREETFIX_BASE_URL": "https://fix.example.org",
		"STREETFIX_QUESTIONNAIRE_AFTER": "336h"}
	cfg := app.DefaultConfig()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	notifyFlags(fs, &cfg.Notify)
	if err := parseFlags(fs, []string{"--smtp-user", "streetfix"}, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	n := cfg.Notify
	if n.SMTPHost != "mail.example.org" || n.SMTPPort != 465 || n.SMTPSecurity != "tls" || n.SMTPUser != "streetfix" ||
		n.SMTPPassword != "from-env" || n.BaseURL != "https://fix.example.org" || n.QuestionnaireAfter != 14*24*time.Hour {
		t.Errorf("notify configuration %+v", n)
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("valid configuration refused: %v", err)
	}
	for _, args := range [][]string{
		{"serve", "--smtp-security", "ssl"},
		{"serve", "--base-url", "fix.example.org"},
		{"serve", "--mail-from", "not an address"},
		{"serve", "--body-langs", "fr,de"},
		{"serve", "--notify-max-attempts", "0"},
		{"serve", "--digest-hour", "24"},
		{"serve", "--questionnaire-after", "-1h"},
	} {
		err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "configuration") {
			t.Errorf("run %v: %v, want a configuration error", args, err)
		}
	}
}
