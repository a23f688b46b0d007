package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// Save stores a postmortem, or a new revision of it, in one transaction.
func (db *DB) Save(ctx context.Context, req *hindsight.SaveRequest) (*hindsight.SaveResult, error) {
	if req == nil || req.Postmortem == nil {
		return nil, hindsight.Errorf(hindsight.EINVALID, "no postmortem to save")
	}
	tx, err := db.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: one writer at a time
	if err != nil {
		return nil, db.txError(err)
	}
	defer tx.Rollback()
	var fts ftsRows
	res, err := db.save(ctx, tx, req, &fts)
	if err != nil {
		return nil, err
	}
	if err := fts.write(ctx, db, tx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, db.txError(err)
	}
	return res, nil
}

// SaveAll saves reqs in order in one transaction (hindsight.Store).
func (db *DB) SaveAll(ctx context.Context, reqs []*hindsight.SaveRequest) ([]*hindsight.SaveResult, error) {
	for i, r := range reqs {
		if r == nil || r.Postmortem == nil {
			return nil, &hindsight.BatchError{Index: i, Err: hindsight.Errorf(hindsight.EINVALID, "no postmortem to save")}
		}
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, db.txError(err)
	}
	defer tx.Rollback()
	out := make([]*hindsight.SaveResult, len(reqs))
	var fts ftsRows
	for i, r := range reqs {
		if out[i], err = db.save(ctx, tx, r, &fts); err != nil {
			return nil, &hindsight.BatchError{Index: i, Err: err}
		}
		if fts.bytes > ftsFlush {
			if err := fts.write(ctx, db, tx); err != nil {
				return nil, err
			}
		}
	}
	if err := fts.write(ctx, db, tx); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, db.txError(err)
	}
	return out, nil
}

func (db *DB) txError(err error) error {
	if isCorrupt(err) {
		return corrupt(db.path, err)
	}
	return err
}

type current struct {
	pk       int64
	id       string
	revision int
	hash     string
	source   string
	// seen is set when an earlier revision has the content being saved:
	// a file imported before and edited since is already in the history.
	seen bool
}

