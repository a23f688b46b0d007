package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Save stores a postmortem, or a new revision of it, in one transaction.
// The postmortem's row is locked (SELECT … FOR UPDATE) while the revision
// is checked and written, so concurrent saves queue, and one based on a
// stale revision is refused.
func (db *DB) Save(ctx context.Context, req *hindsight.SaveRequest) (*hindsight.SaveResult, error) {
	if req == nil || req.Postmortem == nil {
		return nil, hindsight.Errorf(hindsight.EINVALID, "no postmortem to save")
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	dues := map[string]int{}
	res, err := db.save(ctx, tx, req, dues)
	if err != nil {
		return nil, err
	}
	if err := applyDueCounts(ctx, tx, dues); err != nil {
		return nil, err
	}
	return res, commit(ctx, tx)
}

// SaveAll saves reqs in one transaction (hindsight.Store): the new
// postmortems set-wise (saveNew), then the others one by one, in order.
func (db *DB) SaveAll(ctx context.Context, reqs []*hindsight.SaveRequest) ([]*hindsight.SaveResult, error) {
	for i, r := range reqs {
		if r == nil || r.Postmortem == nil {
			return nil, &hindsight.BatchError{Index: i, Err: hindsight.Errorf(hindsight.EINVALID, "no postmortem to save")}
		}
	}
	setWise := true
	for attempt := 1; ; attempt++ {
		out, err := db.saveAll(ctx, reqs, setWise)
		var be *hindsight.BatchError
		switch {
		case err == nil || ctx.Err() != nil:
			return out, err
		case retryable(err) && attempt < 4:
			// A deadlock with another writer (whose rows a batch of many
			// postmortems may lock in another order): PostgreSQL rolled
			// this one back; it can simply run again.
		case setWise && !errors.As(err, &be):
			// The set-wise statements failed as a whole; saving one by
			// one names the request at fault (or saves them all).
			setWise = false
		default:
			return out, err
		}
	}
}

// commit commits tx whether or not ctx is cancelled meanwhile: a save
// that reached its commit either lands and says so, or fails and says so,
// never lands while its caller hears it was cancelled (import counts what
// it imported by what SaveAll returns). A commit that hangs (a server
// gone) still ends, after commitTimeout.
func commit(ctx context.Context, tx pgx.Tx) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), commitTimeout)
	defer cancel()
	return tx.Commit(cctx)
}

// commitTimeout bounds a commit that Ctrl-C no longer interrupts.
const commitTimeout = 30 * time.Second

// retryable reports whether err is a deadlock or serialization failure,
// after which a transaction can be run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

func (db *DB) saveAll(ctx context.Context, reqs []*hindsight.SaveRequest, setWise bool) ([]*hindsight.SaveResult, error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	out := make([]*hindsight.SaveResult, len(reqs))
	dues := map[string]int{}
	next := 0
	if setWise {
		if next, err = db.saveNew(ctx, tx, reqs, out, dues); err != nil {
			return nil, err
		}
	}
	for i := next; i < len(reqs); i++ {
		if out[i], err = db.save(ctx, tx, reqs[i], dues); err != nil {
			return nil, &hindsight.BatchError{Index: i, Err: err}
		}
	}
	if err := applyDueCounts(ctx, tx, dues); err != nil {
		return nil, err
	}
	return out, commit(ctx, tx)
}

