// Command hindsight turns a deployment-postmortem board into a structured,
// blameless postmortem. Run "hindsight help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/hindsight-dev/hindsight"
)

// Exit statuses, documented in the help text.
const (
	exitOK      = 0
	exitFailure = 1 // the input could not be used, or the work failed
	exitUsage   = 2 // the command line was wrong
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// run runs one hindsight command and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdin, stdout, stderr)
	if err == nil {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "hindsight: %s\nRun 'hindsight help' for usage.\n", ue.msg)
		return exitUsage
	}
	if errors.Is(err, errHelpShown) {
		return exitOK
	}
	if errors.Is(err, errFindings) {
		return exitFailure // the findings are the message
	}
	fmt.Fprintf(stderr, "hindsight: %s\n", err)
	if hindsight.ErrorCode(err) == hindsight.EINTERNAL && !errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "This looks like a bug in hindsight; please report it with the input that caused it.")
	}
	return exitFailure
}

// errHelpShown ends a command whose -h flag printed its help.
var errHelpShown = errors.New("help shown")

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usagef("no command given")
	}
	switch args[0] {
	case "snap":
		return (&snapCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "save":
		return (&saveCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "list":
		return (&listCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "show":
		return (&showCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "search":
		return (&searchCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "actions":
		return (&actionsCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "stats":
		return (&statsCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "import":
		return (&importCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "export":
		return (&exportCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "db":
		return (&dbCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "serve":
		return (&serveCommand{stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "users":
		return (&usersCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "read":
		return (&readCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "render":
		return (&renderCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "lint":
		return (&lintCommand{stdin: stdin, stdout: stdout, stderr: stderr}).Run(ctx, args[1:])
	case "templates":
		return templatesCommand(args[1:], stdout)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "hindsight %s\n", versionString())
		return nil
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			return dispatch(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	return usagef("unknown command %q", args[0])
}

const usage = `Hindsight turns a deployment-postmortem board into a structured, blameless
postmortem: two timelines split at the rollback decision, the deploy failure,
the rollback analysed as its own failure, the trust gap, action items in two
buckets, a runbook checklist, and [UNVERIFIED] on what the notes do not support.

Usage:
  hindsight snap [flags] BOARD     board → postmortem (Markdown on stdout); a board
                                   is typed notes, Markdown, an HTML postmortem or a
                                   photo of the whiteboard (JPEG, PNG, HEIC)
  hindsight read BOARD             just the board's text, in reading order, to check
  hindsight render [flags] DOC     a document as HTML, for stakeholders, or in
                                   another template
  hindsight lint FILE...           what is missing or wrong, with line numbers
                                   (exit 1 on errors, for CI)
  hindsight templates              the document templates

History (SQLite in $XDG_DATA_HOME/hindsight/, or --db / HINDSIGHT_DB,
a file or a postgres:// DSN):
  hindsight save FILE...           save postmortems (a new revision when edited)
  hindsight list [--since 90d]     postmortems in the history, newest first
  hindsight show ID                one postmortem, with its action items
  hindsight search WORDS...        full-text search
  hindsight actions                open action items, overdue first
  hindsight actions done|verify|... ID   move an action item along
  hindsight stats                  durations, rollback outcomes, causes, trends
  hindsight import DIR|FILE...     import existing postmortems, each whole
  hindsight export [--format md]   everything out, with action-item statuses
  hindsight db                     where the history is, what it holds

Web app (docs/web.md):
  hindsight serve [--addr A]       the web app and JSON API (default 127.0.0.1:8080)
  hindsight users add NAME --role viewer|editor|admin   accounts for it

  hindsight version                print the version
  hindsight help [COMMAND]         this help, or a command's

Examples:
  hindsight snap board.txt                   Markdown postmortem on stdout
  hindsight snap board.txt -o pm.md          ... into a file
  hindsight snap --format json board.md      the JSON contract (docs/json.md)
  cat board.txt | hindsight snap -           read the board from stdin
  hindsight snap --date 2026-11-20 board.txt date for times written without one
  hindsight snap --template database board.txt

The edit loop:
  hindsight snap board.txt -o pm.md; $EDITOR pm.md; hindsight lint pm.md
  hindsight render pm.md --format html -o pm.html
  hindsight render pm.md --audience stakeholder -o summary.md

A board is typed notes or Markdown ("14:32 — initiated rollback" lines, sections
such as Timeline, What broke, Rollback, Action items), or an existing
postmortem in Markdown or HTML. See docs/notes-format.md.

Exit status: 0 on success, 1 when the board cannot be used or the work fails
(the message says why and what to do), 2 when the command line is wrong.
`