// statusesHad returns, for the items ids (of existing), every status each
// has been in: its current one and those of its changes.
func (db *DB) statusesHad(ctx context.Context, tx *sql.Tx, existing []hindsight.TrackedAction, ids []string) (map[string][]hindsight.Status, error) {
	out, pks := hindsight.CurrentStatuses(existing, ids)
	js, err := json.Marshal(pks)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT item, from_st, to_st FROM action_changes WHERE item IN (SELECT value FROM json_each(?))`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var from, to hindsight.Status
		if err := rows.Scan(&item, &from, &to); err != nil {
			return nil, err
		}
		id := hindsight.ActionID(item)
		out[id] = append(out[id], from, to)
	}
	return out, rows.Err()
}

// ftsRows are the full-text rows of the postmortems a transaction saves,
// written in one statement before it commits: FTS5 flushes its pending
// terms to disk at every later statement of the transaction, so a row
// inserted per postmortem would cost a flush per postmortem in a batch.
type ftsRows struct {
	rows  [][3]any // rowid, title, body
	at    map[int64]int
	bytes int // about what the rows hold, to write them before they grow large
}

// ftsFlush is how much text ftsRows holds before a batch writes them, well
// under SQLite's limit on one value (the rows go as one JSON text).
const ftsFlush = 64 << 20

// add adds or replaces the row of the postmortem pk.
func (f *ftsRows) add(pk int64, title, body string) {
	f.bytes += len(title) + len(body)
	if i, ok := f.at[pk]; ok {
		f.rows[i] = [3]any{pk, title, body}
		return
	}
	if f.at == nil {
		f.at = map[int64]int{}
	}
	f.at[pk] = len(f.rows)
	f.rows = append(f.rows, [3]any{pk, title, body})
}

// write inserts the rows and empties f.
func (f *ftsRows) write(ctx context.Context, db *DB, tx *sql.Tx) error {
	if len(f.rows) == 0 {
		return nil
	}
	js, err := json.Marshal(f.rows)
	if err != nil {
		return err
	}
	*f = ftsRows{}
	_, err = db.exec(ctx, tx, `INSERT INTO postmortem_fts (rowid, title, body)
		SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)`, string(js))
	return err
}

func (db *DB) save(ctx context.Context, tx *sql.Tx, req *hindsight.SaveRequest, fts *ftsRows) (*hindsight.SaveResult, error) {
	pm := *req.Postmortem
	pm.ActionItems = append([]hindsight.ActionItem(nil), req.Postmortem.ActionItems...)
	hash := req.Hash
	if hash == "" {
		hash = hindsight.ContentHash(&pm, req.Source)
	}
	now := db.now()
	cur, err := db.resolve(ctx, tx, &pm, req, hash)
	if err != nil {
		return nil, err
	}
	res := &hindsight.SaveResult{ID: pm.ID}
	rev := 1
	if cur != nil {
		if req.Base > cur.revision {
			return nil, hindsight.Errorf(hindsight.EINVALID, "postmortem %s has no revision %d: it is at revision %d (see hindsight show --revisions %s)",
				cur.id, req.Base, cur.revision, cur.id)
		}
		if req.Base > 0 && req.Base != cur.revision {
			return nil, hindsight.ConflictError(cur.id, req.Base, cur.revision)
		}
		if cur.hash == hash || cur.seen {
			res.Revision, res.Unchanged = cur.revision, true
			res.Actions, err = db.actionsOf(ctx, tx, cur.pk, false)
			return res, err
		}
		rev = cur.revision + 1
	} else {
		if req.Base > 0 {
			return nil, hindsight.Errorf(hindsight.ECONFLICT, "postmortem %s does not exist, but the save names revision %d as its base: was it deleted, or saved under another ID?", pm.ID, req.Base)
		}
		r, err := db.exec(ctx, tx, `INSERT INTO postmortems (id, source_name, title, revision, created_at, updated_at)
			VALUES (?, ?, ?, 0, ?, ?)`, pm.ID, req.SourceName, pm.Title, fmtTime(now), fmtTime(now))
		if err != nil {
			return nil, err
		}
		pk, _ := r.LastInsertId()
		cur = &current{pk: pk, id: pm.ID}
		res.Created = true
	}
	res.Revision = rev

	// Action items: continue the tracked ones, add new ones, mark the
	// ones the document dropped.
	var existing []hindsight.TrackedAction
	if !res.Created {
		if existing, err = db.actionsOf(ctx, tx, cur.pk, true); err != nil {
			return nil, err
		}
	}
	plan := hindsight.PlanActions(existing, pm.ActionItems)
	edits, err := hindsight.DocumentStatuses(pm.ActionItems, existing, plan, func(ids []string) (map[string][]hindsight.Status, error) {
		return db.statusesHad(ctx, tx, existing, ids)
	})
	if err != nil {
		return nil, err
	}
	for i, j := range plan.Match {
		it := &pm.ActionItems[i]
		if j >= 0 {
			ex := existing[j]
			it.ID, it.Status = ex.ID, ex.Status
			n, _ := hindsight.ActionNumber(ex.ID)
			if _, err := db.exec(ctx, tx, `UPDATE action_items SET text = ?, bucket = ?, owner = ?, priority = ?, due = ?,
				runbook = ?, removed = 0 WHERE pk = ?`, it.Text, it.Bucket, it.Owner, it.Priority, it.Due, it.Runbook, n); err != nil {
				return nil, err
			}
			continue
		}
		if !hindsight.ValidStatus(it.Status) {
			it.Status = hindsight.StatusProposed
		}
		st := it.Status
		r, err := db.exec(ctx, tx, `INSERT INTO action_items (pm, text, bucket, owner, priority, due, status, runbook, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cur.pk, it.Text, it.Bucket, it.Owner, it.Priority, it.Due, st, it.Runbook, fmtTime(now), fmtTime(now))
		if err != nil {
			return nil, err
		}
		n, _ := r.LastInsertId()
		it.ID = hindsight.ActionID(n)
	}
	// Statuses changed in the document itself, recorded as "hindsight
	// actions" records its changes.
	for _, e := range edits {
		if e.Kept {
			res.Notes = append(res.Notes, e.Note())
			continue
		}
		j := plan.Match[e.Index]
		n, _ := hindsight.ActionNumber(existing[j].ID)
		if _, err := db.exec(ctx, tx, `UPDATE action_items SET status = ?, note = ?, updated_at = ? WHERE pk = ?`,
			e.To, hindsight.DocumentStatusNote, fmtTime(now), n); err != nil {
			return nil, err
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO action_changes (item, from_st, to_st, who, at, note) VALUES (?, ?, ?, ?, ?, ?)`,
			n, e.From, e.To, req.Who, fmtTime(now), hindsight.DocumentStatusNote); err != nil {
			return nil, err
		}
		pm.ActionItems[e.Index].Status = e.To
		existing[j].Note, existing[j].Updated = hindsight.DocumentStatusNote, now
	}
	for _, j := range plan.Removed {
		n, _ := hindsight.ActionNumber(existing[j].ID)
		if _, err := db.exec(ctx, tx, `UPDATE action_items SET removed = 1 WHERE pk = ?`, n); err != nil {
			return nil, err
		}
	}

	doc, err := json.Marshal(&pm)
	if err != nil {
		return nil, err
	}
	r, err := db.exec(ctx, tx, `INSERT INTO revisions (pm, number, hash, doc, source, saved_at, saved_by, events, actions)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, cur.pk, rev, hash, doc, req.Source, fmtTime(now), req.Who, len(pm.Timeline), len(pm.ActionItems))
	if err != nil {
		return nil, err
	}
	revPK, _ := r.LastInsertId()
	if len(pm.Timeline) > 0 {
		// One statement for all events: a JSON array of rows.
		evs := make([][]any, len(pm.Timeline))
		for i, e := range pm.Timeline {
			var at any
			clock := ""
			if e.At != nil {
				clock = e.At.Clock()
				if iso := e.At.ISO(); iso != "" {
					at = iso
				}
			}
			unv := 0
			if e.Unverified {
				unv = 1
			}
			evs[i] = []any{at, clock, e.Kind, e.Phase, e.Text, unv}
		}
		js, err := json.Marshal(evs)
		if err != nil {
			return nil, err
		}
		if _, err := db.exec(ctx, tx, `INSERT INTO events (rev, seq, at, clock, kind, phase, text, unverified)
			SELECT ?, key, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 FROM json_each(?)`, revPK, string(js)); err != nil {
			return nil, err
		}
	}
	d := pm.Durations
	if _, err := db.exec(ctx, tx, `UPDATE postmortems SET source_name = ?, title = ?, date = ?, services = ?, category = ?,
		outcome = ?, attempted = ?, ttd = ?, tdec = ?, rb = ?, ttr = ?, revision = ?, updated_at = ? WHERE pk = ?`,
		req.SourceName, pm.Title, pm.Date, strings.Join(pm.Services, "\n"), pm.DeployFailure.Category, pm.Rollback.Outcome,
		pm.Rollback.Attempted, nullFloat(d.TimeToDetect), nullFloat(d.TimeToDecide), nullFloat(d.Rollback),
		nullFloat(d.TimeToRecover), rev, fmtTime(now), cur.pk); err != nil {
		return nil, err
	}
	if !res.Created {
		if _, err := db.exec(ctx, tx, `DELETE FROM postmortem_services WHERE pm = ?`, cur.pk); err != nil {
			return nil, err
		}
		if _, err := db.exec(ctx, tx, `DELETE FROM postmortem_fts WHERE rowid = ?`, cur.pk); err != nil {
			return nil, err
		}
	}
	for _, s := range uniq(pm.Services) {
		if _, err := db.exec(ctx, tx, `INSERT INTO postmortem_services (service, pm) VALUES (?, ?)`, strings.ToLower(s), cur.pk); err != nil {
			return nil, err
		}
	}
	fts.add(cur.pk, pm.Title, hindsight.SearchBody(&pm, req.Source))
	if _, err := db.exec(ctx, tx, refreshCounts, cur.pk); err != nil {
		return nil, err
	}
	if _, err := db.exec(ctx, tx, refreshStats, cur.pk); err != nil {
		return nil, err
	}
	res.Actions = hindsight.TrackedAfter(&pm, existing, plan, now)
	return res, nil
}

