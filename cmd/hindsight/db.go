package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/sqlite"
)

// clock is the time the history commands run at; tests set it.
var clock = time.Now

// storeFlags are the flags every history command takes.
type storeFlags struct {
	db string // --db PATH|DSN
	as string // --as WHO
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.db, "db", "", "")
	fs.StringVar(&f.as, "as", "", "")
}

const storeFlagsUsage = `      --db PATH|DSN   the history: a SQLite file, or a postgres:// DSN
                      (default $HINDSIGHT_DB, else
                      $XDG_DATA_HOME/hindsight/history.db)
      --as NAME       who makes the change (default $HINDSIGHT_USER, else $USER)
`

// who is the person a change is recorded under.
func (f *storeFlags) who() string {
	for _, s := range []string{f.as, os.Getenv("HINDSIGHT_USER"), os.Getenv("USER")} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return "unknown"
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// location returns the database the flags name: --db, $HINDSIGHT_DB, or
// the default file in the user's data directory.
func (f *storeFlags) location() (string, error) {
	if f.db != "" {
		return f.db, nil
	}
	if s := os.Getenv("HINDSIGHT_DB"); s != "" {
		return s, nil
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil || home == "" {
			return "", hindsight.Errorf(hindsight.EINVALID, "no home directory to keep the history in: set HINDSIGHT_DB or use --db PATH")
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "hindsight", "history.db"), nil
}

// open opens the history the flags name, its clock set to clock.
func (f *storeFlags) open(ctx context.Context) (hindsight.Store, string, error) {
	loc, err := f.location()
	if err != nil {
		return nil, "", err
	}
	if isPostgres(loc) {
		db, err := postgres.Open(ctx, loc)
		if err != nil {
			return nil, "", err
		}
		db.Now = clock
		return db, redactDSN(loc), nil
	}
	if strings.Contains(loc, "://") {
		return nil, "", usagef("--db %s: use a file path, or a postgres:// DSN", redactDSN(loc))
	}
	db, err := sqlite.Open(ctx, loc)
	if err != nil {
		return nil, "", err
	}
	db.Now = clock
	return db, loc, nil
}

func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// parseFlags parses flags and positional arguments in any order, turning
// -h into the command's help and other mistakes into usage errors.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer, help string) ([]string, error) {
	fs.SetOutput(io.Discard)
	pos, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, help)
		return nil, errHelpShown
	} else if err != nil {
		return nil, usagef("%s: %v", fs.Name(), err)
	}
	return pos, nil
}

// parseRange reads the --since and --until flags (parseSince), as of now.
func parseRange(since, until string) (from, to string, err error) {
	now := clock()
	if from, err = parseSince(since, now); err != nil {
		return "", "", err
	}
	to, err = parseSince(until, now)
	return from, to, err
}

// parseSince reads "90d", "12w", "6m" (before today) or a YYYY-MM-DD date.
func parseSince(s string, now time.Time) (string, error) {
	if s == "" {
		return "", nil
	}
	if _, err := time.Parse("2006-01-02", s); err == nil {
		return s, nil
	}
	if len(s) >= 2 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n >= 0 {
			switch s[len(s)-1] {
			case 'd':
				return now.AddDate(0, 0, -n).Format("2006-01-02"), nil
			case 'w':
				return now.AddDate(0, 0, -7*n).Format("2006-01-02"), nil
			case 'm':
				return now.AddDate(0, -n, 0).Format("2006-01-02"), nil
			case 'y':
				return now.AddDate(-n, 0, 0).Format("2006-01-02"), nil
			}
		}
	}
	return "", usagef("%q is not a date: use YYYY-MM-DD, or a span back from today such as 90d, 12w, 6m", s)
}

// dbCommand is "hindsight db": where the history is and what it holds.
type dbCommand struct {
	stdout, stderr io.Writer
}

const dbUsage = `Usage: hindsight db [flags]

Opens the history (creating it and bringing its schema up to date) and
says where it is and what it holds.

Flags:
` + storeFlagsUsage

// Run opens the history and describes it.
func (c *dbCommand) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("db", flag.ContinueOnError)
	var sf storeFlags
	sf.register(fs)
	pos, err := parseFlags(fs, args, c.stdout, dbUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("db: unexpected argument %q", pos[0])
	}
	s, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	pms, err := s.Postmortems(ctx, hindsight.PostmortemFilter{})
	if err != nil {
		return err
	}
	acts, err := s.ActionItems(ctx, hindsight.ActionFilter{All: true, Limit: 1, Today: clock().Format("2006-01-02")})
	if err != nil {
		return err
	}
	kind, version := "SQLite", sqlite.SchemaVersion()
	if isPostgres(where) {
		kind, version = "PostgreSQL", postgres.SchemaVersion()
	}
	fmt.Fprintf(c.stdout, "history: %s (%s, schema %d)\npostmortems: %d\naction items: %d (%d open, %d overdue)\n",
		where, kind, version, len(pms), acts.Total, acts.Open, acts.Overdue)
	return nil
}
