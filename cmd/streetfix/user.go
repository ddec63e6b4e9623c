package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"streetfix/account"
	"streetfix/db"
)

// stdin is where --password-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

// user creates and lists staff accounts. The password is read from
// standard input so it never appears in the process list or shell history.
func user(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("user: say create or list")
	}
	action, args := args[0], args[1:]
	fs, cfg := adminFlags("user "+action, stderr)
	var nu db.NewUser
	var bodies string
	var fromStdin bool
	switch action {
	case "create":
		fs.StringVar(&nu.Email, "email", "", "the account's email address, used to sign in")
		fs.StringVar(&nu.Name, "name", "", "the person's name")
		fs.StringVar(&nu.Role, "role", "", "one of "+strings.Join(account.Roles, ", "))
		fs.StringVar(&bodies, "body", "", "comma-separated body codes a staff account works for (see /api/v1/areas and bodies.csv)")
		fs.StringVar(&nu.Lang, "lang", "fr", "the account's language: fr, nl or en")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input (required)")
	case "list":
	default:
		return fmt.Errorf("user: unknown action %q: say create or list", action)
	}
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	if action == "create" {
		if !fromStdin {
			return errors.New("user create: give the password on standard input with --password-stdin")
		}
		line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("user create: read password: %w", err)
		}
		nu.Password = strings.TrimRight(line, "\r\n")
		if err := account.CheckPasswordRules(nu.Password); err != nil {
			return fmt.Errorf("user create: %w", err)
		}
		for _, b := range strings.Split(bodies, ",") {
			if b = strings.TrimSpace(b); b != "" {
				nu.Bodies = append(nu.Bodies, b)
			}
		}
	}
	store, err := openAdminStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	if action == "create" {
		// The audit log says the account came from the command line.
		u, err := store.CreateUser(ctx, nu, db.AuditEntry{Actor: "cli"})
		if err != nil {
			return fmt.Errorf("user create: %w", err)
		}
		fmt.Fprintf(stdout, "created %s account %d for %s", u.Role, u.ID, u.Email)
		if len(u.Bodies) > 0 {
			fmt.Fprintf(stdout, " (bodies: %s)", strings.Join(u.Bodies, ", "))
		}
		fmt.Fprintln(stdout)
		return nil
	}
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tEMAIL\tROLE\tBODIES\tDISABLED")
	for _, u := range users {
		disabled := ""
		if !u.DisabledAt.IsZero() {
			disabled = u.DisabledAt.Format("2006-01-02")
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, strings.Join(u.Bodies, ","), disabled)
	}
	return w.Flush()
}