// refreshCounts recomputes a postmortem's action-item counts (migration
// 0002) inside the transaction that changed its items.
const refreshCounts = `UPDATE postmortems SET (a_opened, a_done, a_verified, a_wontdo, a_open, open_dues) = (
	SELECT count(*), coalesce(sum(status IN ('done', 'verified')), 0), coalesce(sum(status = 'verified'), 0),
		coalesce(sum(status = 'wont_do'), 0), coalesce(sum(status IN ('proposed', 'accepted', 'in_progress')), 0),
		coalesce(group_concat(CASE WHEN status IN ('proposed', 'accepted', 'in_progress') AND due <> '' THEN due END, ','), '')
	FROM action_items WHERE pm = ?1 AND removed = 0) WHERE pk = ?1`

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		k := strings.ToLower(strings.TrimSpace(s))
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, s)
		}
	}
	return out
}

// resolve finds the postmortem a request continues, and sets pm.ID: the
// document's own ID, or one derived from date and title, made unique
// against other documents with the same title.
func (db *DB) resolve(ctx context.Context, tx *sql.Tx, pm *hindsight.Postmortem, req *hindsight.SaveRequest, hash string) (*current, error) {
	if pm.ID != "" {
		return db.current(ctx, tx, pm.ID)
	}
	if req.SourceName != "" {
		// The file saved again with its title changed: the postmortem it
		// was saved as before (on the same date), when it tells the same
		// incident, not a new one.
		// (Of the few saved from the file on that date, latest first.)
		rows, err := db.query(ctx, tx, `SELECT p.id, r.doc FROM postmortems p JOIN revisions r ON r.pm = p.pk AND r.number = p.revision
			WHERE p.source_name = ? AND p.date = ? AND p.source_name <> '' ORDER BY p.updated_at DESC, p.pk DESC LIMIT 10`,
			req.SourceName, pm.Date)
		if err != nil {
			return nil, err
		}
		found := ""
		for rows.Next() && found == "" {
			var id, doc string
			var before hindsight.Postmortem
			if err := rows.Scan(&id, &doc); err == nil && json.Unmarshal([]byte(doc), &before) == nil && hindsight.SameIncident(&before, pm) {
				found = id
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
		if found != "" {
			pm.ID = found
			return db.current(ctx, tx, found)
		}
	}
	base := hindsight.DeriveID(pm)
	for i := 1; ; i++ {
		id := base
		if i > 1 {
			id = base + "-" + itoa(int64(i))
		}
		cur, err := db.current(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if cur == nil || (req.SourceName != "" && cur.source == req.SourceName) || cur.hash == hash ||
			(req.Base > 0 && i == 1) {
			pm.ID = id
			return cur, nil
		}
		if err := db.queryRow(ctx, tx, `SELECT EXISTS (SELECT 1 FROM revisions WHERE pm = ? AND hash = ?)`, cur.pk, hash).Scan(&cur.seen); err != nil {
			return nil, err
		} else if cur.seen {
			pm.ID = id
			return cur, nil
		}
	}
}

func (db *DB) current(ctx context.Context, tx *sql.Tx, id string) (*current, error) {
	c := &current{id: id}
	err := db.queryRow(ctx, tx, `SELECT p.pk, p.revision, p.source_name, coalesce(r.hash, '') FROM postmortems p
		LEFT JOIN revisions r ON r.pm = p.pk AND r.number = p.revision WHERE p.id = ?`, id).Scan(&c.pk, &c.revision, &c.source, &c.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// stmt returns the prepared statement for query, preparing it once per
// database (database/sql then keeps it prepared on each connection).
func (db *DB) stmt(ctx context.Context, query string) *sql.Stmt {
	db.mu.Lock()
	defer db.mu.Unlock()
	if st, ok := db.stmts[query]; ok {
		return st
	}
	st, err := db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if db.stmts == nil {
		db.stmts = map[string]*sql.Stmt{}
	}
	db.stmts[query] = st
	return st
}

// exec runs a write in tx through a prepared statement.
func (db *DB) exec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	st := db.stmt(ctx, query)
	if st == nil {
		return tx.ExecContext(ctx, query, args...) // reports the error
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// queryRow runs a one-row query in tx through a prepared statement.
func (db *DB) queryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	st := db.stmt(ctx, query)
	if st == nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

// query runs a read in tx through a prepared statement, as queryRow.
func (db *DB) query(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	st := db.stmt(ctx, query)
	if st == nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const actionCols = `a.pk, a.text, a.bucket, a.owner, a.priority, a.due, a.status, a.note, a.runbook, a.removed,
	a.created_at, a.updated_at, p.id, p.title`

func scanAction(rows interface{ Scan(...any) error }) (hindsight.TrackedAction, error) {
	var a hindsight.TrackedAction
	var pk int64
	var created, updated string
	err := rows.Scan(&pk, &a.Text, &a.Bucket, &a.Owner, &a.Priority, &a.Due, &a.Status, &a.Note, &a.Runbook, &a.Removed,
		&created, &updated, &a.Postmortem, &a.Title)
	a.ID = hindsight.ActionID(pk)
	a.Created, a.Updated = parseTime(created), parseTime(updated)
	return a, err
}

// actionsOf returns a postmortem's tracked items (with the removed ones
// when removed is set), in the order they were first saved.
func (db *DB) actionsOf(ctx context.Context, q querier, pmPK int64, removed bool) ([]hindsight.TrackedAction, error) {
	cond := ""
	if !removed {
		cond = " AND a.removed = 0"
	}
	query := `SELECT ` + actionCols + ` FROM action_items a JOIN postmortems p ON p.pk = a.pm WHERE a.pm = ?` + cond + ` ORDER BY a.pk`
	var rows *sql.Rows
	var err error
	if tx, ok := q.(*sql.Tx); ok && db.stmt(ctx, query) != nil {
		rows, err = tx.StmtContext(ctx, db.stmt(ctx, query)).QueryContext(ctx, pmPK)
	} else {
		rows, err = q.QueryContext(ctx, query, pmPK)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.TrackedAction
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