// statusesHad returns, for the items ids (of existing), every status each
// has been in: its current one and those of its changes.
func statusesHad(ctx context.Context, tx pgx.Tx, existing []hindsight.TrackedAction, ids []string) (map[string][]hindsight.Status, error) {
	out, pks := hindsight.CurrentStatuses(existing, ids)
	rows, err := tx.Query(ctx, `SELECT item, from_st, to_st FROM action_changes WHERE item = ANY($1)`, pks)
	if err != nil {
		return nil, err
	}
	var item int64
	var from, to string
	_, err = pgx.ForEachRow(rows, []any{&item, &from, &to}, func() error {
		id := hindsight.ActionID(item)
		out[id] = append(out[id], hindsight.Status(from), hindsight.Status(to))
		return nil
	})
	return out, err
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

// save saves one request in tx, adding what it changes in the open items
// per due date to dues, which the caller applies last (applyDueCounts).
func (db *DB) save(ctx context.Context, tx pgx.Tx, req *hindsight.SaveRequest, dues map[string]int) (*hindsight.SaveResult, error) {
	pm := *req.Postmortem
	pm.ActionItems = append([]hindsight.ActionItem(nil), req.Postmortem.ActionItems...)
	hash := req.Hash
	if hash == "" {
		hash = hindsight.ContentHash(&pm, req.Source)
	}
	now := db.now().Truncate(time.Microsecond) // what timestamptz keeps
	cur, err := db.resolve(ctx, tx, &pm, req, hash)
	if err != nil {
		return nil, err
	}
	res := &hindsight.SaveResult{ID: pm.ID}
	rev := 1
	if cur.revision > 0 {
		if req.Base > cur.revision {
			return nil, hindsight.Errorf(hindsight.EINVALID, "postmortem %s has no revision %d: it is at revision %d (see hindsight show --revisions %s)",
				cur.id, req.Base, cur.revision, cur.id)
		}
		if req.Base > 0 && req.Base != cur.revision {
			return nil, hindsight.ConflictError(cur.id, req.Base, cur.revision)
		}
		if cur.hash == hash || cur.seen {
			res.Revision, res.Unchanged = cur.revision, true
			res.Actions, err = actionsOf(ctx, tx, cur.pk, false)
			return res, err
		}
		rev = cur.revision + 1
	} else {
		if req.Base > 0 {
			return nil, hindsight.Errorf(hindsight.ECONFLICT, "postmortem %s does not exist, but the save names revision %d as its base: was it deleted, or saved under another ID?", pm.ID, req.Base)
		}
		res.Created = true
	}
	res.Revision = rev

	var existing []hindsight.TrackedAction
	if !res.Created {
		if existing, err = actionsOf(ctx, tx, cur.pk, true); err != nil {
			return nil, err
		}
	}
	// The writes go in one batch: one round trip. New items take their
	// numbers from the sequence first, so the document can carry them.
	batch := &pgx.Batch{}
	plan := hindsight.PlanActions(existing, pm.ActionItems)
	edits, err := hindsight.DocumentStatuses(pm.ActionItems, existing, plan, func(ids []string) (map[string][]hindsight.Status, error) {
		return statusesHad(ctx, tx, existing, ids)
	})
	if err != nil {
		return nil, err
	}
	var fresh []int
	for i, j := range plan.Match {
		it := &pm.ActionItems[i]
		if j < 0 {
			fresh = append(fresh, i)
			continue
		}
		ex := existing[j]
		it.ID, it.Status = ex.ID, ex.Status
		n, _ := hindsight.ActionNumber(ex.ID)
		batch.Queue(`UPDATE action_items SET text = $1, bucket = $2, owner = $3, priority = $4, due = $5,
			runbook = $6, removed = false WHERE pk = $7`, it.Text, it.Bucket, it.Owner, it.Priority, it.Due, it.Runbook, n)
	}
	if len(fresh) > 0 {
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('action_items', 'pk')) FROM generate_series(1, $1)`, len(fresh))
		if err != nil {
			return nil, err
		}
		pks, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, err
		}
		slices.Sort(pks)
		n := len(fresh)
		text, bucket, owner, priority, due, status := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		runbook := make([]bool, n)
		for k, i := range fresh {
			it := &pm.ActionItems[i]
			if !hindsight.ValidStatus(it.Status) {
				it.Status = hindsight.StatusProposed
			}
			it.ID = hindsight.ActionID(pks[k])
			text[k], bucket[k], owner[k], priority[k], due[k], status[k] = it.Text, string(it.Bucket), it.Owner, string(it.Priority), it.Due, string(it.Status)
			runbook[k] = it.Runbook
		}
		batch.Queue(`INSERT INTO action_items (pk, text, bucket, owner, priority, due, status, runbook, pm, created_at, updated_at)
			SELECT u.*, $9, $10, $10 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
				AS u(pk, text, bucket, owner, priority, due, status, runbook)`,
			pks, text, bucket, owner, priority, due, status, runbook, cur.pk, now)
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
		batch.Queue(`UPDATE action_items SET status = $1, note = $2, updated_at = $3 WHERE pk = $4`, string(e.To), hindsight.DocumentStatusNote, now, n)
		batch.Queue(`INSERT INTO action_changes (item, from_st, to_st, who, at, note) VALUES ($1, $2, $3, $4, $5, $6)`,
			n, string(e.From), string(e.To), req.Who, now, hindsight.DocumentStatusNote)
		pm.ActionItems[e.Index].Status = e.To
		existing[j].Note, existing[j].Updated = hindsight.DocumentStatusNote, now
	}
	if len(plan.Removed) > 0 {
		var pks []int64
		for _, j := range plan.Removed {
			n, _ := hindsight.ActionNumber(existing[j].ID)
			pks = append(pks, n)
		}
		batch.Queue(`UPDATE action_items SET removed = true WHERE pk = ANY($1)`, pks)
	}

	doc, err := json.Marshal(&pm)
	if err != nil {
		return nil, err
	}
	const revision = `INSERT INTO revisions (pm, number, hash, doc, source, saved_at, saved_by, events, actions)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING pk`
	revArgs := []any{cur.pk, rev, hash, string(doc), req.Source, now, req.Who, len(pm.Timeline), len(pm.ActionItems)}
	if n := len(pm.Timeline); n > 0 {
		seq := make([]int32, n)
		at := make([]*string, n)
		clock, kind, phase, text := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		unv := make([]bool, n)
		for i, e := range pm.Timeline {
			seq[i] = int32(i)
			if e.At != nil {
				clock[i] = e.At.Clock()
				if iso := e.At.ISO(); iso != "" {
					at[i] = &iso
				}
			}
			kind[i], phase[i], text[i], unv[i] = string(e.Kind), string(e.Phase), e.Text, e.Unverified
		}
		batch.Queue(`WITH r AS (`+revision+`)
			INSERT INTO events (rev, seq, at, clock, kind, phase, text, unverified)
			SELECT r.pk, u.* FROM r, unnest($10::integer[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[]) u`,
			append(revArgs, seq, at, clock, kind, phase, text, unv)...)
	} else {
		batch.Queue(revision, revArgs...)
	}
	d := pm.Durations
	services := uniq(pm.Services)
	lower := make([]string, len(services))
	for i, s := range services {
		lower[i] = strings.ToLower(s)
	}
	if services == nil {
		services = []string{}
	}
	batch.Queue(`UPDATE postmortems SET source_name = $1, title = $2, date = $3, services = $4, category = $5,
		outcome = $6, attempted = $7, ttd = $8, tdec = $9, rb = $10, ttr = $11, revision = $12, updated_at = $13 WHERE pk = $14`,
		req.SourceName, pm.Title, pm.Date, services, string(pm.DeployFailure.Category), string(pm.Rollback.Outcome),
		pm.Rollback.Attempted, d.TimeToDetect, d.TimeToDecide, d.Rollback, d.TimeToRecover, rev, now, cur.pk)
	batch.Queue(`INSERT INTO postmortem_search (pm, search) VALUES ($1, setweight(to_tsvector('hindsight', $2), 'A') || to_tsvector('hindsight', $3))
		ON CONFLICT (pm) DO UPDATE SET search = EXCLUDED.search`, cur.pk, hindsight.SearchText(pm.Title), searchBody(&pm, req.Source))
	batch.Queue(`DELETE FROM postmortem_services WHERE pm = $1`, cur.pk)
	if len(lower) > 0 {
		batch.Queue(`INSERT INTO postmortem_services (service, pm) SELECT s, $2 FROM unnest($1::text[]) s`, lower, cur.pk)
	}
	batch.Queue(refreshCounts, []int64{cur.pk})
	batch.Queue(refreshStats, []int64{cur.pk})
	// Open items per due date: what this save changes, for the caller to
	// apply last.
	for _, a := range existing {
		if !a.Removed && a.Status.Open() {
			dues[a.Due]--
		}
	}
	for _, it := range pm.ActionItems {
		if it.Status.Open() {
			dues[it.Due]++
		}
	}
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return nil, err
	}
	res.Actions = hindsight.TrackedAfter(&pm, existing, plan, now)
	return res, nil
}

// refreshCounts recomputes the action-item counts (migration 0002) of the
// postmortems $1 (an array of pks) inside the transaction that changed
// their items.
const refreshCounts = `UPDATE postmortems p SET (a_opened, a_done, a_verified, a_wontdo, a_open, open_dues) = (
	SELECT count(*), count(*) FILTER (WHERE status IN ('done', 'verified')), count(*) FILTER (WHERE status = 'verified'),
		count(*) FILTER (WHERE status = 'wont_do'), count(*) FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress')),
		coalesce(string_agg(due, ',' ORDER BY due) FILTER (WHERE status IN ('proposed', 'accepted', 'in_progress') AND due <> ''), '')
	FROM action_items WHERE pm = p.pk AND NOT removed) WHERE p.pk = ANY($1::bigint[])`

// applyDueCounts applies a transaction's changes to open_due_counts, its
// last writes (see queueDueCounts).
func applyDueCounts(ctx context.Context, tx pgx.Tx, dues map[string]int) error {
	batch := &pgx.Batch{}
	queueDueCounts(batch, dues)
	if batch.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, batch).Close()
}

// queueDueCounts applies changes to open_due_counts in due-date order, so
// that writers touching the same dates lock them in the same order.
func queueDueCounts(batch *pgx.Batch, deltas map[string]int) {
	dues := make([]string, 0, len(deltas))
	for d, n := range deltas {
		if n != 0 {
			dues = append(dues, d)
		}
	}
	sort.Strings(dues)
	for _, d := range dues {
		batch.Queue(`INSERT INTO open_due_counts (due, n) VALUES ($1, $2) ON CONFLICT (due) DO UPDATE SET n = open_due_counts.n + $2`, d, deltas[d])
	}
}

// refreshStats packs the stats figures of the postmortems $1 (an array of
// pks) into stats_line (migration 0004; hindsight.ParseStatsLine reads it).
const refreshStats = `UPDATE postmortems SET stats_line = concat_ws(chr(31), date, array_to_string(services, chr(10)), category, outcome,
	CASE WHEN attempted THEN '1' ELSE '0' END, coalesce(ttd::text, ''), coalesce(tdec::text, ''), coalesce(rb::text, ''),
	coalesce(ttr::text, ''), a_opened, a_done, a_verified, a_wontdo, a_open, open_dues) WHERE pk = ANY($1::bigint[])`

// searchBody is hindsight.SearchBody as the index reads it (SearchText),
// cut to stay well under PostgreSQL's 1 MB tsvector limit.
func searchBody(pm *hindsight.Postmortem, source string) string {
	s := hindsight.SearchBody(pm, source)
	if len(s) > 400_000 {
		s = strings.ToValidUTF8(s[:400_000], "")
	}
	return hindsight.SearchText(s)
}

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

// resolve finds (and locks) the postmortem a request continues, creating
// its row when it is new (revision 0 until the save completes), and sets
// pm.ID.
func (db *DB) resolve(ctx context.Context, tx pgx.Tx, pm *hindsight.Postmortem, req *hindsight.SaveRequest, hash string) (*current, error) {
	now := db.now()
	// claim creates the postmortem's row (revision 0 until the save
	// completes) or, when it exists, locks it: one round trip for a new
	// postmortem.
	claim := func(id string) (*current, error) {
		for {
			var pk int64
			err := tx.QueryRow(ctx, `INSERT INTO postmortems (id, source_name, title, revision, created_at, updated_at)
				VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT (id) DO NOTHING RETURNING pk`, id, req.SourceName, pm.Title, now).Scan(&pk)
			if err == nil {
				return &current{pk: pk, id: id}, nil
			} else if !errors.Is(err, pgx.ErrNoRows) {
				return nil, err
			}
			c, err := lockCurrent(ctx, tx, id)
			if err != nil || c != nil {
				return c, err
			}
			// deleted meanwhile: create it again
		}
	}
	if pm.ID != "" {
		return claim(pm.ID)
	}
	if req.SourceName != "" {
		// The file saved again with its title changed: the postmortem it
		// was saved as before (on the same date), when it tells the same
		// incident, not a new one.
		// (Of the few saved from the file on that date, latest first.)
		rows, err := tx.Query(ctx, `SELECT p.id, r.doc FROM postmortems p JOIN revisions r ON r.pm = p.pk AND r.number = p.revision
			WHERE p.source_name = $1 AND p.date = $2 AND p.source_name <> '' AND p.revision > 0
			ORDER BY p.updated_at DESC, p.pk DESC LIMIT 10`, req.SourceName, pm.Date)
		if err != nil {
			return nil, err
		}
		type saved struct{ id, doc string }
		candidates, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (saved, error) {
			var s saved
			return s, r.Scan(&s.id, &s.doc)
		})
		if err != nil {
			return nil, err
		}
		for _, c := range candidates {
			var before hindsight.Postmortem
			if json.Unmarshal([]byte(c.doc), &before) != nil || !hindsight.SameIncident(&before, pm) {
				continue
			}
			if cur, err := lockCurrent(ctx, tx, c.id); err != nil || cur != nil {
				pm.ID = c.id
				return cur, err
			} // deleted meanwhile: as if not found
			break
		}
	}
	base := hindsight.DeriveID(pm)
	for i := 1; ; i++ {
		id := base
		if i > 1 {
			id = base + "-" + strconv.Itoa(i)
		}
		c, err := claim(id)
		if err != nil {
			return nil, err
		}
		if c.revision == 0 || (req.SourceName != "" && c.source == req.SourceName) || c.hash == hash || (req.Base > 0 && i == 1) {
			pm.ID = id
			return c, nil
		}
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM revisions WHERE pm = $1 AND hash = $2)`, c.pk, hash).Scan(&c.seen); err != nil {
			return nil, err
		} else if c.seen {
			pm.ID = id
			return c, nil
		}
	}
}

