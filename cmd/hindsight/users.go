package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/web"
)

// usersCommand is "hindsight users": the web app's accounts.
type usersCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

const usersUsage = `Usage: hindsight users COMMAND [flags]

The web app's accounts (hindsight serve), kept in the history's database.

Commands:
  add NAME --role viewer|editor|admin   add a user, or change one's role and
                                        password (asked for, or the first
                                        line of standard input)
  list                                  the users and their roles
  remove NAME                           remove a user, their sessions and tokens
  token NAME [--label TEXT]             a new API token for NAME (printed once)

Flags:
      --role ROLE     viewer (reads), editor (also writes), admin (also users)
      --label TEXT    what a token is for
` + storeFlagsUsage

// Run runs one users command.
func (c *usersCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("users")
	var sf storeFlags
	sf.register(fs)
	var role, label string
	fs.StringVar(&role, "role", "", "")
	fs.StringVar(&label, "label", "", "")
	pos, err := parseFlags(fs, args, c.stdout, usersUsage)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("users: name a command: add, list, remove or token")
	}
	cmd, rest := pos[0], pos[1:]
	need := map[string]int{"add": 1, "list": 0, "remove": 1, "token": 1}
	n, ok := need[cmd]
	if !ok {
		return usagef("users: unknown command %q: use add, list, remove or token", cmd)
	}
	if len(rest) != n {
		return usagef("users %s: want %d argument(s), got %d", cmd, n, len(rest))
	}
	if cmd == "add" {
		if !hindsight.Role(role).Valid() {
			return usagef("users add: --role viewer, editor or admin")
		}
		if err := hindsight.ValidUserName(rest[0]); err != nil {
			return usagef("users add: %s", err)
		}
	}
	var password string
	if cmd == "add" {
		if password, err = c.readPassword(rest[0]); err != nil {
			return err
		}
	}
	st, _, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	as, ok := st.(hindsight.AuthStore)
	if !ok {
		return hindsight.Errorf(hindsight.EINTERNAL, "this store keeps no users")
	}
	switch cmd {
	case "add":
		hash, err := web.HashPassword(password)
		if err != nil {
			return err
		}
		_, _, existed := as.User(ctx, rest[0])
		if err := as.PutUser(ctx, &hindsight.User{Name: rest[0], Role: hindsight.Role(role)}, hash); err != nil {
			return err
		}
		verb := "added"
		if existed == nil {
			verb = "updated"
		}
		fmt.Fprintf(c.stdout, "%s %s (%s)\n", verb, rest[0], role)
	case "list":
		us, err := as.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tSINCE")
		for _, u := range us {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.Created.Format("2006-01-02"))
		}
		tw.Flush()
	case "remove":
		if err := as.DeleteUser(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "removed %s\n", rest[0])
	case "token":
		if _, _, err := as.User(ctx, rest[0]); err != nil {
			return err
		}
		secret, hash := hindsight.NewSecret("hs_")
		if err := as.PutCredential(ctx, &hindsight.Credential{Hash: hash, Kind: hindsight.CredToken, User: rest[0], Label: label, Created: clock()}); err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, secret)
		fmt.Fprintf(c.stderr, "a token for %s: send it as Authorization: Bearer TOKEN; it is shown only now\n", rest[0])
	}
	return nil
}

// readPassword asks for a password twice on a terminal, or reads the first
// line of standard input.
func (c *usersCommand) readPassword(name string) (string, error) {
	if f, ok := c.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(c.stderr, "password for %s: ", name)
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(c.stderr, "again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(c.stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", hindsight.Errorf(hindsight.EINVALID, "the passwords differ; nothing was changed")
		}
		return string(a), nil
	}
	line, err := bufio.NewReader(c.stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", hindsight.Errorf(hindsight.EINVALID, "no password given: type it when asked, or pipe it on standard input")
	}
	return pw, nil
}
