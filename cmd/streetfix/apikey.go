package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"streetfix/db"
)

// apikey creates, lists and revokes integration keys. "create" prints the
// new key as its last line, so scripts can take it with tail -n 1.
func apikey(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("apikey: say create, list or revoke")
	}
	action, args := args[0], args[1:]
	fs, cfg := adminFlags("apikey "+action, stderr)
	var name, scopes, bodies string
	var id int64
	switch action {
	case "create":
		fs.StringVar(&name, "name", "", "who the key is for, e.g. \"City of Brussels back office\"")
		fs.StringVar(&scopes, "scope", db.DefaultScope, "comma-separated scopes: "+strings.Join(db.Scopes, ", "))
		fs.StringVar(&bodies, "body", "", "comma-separated bodies whose reports the key acts on, e.g. commune-21009 (default: every body)")
	case "revoke":
		fs.Int64Var(&id, "id", 0, "id of the key to revoke (see apikey list)")
	case "list":
	default:
		return fmt.Errorf("apikey: unknown action %q: say create, list or revoke", action)
	}
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	store, err := openAdminStore(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	switch action {
	case "create":
		list := func(s string) []string {
			return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
		}
		key, k, err := store.CreateAPIKey(ctx, name, list(scopes), list(bodies)...)
		if err != nil {
			return err
		}
		covers := "every body"
		if len(k.Bodies) > 0 {
			covers = "bodies " + strings.Join(k.Bodies, ", ")
		} else {
			fmt.Fprintln(stderr, "warning: this key acts on the reports of every body; give it --body (e.g. --body commune-21009) to limit it to some")
		}
		fmt.Fprintf(stdout, "created key %d for %q with scopes %s for %s; store it now, it is not shown again:\n", k.ID, k.Name, k.Scopes, covers)
		fmt.Fprintln(stdout, key)
	case "revoke":
		if err := store.RevokeAPIKey(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "revoked key %d\n", id)
	case "list":
		keys, err := store.APIKeys(ctx)
		if err != nil {
			return err
		}
		for _, k := range keys {
			state := "active"
			if !k.RevokedAt.IsZero() {
				state = "revoked " + k.RevokedAt.Format("2006-01-02")
			}
			covers := "every body"
			if len(k.Bodies) > 0 {
				covers = strings.Join(k.Bodies, ",")
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\tcreated %s\t%s\n", k.ID, k.Name, k.Scopes, covers, k.CreatedAt.Format("2006-01-02"), state)
		}
	}
	return nil
}
