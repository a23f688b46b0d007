package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
)

// errRaced stops the set-wise path when another writer created one of its
// postmortems meanwhile; SaveAll then saves the batch one by one.
var errRaced = errors.New("a postmortem of the batch was created meanwhile")

// saveNew is SaveAll's fast path: it saves, set-wise, the leading requests
// of a batch whose postmortems do not exist yet, in four round trips and a
// dozen statements instead of a dozen per postmortem. It writes what save
// would (same rows, same results in out, same IDs: it stops at the first
// request that names a base revision, repeats an ID of the batch or
// continues one in the history, so later IDs are derived in order) and
// returns the index of the first request it left for save. It adds its
// changes of the open items per due date to dues.
func (db *DB) saveNew(ctx context.Context, tx pgx.Tx, reqs []*hindsight.SaveRequest, out []*hindsight.SaveResult, dues map[string]int) (next int, err error) {
	now := db.now().Truncate(time.Microsecond)
	type item struct {
		i    int
		pm   hindsight.Postmortem
		hash string
		pk   int64
	}
	var (
		items []*item
		ids   []string
		seen  = map[string]bool{}
	)
	for _, r := range reqs {
		id := r.Postmortem.ID
		if id == "" {
			id = hindsight.DeriveID(r.Postmortem)
		}
		if r.Base > 0 || seen[id] {
			break
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if len(ids) > 0 {
		// Stop at the first that continues a postmortem: its ID exists, or
		// its file was saved before on the same date (see resolve).
		sources := make([]string, len(ids))
		for k := range ids {
			sources[k] = reqs[k].SourceName
		}
		rows, err := tx.Query(ctx, `SELECT id FROM postmortems WHERE id = ANY($1)
			UNION ALL SELECT source_name || chr(31) || date FROM postmortems WHERE source_name = ANY($2) AND source_name <> ''`, ids, sources)
		if err != nil {
			return 0, err
		}
		exist, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return 0, err
		}
		found := map[string]bool{}
		for _, e := range exist {
			found[e] = true
		}
		for k, id := range ids {
			r := reqs[k]
			if found[id] || r.SourceName != "" && found[r.SourceName+"\x1f"+r.Postmortem.Date] {
				ids = ids[:k]
				break
			}
		}
	}
	for i, id := range ids {
		r := reqs[i]
		it := &item{i: i, pm: *r.Postmortem, hash: r.Hash}
		it.pm.ID = id
		it.pm.ActionItems = append([]hindsight.ActionItem(nil), r.Postmortem.ActionItems...) // as save does
		if it.hash == "" {
			it.hash = hindsight.ContentHash(r.Postmortem, r.Source)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return 0, nil
	}

	// 1. The postmortems' rows, whole.
	n := len(items)
	srcName, title, date, services, category, outcome := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	attempted := make([]bool, n)
	ttd, tdec, rb, ttr := make([]*float64, n), make([]*float64, n), make([]*float64, n), make([]*float64, n)
	for k, it := range items {
		pm, d := &it.pm, it.pm.Durations
		srcName[k], title[k], date[k] = reqs[it.i].SourceName, pm.Title, pm.Date
		js, err := json.Marshal(orEmpty(uniq(pm.Services)))
		if err != nil {
			return 0, err
		}
		services[k], category[k], outcome[k] = string(js), string(pm.DeployFailure.Category), string(pm.Rollback.Outcome)
		attempted[k] = pm.Rollback.Attempted
		ttd[k], tdec[k], rb[k], ttr[k] = d.TimeToDetect, d.TimeToDecide, d.Rollback, d.TimeToRecover
	}
	rows, err := tx.Query(ctx, `INSERT INTO postmortems (id, source_name, title, date, services, category, outcome, attempted,
			ttd, tdec, rb, ttr, revision, created_at, updated_at)
		SELECT u.id, u.source_name, u.title, u.date, ARRAY(SELECT jsonb_array_elements_text(u.services::jsonb)), u.category,
			u.outcome, u.attempted, u.ttd, u.tdec, u.rb, u.ttr, 1, $13, $13
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[],
			$9::float8[], $10::float8[], $11::float8[], $12::float8[])
			AS u(id, source_name, title, date, services, category, outcome, attempted, ttd, tdec, rb, ttr)
		ON CONFLICT (id) DO NOTHING RETURNING id, pk`,
		ids, srcName, title, date, services, category, outcome, attempted, ttd, tdec, rb, ttr, now)
	if err != nil {
		return 0, err
	}
	pks := map[string]int64{}
	var id string
	var pk int64
	if _, err := pgx.ForEachRow(rows, []any{&id, &pk}, func() error { pks[id] = pk; return nil }); err != nil {
		return 0, err
	}
	for _, it := range items {
		var ok bool
		if it.pk, ok = pks[it.pm.ID]; !ok {
			return 0, errRaced
		}
	}

	// 2. Numbers for the action items, in request order.
	fresh := 0
	for _, it := range items {
		fresh += len(it.pm.ActionItems)
	}
	var numbers []int64
	if fresh > 0 {
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('action_items', 'pk')) FROM generate_series(1, $1)`, fresh)
		if err != nil {
			return 0, err
		}
		if numbers, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return 0, err
		}
		slices.Sort(numbers)
	}

	// 3. Everything else in one batch.
	var (
		a     actionRows
		r     revisionRows
		e     eventRows
		sPM   []int64
		sName []string
		fPM   []int64
		fT    []string
		fBody []string
		all   = make([]int64, 0, len(items))
	)
	for _, it := range items {
		pm, req := &it.pm, reqs[it.i]
		for j := range pm.ActionItems {
			ai := &pm.ActionItems[j]
			if !hindsight.ValidStatus(ai.Status) {
				ai.Status = hindsight.StatusProposed
			}
			ai.ID = hindsight.ActionID(numbers[0])
			a.add(numbers[0], it.pk, ai)
			numbers = numbers[1:]
			if ai.Status.Open() {
				dues[ai.Due]++
			}
		}
		doc, err := json.Marshal(pm)
		if err != nil {
			return 0, err
		}
		r.add(it.pk, it.hash, string(doc), req.Source, req.Who, len(pm.Timeline), len(pm.ActionItems))
		for j, ev := range pm.Timeline {
			e.add(it.pk, j, ev)
		}
		for _, s := range uniq(pm.Services) {
			sPM, sName = append(sPM, it.pk), append(sName, strings.ToLower(s))
		}
		fPM, fT, fBody = append(fPM, it.pk), append(fT, hindsight.SearchText(pm.Title)), append(fBody, searchBody(pm, req.Source))
		all = append(all, it.pk)
	}
	batch := &pgx.Batch{}
	if len(a.pk) > 0 {
		batch.Queue(`INSERT INTO action_items (pk, pm, text, bucket, owner, priority, due, status, runbook, created_at, updated_at)
			SELECT u.*, $10, $10 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
				$8::text[], $9::boolean[]) AS u(pk, pm, text, bucket, owner, priority, due, status, runbook)`,
			a.pk, a.pm, a.text, a.bucket, a.owner, a.priority, a.due, a.status, a.runbook, now)
	}
	batch.Queue(`WITH r AS (
			INSERT INTO revisions (pm, number, hash, doc, source, saved_at, saved_by, events, actions)
			SELECT u.pm, 1, u.hash, u.doc, u.source, $8, u.who, u.events, u.actions
			FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::integer[])
				AS u(pm, hash, doc, source, who, events, actions)
			RETURNING pk, pm)
		INSERT INTO events (rev, seq, at, clock, kind, phase, text, unverified)
		SELECT r.pk, e.seq, e.at, e.clock, e.kind, e.phase, e.text, e.unverified
		FROM r JOIN unnest($9::bigint[], $10::integer[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::boolean[])
			AS e(pm, seq, at, clock, kind, phase, text, unverified) ON e.pm = r.pm`,
		r.pm, r.hash, r.doc, r.source, r.who, r.events, r.actions, now,
		e.pm, e.seq, e.at, e.clock, e.kind, e.phase, e.text, e.unverified)
	batch.Queue(`INSERT INTO postmortem_search (pm, search)
		SELECT u.pm, setweight(to_tsvector('hindsight', u.title), 'A') || to_tsvector('hindsight', u.body)
		FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(pm, title, body)`, fPM, fT, fBody)
	if len(sPM) > 0 {
		batch.Queue(`INSERT INTO postmortem_services (service, pm) SELECT * FROM unnest($1::text[], $2::bigint[])`, sName, sPM)
	}
	batch.Queue(refreshCounts, all)
	batch.Queue(refreshStats, all)
	if err := tx.SendBatch(ctx, batch).Close(); err != nil {
		return 0, err
	}
	for _, it := range items {
		plan := hindsight.PlanActions(nil, it.pm.ActionItems)
		out[it.i] = &hindsight.SaveResult{ID: it.pm.ID, Revision: 1, Created: true,
			Actions: hindsight.TrackedAfter(&it.pm, nil, plan, now)}
	}
	return len(items), nil
}

// The column arrays of a set-wise insert.
type actionRows struct {
	pk, pm                                     []int64
	text, bucket, owner, priority, due, status []string
	runbook                                    []bool
}

func (a *actionRows) add(pk, pm int64, it *hindsight.ActionItem) {
	a.pk, a.pm = append(a.pk, pk), append(a.pm, pm)
	a.text, a.bucket, a.owner = append(a.text, it.Text), append(a.bucket, string(it.Bucket)), append(a.owner, it.Owner)
	a.priority, a.due, a.status = append(a.priority, string(it.Priority)), append(a.due, it.Due), append(a.status, string(it.Status))
	a.runbook = append(a.runbook, it.Runbook)
}

type revisionRows struct {
	pm                     []int64
	hash, doc, source, who []string
	events, actions        []int32
}

func (r *revisionRows) add(pm int64, hash, doc, source, who string, events, actions int) {
	r.pm, r.hash, r.doc, r.source, r.who = append(r.pm, pm), append(r.hash, hash), append(r.doc, doc), append(r.source, source), append(r.who, who)
	r.events, r.actions = append(r.events, int32(events)), append(r.actions, int32(actions))
}

type eventRows struct {
	pm                       []int64
	seq                      []int32
	at                       []*string
	clock, kind, phase, text []string
	unverified               []bool
}

func (e *eventRows) add(pm int64, seq int, ev hindsight.Event) {
	var at *string
	clock := ""
	if ev.At != nil {
		clock = ev.At.Clock()
		if iso := ev.At.ISO(); iso != "" {
			at = &iso
		}
	}
	e.pm, e.seq, e.at = append(e.pm, pm), append(e.seq, int32(seq)), append(e.at, at)
	e.clock, e.kind, e.phase, e.text = append(e.clock, clock), append(e.kind, string(ev.Kind)), append(e.phase, string(ev.Phase)), append(e.text, ev.Text)
	e.unverified = append(e.unverified, ev.Unverified)
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