func lockCurrent(ctx context.Context, tx pgx.Tx, id string) (*current, error) {
	c := &current{id: id}
	err := tx.QueryRow(ctx, `SELECT p.pk, p.revision, p.source_name, coalesce(r.hash, '') FROM postmortems p
		LEFT JOIN revisions r ON r.pm = p.pk AND r.number = p.revision WHERE p.id = $1 FOR UPDATE OF p`, id).Scan(&c.pk, &c.revision, &c.source, &c.hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

const actionCols = `a.pk, a.text, a.bucket, a.owner, a.priority, a.due, a.status, a.note, a.runbook, a.removed,
	a.created_at, a.updated_at, p.id, p.title`

func scanAction(row pgx.Row) (hindsight.TrackedAction, error) {
	var a hindsight.TrackedAction
	var pk int64
	var bucket, priority, status string
	err := row.Scan(&pk, &a.Text, &bucket, &a.Owner, &priority, &a.Due, &status, &a.Note, &a.Runbook, &a.Removed,
		&a.Created, &a.Updated, &a.Postmortem, &a.Title)
	a.ID = hindsight.ActionID(pk)
	a.Bucket, a.Priority, a.Status = hindsight.Bucket(bucket), hindsight.Priority(priority), hindsight.Status(status)
	a.Created, a.Updated = a.Created.UTC(), a.Updated.UTC()
	return a, err
}

func actionsOf(ctx context.Context, q querier, pmPK int64, removed bool) ([]hindsight.TrackedAction, error) {
	cond := ""
	if !removed {
		cond = " AND NOT a.removed"
	}
	rows, err := q.Query(ctx, `SELECT `+actionCols+` FROM action_items a JOIN postmortems p ON p.pk = a.pm
		WHERE a.pm = $1`+cond+` ORDER BY a.pk`, pmPK)
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
