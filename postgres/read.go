package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/jackc/pgx/v5"
)

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

func lookup(ctx context.Context, q querier, id string) (int64, string, error) {
	var pk int64
	err := q.QueryRow(ctx, `SELECT pk FROM postmortems WHERE id = $1 AND revision > 0`, id).Scan(&pk)
	if err == nil {
		return pk, id, nil
	} else if !errors.Is(err, pgx.ErrNoRows) {
		return 0, "", err
	}
	rows, err := q.Query(ctx, `SELECT pk, id FROM postmortems WHERE id LIKE $1 AND revision > 0 ORDER BY id LIMIT 6`, likePrefix(id))
	if err != nil {
		return 0, "", err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&pk, &s); err != nil {
			return 0, "", err
		}
		ids = append(ids, s)
	}
	if err := rows.Err(); err != nil {
		return 0, "", err
	}
	if err := hindsight.ResolveID(id, ids); err != nil {
		return 0, "", err
	}
	return pk, ids[0], nil
}

// Postmortem returns a postmortem at its current revision, or at rev.
func (db *DB) Postmortem(ctx context.Context, id string, rev int) (*hindsight.StoredPostmortem, error) {
	pk, _, err := lookup(ctx, db.pool, id)
	if err != nil {
		return nil, err
	}
	var sp hindsight.StoredPostmortem
	var doc string
	q := `SELECT r.number, p.revision, r.doc, r.source, p.source_name, r.saved_at, r.saved_by FROM revisions r
		JOIN postmortems p ON p.pk = r.pm WHERE r.pm = $1 AND r.number = `
	args := []any{pk}
	if rev > 0 {
		q += `$2`
		args = append(args, rev)
	} else {
		q += `p.revision`
	}
	err = db.pool.QueryRow(ctx, q, args...).Scan(&sp.Revision, &sp.Latest, &doc, &sp.Source, &sp.SourceName, &sp.SavedAt, &sp.SavedBy)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "postmortem %s has no revision %d: see 'hindsight show --revisions %s'", id, rev, id)
	} else if err != nil {
		return nil, err
	}
	sp.SavedAt = sp.SavedAt.UTC()
	sp.Postmortem = new(hindsight.Postmortem)
	if err := json.Unmarshal([]byte(doc), sp.Postmortem); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "read postmortem " + id, Err: err}
	}
	all, err := actionsOf(ctx, db.pool, pk, true)
	if err != nil {
		return nil, err
	}
	byID := map[string]hindsight.TrackedAction{}
	for _, a := range all {
		byID[a.ID] = a
	}
	for i := range sp.Postmortem.ActionItems {
		if a, ok := byID[sp.Postmortem.ActionItems[i].ID]; ok {
			sp.Postmortem.ActionItems[i].Status = a.Status
			sp.Actions = append(sp.Actions, a)
		}
	}
	return &sp, nil
}

const summaryCols = `p.pk, p.id, p.title, p.date, p.services, p.category, p.outcome, p.ttr, p.revision, p.updated_at,
	(SELECT count(*) FROM action_items a WHERE a.pm = p.pk AND NOT a.removed AND a.status IN ('proposed', 'accepted', 'in_progress'))`

func scanSummary(row pgx.Row) (int64, hindsight.PostmortemSummary, error) {
	var s hindsight.PostmortemSummary
	var pk int64
	var cat, outcome string
	err := row.Scan(&pk, &s.ID, &s.Title, &s.Date, &s.Services, &cat, &outcome, &s.TimeToRecover, &s.Revision, &s.UpdatedAt, &s.OpenActions)
	s.Category, s.Outcome = hindsight.Category(cat), hindsight.Outcome(outcome)
	if len(s.Services) == 0 {
		s.Services = nil
	}
	s.UpdatedAt = s.UpdatedAt.UTC()
	return pk, s, err
}

type args struct{ v []any }

func (a *args) add(v any) string {
	a.v = append(a.v, v)
	return "$" + strconv.Itoa(len(a.v))
}

// selectPostmortems is the conditions on postmortems p that list and
// stats share, their values added to a: saved ones (a revision), a date
// range, a service, a category; "" leaves one out.
func selectPostmortems(a *args, since, until, service string, category hindsight.Category) []string {
	where := []string{"p.revision > 0"}
	if since != "" {
		where = append(where, "p.date >= "+a.add(since))
	}
	if until != "" {
		where = append(where, "p.date <= "+a.add(until)+" AND p.date <> ''") // an undated postmortem is in no range
	}
	if service != "" {
		where = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = "+a.add(strings.ToLower(service))+")")
	}
	if category != "" {
		where = append(where, "p.category = "+a.add(string(category)))
	}
	return where
}

