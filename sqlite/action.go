package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
)

const openCond = `a.removed = 0 AND a.status IN ('proposed', 'accepted', 'in_progress')`

// ActionItems lists action items: open ones overdue first (by due date),
// then the rest by due date, then those without one.
func (db *DB) ActionItems(ctx context.Context, f hindsight.ActionFilter) (*hindsight.ActionList, error) {
	today := f.Today
	if today == "" {
		today = db.now().Format("2006-01-02")
	}
	where := []string{}
	var args []any
	if !f.All {
		where = append(where, openCond)
	}
	if f.Postmortem != "" {
		pk, _, err := db.lookup(ctx, db.db, f.Postmortem)
		if err != nil {
			return nil, err
		}
		where, args = append(where, "a.pm = ?"), append(args, pk)
	}
	if f.Owner != "" {
		where, args = append(where, "lower(a.owner) = lower(?)"), append(args, strings.TrimPrefix(f.Owner, "@"))
	}
	if f.Bucket != "" {
		where, args = append(where, "a.bucket = ?"), append(args, f.Bucket)
	}
	if f.Status != "" {
		where, args = append(where, "a.status = ?"), append(args, f.Status)
	}
	if f.Overdue {
		where, args = append(where, openCond+" AND a.due > '' AND a.due < ?"), append(args, today)
	}
	if f.StaleDays > 0 {
		cut := db.now().Add(-time.Duration(f.StaleDays) * 24 * time.Hour)
		where, args = append(where, openCond+" AND a.updated_at <= ?"), append(args, fmtTime(cut))
	}
	cond := "1"
	if len(where) > 0 {
		cond = strings.Join(where, " AND ")
	}
	list := &hindsight.ActionList{}
	var err error
	if len(where) == 1 && !f.All {
		// The default view: every open item. Count from the per-date
		// counts (migration 0002) rather than every item.
		err = db.db.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0), coalesce(sum(n), 0),
			coalesce(sum(CASE WHEN due <> '' AND due < ? THEN n END), 0) FROM open_due_counts`, today).Scan(&list.Total, &list.Open, &list.Overdue)
	} else {
		err = db.db.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(a.removed = 0 AND a.status IN ('proposed', 'accepted', 'in_progress')), 0),
		coalesce(sum(a.removed = 0 AND a.status IN ('proposed', 'accepted', 'in_progress') AND a.due > '' AND a.due < ?), 0)
		FROM action_items a WHERE `+cond, append([]any{today}, args...)...).Scan(&list.Total, &list.Open, &list.Overdue)
	}
	if err != nil {
		return nil, db.txError(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = list.Total
	}
	query := func(extra string, xargs []any, order string) error {
		if len(list.Items) >= limit {
			return nil
		}
		q := `SELECT ` + actionCols + ` FROM action_items a JOIN postmortems p ON p.pk = a.pm WHERE ` + cond + extra +
			` ORDER BY ` + order + ` LIMIT ?`
		rows, err := db.db.QueryContext(ctx, q, append(append(append([]any{}, args...), xargs...), limit-len(list.Items))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanAction(rows)
			if err != nil {
				return err
			}
			list.Items = append(list.Items, a)
		}
		return rows.Err()
	}
	if f.All {
		err = query("", []any{today}, `CASE WHEN `+openCond+` AND a.due > '' AND a.due < ? THEN 0
			WHEN `+openCond+` THEN 1 ELSE 2 END, a.due = '', a.due, a.pk`)
	} else {
		// Three ranges of the open-items index, each in due order.
		err = query(" AND a.due > '' AND a.due < ?", []any{today}, "a.due, a.pk")
		if err == nil {
			err = query(" AND a.due >= ?", []any{today}, "a.due, a.pk")
		}
		if err == nil {
			err = query(" AND a.due = ''", nil, "a.pk")
		}
	}
	if err != nil {
		return nil, db.txError(err)
	}
	return list, nil
}

// ActionItem returns one action item with its status history.
func (db *DB) ActionItem(ctx context.Context, id string) (*hindsight.TrackedAction, error) {
	return db.actionItem(ctx, db.db, id)
}

func (db *DB) actionItem(ctx context.Context, q querier, id string) (*hindsight.TrackedAction, error) {
	n, err := hindsight.ActionNumber(id)
	if err != nil {
		return nil, err
	}
	a, err := scanAction(q.QueryRowContext(ctx, `SELECT `+actionCols+` FROM action_items a JOIN postmortems p ON p.pk = a.pm WHERE a.pk = ?`, n))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no action item %s in the history: see 'hindsight actions --all'", hindsight.ActionID(n))
	} else if err != nil {
		return nil, db.txError(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT from_st, to_st, who, at, note FROM action_changes WHERE item = ? ORDER BY pk`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c := hindsight.StatusChange{ID: a.ID}
		var at string
		if err := rows.Scan(&c.From, &c.To, &c.Who, &at, &c.Note); err != nil {
			return nil, err
		}
		c.At = parseTime(at)
		a.History = append(a.History, c)
	}
	return &a, rows.Err()
}

// SetStatus moves an action item to a new status, checking the transition
// against the status it has inside the same write transaction.
func (db *DB) SetStatus(ctx context.Context, ch *hindsight.StatusChange) (*hindsight.TrackedAction, error) {
	n, err := hindsight.ActionNumber(ch.ID)
	if err != nil {
		return nil, err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.txError(err)
	}
	defer tx.Rollback()
	a, err := db.actionItem(ctx, tx, ch.ID)
	if err != nil {
		return nil, err
	}
	if ch.From != "" && ch.From != a.Status {
		return nil, hindsight.Errorf(hindsight.ECONFLICT, "%s changed meanwhile: it is %s now, not %s; check it with 'hindsight actions show %s' and try again", a.ID, a.Status, ch.From, a.ID)
	}
	if err := hindsight.Transition(a.Status, ch.To, ch.Note); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: a.ID + ": " + err.(*hindsight.Error).Message}
	}
	now := db.now()
	ch.At = now
	r, err := tx.ExecContext(ctx, `UPDATE action_items SET status = ?, note = ?, updated_at = ? WHERE pk = ? AND status = ?`,
		ch.To, ch.Note, fmtTime(now), n, a.Status)
	if err != nil {
		return nil, db.txError(err)
	}
	if k, _ := r.RowsAffected(); k != 1 {
		return nil, hindsight.Errorf(hindsight.ECONFLICT, "%s changed meanwhile; try again", a.ID)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO action_changes (item, from_st, to_st, who, at, note) VALUES (?, ?, ?, ?, ?, ?)`,
		n, a.Status, ch.To, ch.Who, fmtTime(now), ch.Note); err != nil {
		return nil, db.txError(err)
	}
	var pmPK int64
	if err := tx.QueryRowContext(ctx, `SELECT pm FROM action_items WHERE pk = ?`, n).Scan(&pmPK); err != nil {
		return nil, db.txError(err)
	}
	if _, err := tx.ExecContext(ctx, refreshCounts, pmPK); err != nil {
		return nil, db.txError(err)
	}
	if _, err := tx.ExecContext(ctx, refreshStats, pmPK); err != nil {
		return nil, db.txError(err)
	}
	a, err = db.actionItem(ctx, tx, ch.ID)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, db.txError(err)
	}
	return a, nil
}
