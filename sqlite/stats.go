package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// Stats reads one row per postmortem (its durations, outcome, category and
// action-item counts) and computes the figures with hindsight.ComputeStats.
func (db *DB) Stats(ctx context.Context, f hindsight.StatsFilter) (*hindsight.Stats, error) {
	today := f.Today
	if today == "" {
		today = db.now().Format("2006-01-02")
	}
	where := []string{"1"}
	var args []any
	if f.Since != "" {
		where, args = append(where, "p.date >= ?"), append(args, f.Since)
	}
	if f.Until != "" {
		where, args = append(where, "p.date <= ?"), append(args, f.Until)
	}
	if f.Service != "" {
		where, args = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = ?)"), append(args, strings.ToLower(f.Service))
	}
	// The figures of every postmortem, packed by migration 0003, joined
	// into one value inside SQLite: reading values through database/sql
	// costs far more per row than SQLite's own scan.
	var all sql.NullString
	err := db.db.QueryRowContext(ctx, `SELECT group_concat(p.stats_line, char(30)) FROM postmortems p WHERE `+strings.Join(where, " AND "), args...).Scan(&all)
	if err != nil {
		return nil, db.txError(err)
	}
	acc := hindsight.NewStatsAccumulator()
	var sc statsScratch
	for rest := all.String; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\x1e")
		r, err := parseStatsLine(line, today, &sc)
		if err != nil {
			return nil, err
		}
		acc.Add(&r)
	}
	return acc.Stats(), nil
}

// statsLine is the expression migration 0003 packs a postmortem's figures
// with; refreshStats applies it after every change to the row or its items.
const statsLine = `date || char(31) || services || char(31) || category || char(31) || outcome
	|| char(31) || attempted || char(31) || coalesce(ttd, '') || char(31) || coalesce(tdec, '') || char(31)
	|| coalesce(rb, '') || char(31) || coalesce(ttr, '') || char(31) || a_opened || char(31) || a_done
	|| char(31) || a_verified || char(31) || a_wontdo || char(31) || a_open || char(31) || open_dues`

const refreshStats = `UPDATE postmortems SET stats_line = ` + statsLine + ` WHERE pk = ?`

// statsScratch is reused from line to line; the row parseStatsLine returns
// points into it.
type statsScratch struct {
	dur [4]float64
	svc [1]string
}

// parseStatsLine reads a stats_line.
func parseStatsLine(line, today string, sc *statsScratch) (hindsight.StatsRow, error) {
	var r hindsight.StatsRow
	var f [15]string
	dur := sc.dur[:]
	rest := line
	for i := range f {
		var ok bool
		f[i], rest, ok = strings.Cut(rest, "\x1f")
		if !ok && i != len(f)-1 {
			return r, fmt.Errorf("stats line %q: %d fields, want 15 (is the database damaged?)", line, i+1)
		}
	}
	r.Date = f[0]
	if f[1] != "" && !strings.Contains(f[1], "\n") {
		sc.svc[0] = f[1]
		r.Services = sc.svc[:]
	} else if f[1] != "" {
		r.Services = strings.Split(f[1], "\n")
	}
	r.Category, r.Outcome, r.Attempted = hindsight.Category(f[2]), hindsight.Outcome(f[3]), f[4] == "1"
	for i := 0; i < 4; i++ {
		if f[5+i] == "" {
			continue
		}
		v, err := parseFloat(f[5+i])
		if err != nil {
			return r, fmt.Errorf("stats line %q: %w", line, err)
		}
		dur[i] = v
		r.Durations[i] = &dur[i]
	}
	c := &r.Actions
	for i, p := range []*int{&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open} {
		n, err := strconv.Atoi(f[9+i])
		if err != nil && f[9+i] == "" {
			n, err = 0, nil
		}
		if err != nil {
			return r, fmt.Errorf("stats line %q: %w", line, err)
		}
		*p = n
	}
	c.Overdue = hindsight.CountBefore(f[14], today)
	return r, nil
}

// parseFloat reads the decimals SQLite writes for REAL values ("37.0",
// "2.5") without strconv's generality, and anything else with it.
func parseFloat(s string) (float64, error) {
	var whole, frac, scale int64 = 0, 0, 1
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 15; i++ {
		whole = whole*10 + int64(s[i]-'0')
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && scale < 1e12; i++ {
			frac, scale = frac*10+int64(s[i]-'0'), scale*10
		}
	}
	if i != len(s) || i == start {
		return strconv.ParseFloat(s, 64)
	}
	v := float64(whole) + float64(frac)/float64(scale)
	if neg {
		v = -v
	}
	return v, nil
}