// Postmortems lists postmortems, newest first.
func (db *DB) Postmortems(ctx context.Context, f hindsight.PostmortemFilter) ([]hindsight.PostmortemSummary, error) {
	var a args
	where := selectPostmortems(&a, f.Since, f.Until, f.Service, f.Category)
	q := `SELECT ` + summaryCols + ` FROM postmortems p WHERE ` + strings.Join(where, " AND ") + " ORDER BY p.date DESC, p.id"
	if f.Limit > 0 {
		q += " LIMIT " + strconv.Itoa(f.Limit)
	}
	rows, err := db.pool.Query(ctx, q, a.v...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.PostmortemSummary
	for rows.Next() {
		_, s, err := scanSummary(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Revisions lists a postmortem's revisions, oldest first.
func (db *DB) Revisions(ctx context.Context, id string) ([]hindsight.Revision, error) {
	pk, _, err := lookup(ctx, db.pool, id)
	if err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT number, saved_at, saved_by, hash, events, actions FROM revisions WHERE pm = $1 ORDER BY number`, pk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.Revision
	for rows.Next() {
		var r hindsight.Revision
		var at time.Time
		if err := rows.Scan(&r.Number, &at, &r.SavedBy, &r.Hash, &r.Events, &r.Actions); err != nil {
			return nil, err
		}
		r.SavedAt = at.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// tsQuery builds a to_tsquery text from plain words: all must match (or,
// with pairs, at least two of them).
func tsQuery(terms []string, pairs bool) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = "'" + t + "'"
	}
	if !pairs || len(q) == 1 {
		return strings.Join(q, " & ")
	}
	var ps []string
	for i := range q {
		for j := i + 1; j < len(q); j++ {
			ps = append(ps, "("+q[i]+" & "+q[j]+")")
		}
	}
	return strings.Join(ps, " | ")
}

// Search finds postmortems with PostgreSQL full-text search, best
// (ts_rank) first.
func (db *DB) Search(ctx context.Context, q string, limit int) ([]hindsight.SearchResult, error) {
	terms, err := hindsight.SearchQuery(q)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 20
	}
	// Rank the most recently saved matches only (as package sqlite does):
	// ranking reads every match's tsvector, and a common word can match
	// most of a large history.
	rows, err := db.pool.Query(ctx, `WITH q AS (SELECT to_tsquery('hindsight', $1) AS q),
		cand AS (SELECT s.pm, s.search FROM postmortem_search s, q WHERE s.search @@ q.q ORDER BY s.pm DESC LIMIT $3),
		hits AS (SELECT p.pk, p.id, p.title, p.date, ts_rank(cand.search, q.q) AS rank FROM cand JOIN postmortems p ON p.pk = cand.pm, q
			ORDER BY rank DESC, p.date DESC LIMIT $2)
		SELECT h.id, h.title, h.date, ts_headline('hindsight', left(r.source, 20000), q.q,
			'StartSel=[, StopSel=], MaxWords=18, MinWords=6, MaxFragments=1'), h.rank
		FROM hits h JOIN postmortems p ON p.pk = h.pk JOIN revisions r ON r.pm = p.pk AND r.number = p.revision, q
		ORDER BY h.rank DESC, h.date DESC`, tsQuery(terms, false), limit, searchCandidates)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.SearchResult
	for rows.Next() {
		var r hindsight.SearchResult
		var rank float32
		if err := rows.Scan(&r.ID, &r.Title, &r.Date, &r.Snippet, &rank); err != nil {
			return nil, err
		}
		r.Snippet = strings.Join(strings.Fields(r.Snippet), " ")
		r.Rank = float64(rank)
		out = append(out, r)
	}
	return out, rows.Err()
}

// searchCandidates is how many of the most recently saved matches Search
// ranks (see docs/storage.md).
const searchCandidates = 1000

// Similar finds earlier postmortems with the same category and a shared
// service, then ones with similar text, each with its open action items.
func (db *DB) Similar(ctx context.Context, id string, limit int) ([]hindsight.Recurrence, error) {
	sp, err := db.Postmortem(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	pm := sp.Postmortem
	if limit <= 0 {
		limit = 5
	}
	date := pm.Date
	if date == "" {
		date = "9999"
	}
	var out []hindsight.Recurrence
	seen := map[string]bool{pm.ID: true}
	add := func(rows pgx.Rows, why string) error {
		type hit struct {
			pk int64
			s  hindsight.PostmortemSummary
		}
		var hits []hit
		for rows.Next() {
			pk, s, err := scanSummary(rows)
			if err != nil {
				rows.Close()
				return err
			}
			hits = append(hits, hit{pk, s})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, h := range hits {
			if len(out) >= limit || seen[h.s.ID] {
				continue
			}
			seen[h.s.ID] = true
			acts, err := actionsOf(ctx, db.pool, h.pk, false)
			if err != nil {
				return err
			}
			r := hindsight.Recurrence{PostmortemSummary: h.s, Why: why}
			for _, a := range acts {
				if a.Status.Open() {
					r.OpenActions = append(r.OpenActions, a)
				}
			}
			out = append(out, r)
		}
		return nil
	}
	cat := pm.DeployFailure.Category
	if cat != "" && cat != hindsight.CategoryOther && len(pm.Services) > 0 {
		svc := make([]string, len(pm.Services))
		for i, s := range pm.Services {
			svc[i] = strings.ToLower(s)
		}
		rows, err := db.pool.Query(ctx, `SELECT `+summaryCols+` FROM postmortems p WHERE p.category = $1 AND p.date <= $2 AND p.id <> $3
			AND p.revision > 0 AND p.pk IN (SELECT pm FROM postmortem_services WHERE service = ANY($4))
			ORDER BY p.date DESC LIMIT 20`, string(cat), date, pm.ID, svc)
		if err != nil {
			return nil, err
		}
		if err := add(rows, "same category ("+string(cat)+") and service"); err != nil {
			return nil, err
		}
	}
	if terms := hindsight.SimilarTerms(pm); len(out) < limit && len(terms) > 0 {
		rows, err := db.pool.Query(ctx, `SELECT `+summaryCols+` FROM postmortems p JOIN postmortem_search s ON s.pm = p.pk,
			to_tsquery('hindsight', $1) q
			WHERE s.search @@ q AND p.date <= $2 AND p.id <> $3 AND p.revision > 0
			ORDER BY ts_rank(s.search, q) DESC LIMIT 20`, tsQuery(terms, true), date, pm.ID)
		if err != nil {
			return nil, err
		}
		if err := add(rows, "similar text"); err != nil {
			return nil, err
		}
	}
	return out, nil
}
