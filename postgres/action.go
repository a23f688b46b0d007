package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
)

const openCond = `NOT a.removed AND a.status IN ('proposed', 'accepted', 'in_progress')`

// ActionItems lists action items: open ones overdue first (by due date),
// then the rest by due date, then those without one.
func (db *DB) ActionItems(ctx context.Context, f hindsight.ActionFilter) (*hindsight.ActionList, error) {
	today := f.Today
	if today == "" {
		today = db.now().Format("2006-01-02")
	}
	var a args
	todayArg := a.add(today)
	where := []string{todayArg + "::text IS NOT NULL"} // every query names $1
	if !f.All {
		where = append(where, openCond)
	}
	if f.Postmortem != "" {
		pk, _, err := lookup(ctx, db.pool, f.Postmortem)
		if err != nil {
			return nil, err
		}
		where = append(where, "a.pm = "+a.add(pk))
	}
	if f.Owner != "" {
		where = append(where, "lower(a.owner) = lower("+a.add(strings.TrimPrefix(f.Owner, "@"))+")")
	}
	if f.Bucket != "" {
		where = append(where, "a.bucket = "+a.add(string(f.Bucket)))
	}
	if f.Status != "" {
		where = append(where, "a.status = "+a.add(string(f.Status)))
	}
	if f.Overdue {
		where = append(where, openCond+" AND a.due > '' AND a.due < "+todayArg)
	}
	if f.StaleDays > 0 {
		where = append(where, openCond+" AND a.updated_at <= "+a.add(db.now().Add(-time.Duration(f.StaleDays)*24*time.Hour)))
	}
	cond := strings.Join(where, " AND ")
	list := &hindsight.ActionList{}
	var err error
	if len(where) == 2 && !f.All {
		// The default view: every open item. Count from the per-date
		// counts (migration 0003) rather than every item.
		err = db.pool.QueryRow(ctx, `SELECT coalesce(sum(n), 0), coalesce(sum(n) FILTER (WHERE due > '' AND due < $1), 0)
			FROM open_due_counts`, today).Scan(&list.Total, &list.Overdue)
		list.Open = list.Total
	} else {
		err = db.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE `+openCond+`),
		count(*) FILTER (WHERE `+openCond+` AND a.due > '' AND a.due < `+todayArg+`)
		FROM action_items a WHERE `+cond, a.v...).Scan(&list.Total, &list.Open, &list.Overdue)
	}
	if err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = list.Total
	}
	query := func(extra, order string) error {
		if len(list.Items) >= limit {
			return nil
		}
		q := `SELECT ` + actionCols + ` FROM action_items a JOIN postmortems p ON p.pk = a.pm WHERE ` + cond + extra +
			` ORDER BY ` + order + ` LIMIT ` + strconv.Itoa(limit-len(list.Items))
		rows, err := db.pool.Query(ctx, q, a.v...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scanAction(rows)
			if err != nil {
				return err
			}
			list.Items = append(list.Items, it)
		}
		return rows.Err()
	}
	if f.All {
		err = query("", `CASE WHEN `+openCond+` AND a.due > '' AND a.due < `+todayArg+` THEN 0
			WHEN `+openCond+` THEN 1 ELSE 2 END, a.due = '', a.due, a.pk`)
	} else {
		err = query(" AND a.due > '' AND a.due < "+todayArg, "a.due, a.pk")
		if err == nil {
			err = query(" AND a.due >= "+todayArg, "a.due, a.pk")
		}
		if err == nil {
			err = query(" AND a.due = ''", "a.pk")
		}
	}
	if err != nil {
		return nil, err
	}
	return list, nil
}

// ActionItem returns one action item with its status history.
func (db *DB) ActionItem(ctx context.Context, id string) (*hindsight.TrackedAction, error) {
	return actionItem(ctx, db.pool, id, false)
}

func actionItem(ctx context.Context, q querier, id string, lock bool) (*hindsight.TrackedAction, error) {
	n, err := hindsight.ActionNumber(id)
	if err != nil {
		return nil, err
	}
	forUpdate := ""
	if lock {
		forUpdate = " FOR UPDATE OF a"
	}
	a, err := scanAction(q.QueryRow(ctx, `SELECT `+actionCols+` FROM action_items a JOIN postmortems p ON p.pk = a.pm WHERE a.pk = $1`+forUpdate, n))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no action item %s in the history: see 'hindsight actions --all'", hindsight.ActionID(n))
	} else if err != nil {
		return nil, err
	}
	rows, err := q.Query(ctx, `SELECT from_st, to_st, who, at, note FROM action_changes WHERE item = $1 ORDER BY pk`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c := hindsight.StatusChange{ID: a.ID}
		var from, to string
		if err := rows.Scan(&from, &to, &c.Who, &c.At, &c.Note); err != nil {
			return nil, err
		}
		c.From, c.To, c.At = hindsight.Status(from), hindsight.Status(to), c.At.UTC()
		a.History = append(a.History, c)
	}
	return &a, rows.Err()
}

// SetStatus moves an action item to a new status; the item's row is locked
// while the transition is checked and written.
func (db *DB) SetStatus(ctx context.Context, ch *hindsight.StatusChange) (*hindsight.TrackedAction, error) {
	n, err := hindsight.ActionNumber(ch.ID)
	if err != nil {
		return nil, err
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	// Lock in the order Save does, the postmortem's row before its items,
	// so the two never wait on each other in a cycle.
	if _, err := tx.Exec(ctx, `SELECT p.pk FROM postmortems p JOIN action_items a ON a.pm = p.pk WHERE a.pk = $1 FOR UPDATE OF p`, n); err != nil {
		return nil, err
	}
	a, err := actionItem(ctx, tx, ch.ID, true)
	if err != nil {
		return nil, err
	}
	if ch.From != "" && ch.From != a.Status {
		return nil, hindsight.Errorf(hindsight.ECONFLICT, "%s changed meanwhile: it is %s now, not %s; check it with 'hindsight actions show %s' and try again", a.ID, a.Status, ch.From, a.ID)
	}
	if err := hindsight.Transition(a.Status, ch.To, ch.Note); err != nil {
		var he *hindsight.Error
		errors.As(err, &he)
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: a.ID + ": " + he.Message}
	}
	now := db.now()
	ch.At = now
	if _, err := tx.Exec(ctx, `UPDATE action_items SET status = $1, note = $2, updated_at = $3 WHERE pk = $4`, string(ch.To), ch.Note, now, n); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO action_changes (item, from_st, to_st, who, at, note) VALUES ($1, $2, $3, $4, $5, $6)`,
		n, string(a.Status), string(ch.To), ch.Who, now, ch.Note); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, strings.Replace(refreshCounts, "$1::bigint[]", "ARRAY(SELECT pm FROM action_items WHERE pk = $1)", 1), n); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, strings.Replace(refreshStats, "$1::bigint[]", "ARRAY(SELECT pm FROM action_items WHERE pk = $1)", 1), n); err != nil {
		return nil, err
	}
	deltas := map[string]int{}
	if a.Status.Open() && !a.Removed {
		deltas[a.Due]--
	}
	if ch.To.Open() && !a.Removed {
		deltas[a.Due]++
	}
	batch := &pgx.Batch{}
	queueDueCounts(batch, deltas)
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return nil, err
	}
	a, err = actionItem(ctx, tx, ch.ID, false)
	if err != nil {
		return nil, err
	}
	return a, tx.Commit(ctx)
}
