package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/snap"
)

const readUsage = `Usage: hindsight read [flags] BOARD

Prints the text of a board in reading order (columns left to right, lines
top to bottom), for review before snapping. Lines the reader is unsure of end
in " (?)": check them against the board, fix or delete the mark, then snap
the text. A mark left in place shows as [UNVERIFIED] in the postmortem.

  hindsight read board.jpg > board.txt
  $EDITOR board.txt
  hindsight snap board.txt

Flags:
  -o, --output FILE   write to FILE instead of standard output
`

type readCommand struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (c *readCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("read")
	var out string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&out, "output", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return flagError("read", err, c.stdout, readUsage)
	}
	if len(pos) != 1 {
		return usagef("read: give one board (got %d)", len(pos))
	}
	if sameFile(out, pos[0]) {
		return usagef("read: -o %s would overwrite the board itself", out)
	}
	b, err := snap.ReadBoard(ctx, pos[0], c.stdin, readOptions(c.stderr))
	if err != nil {
		return err
	}
	var sb strings.Builder
	var prev *board.Rect // the last block with a position
	for _, bl := range b.Blocks {
		// A line up and to the right of the one before starts a new column:
		// a blank line keeps columns apart, as on the board.
		if bl.Pos != nil && prev != nil && bl.Pos.X > prev.X+prev.W && bl.Pos.Y < prev.Y {
			sb.WriteString("\n")
		}
		if bl.Pos != nil {
			prev = bl.Pos
		}
		sb.WriteString(bl.Text)
		if bl.Uncertain {
			sb.WriteString(" (?)")
		}
		sb.WriteString("\n")
	}
	return output(c.stdout, c.stderr, out, []byte(sb.String()))
}

// slowWork returns a function that tells the user about slow work.
func slowWork(stderr io.Writer) func(string) {
	return func(msg string) { fmt.Fprintln(stderr, msg) }
}
