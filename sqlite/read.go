package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// lookup finds a postmortem's pk by ID or unique ID prefix.
func (db *DB) lookup(ctx context.Context, q querier, id string) (int64, string, error) {
	var pk int64
	err := q.QueryRowContext(ctx, `SELECT pk FROM postmortems WHERE id = ?`, id).Scan(&pk)
	if err == nil {
		return pk, id, nil
	} else if !errors.Is(err, sql.ErrNoRows) {
		return 0, "", db.txError(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT pk, id FROM postmortems WHERE id LIKE ? ESCAPE '\' ORDER BY id LIMIT 6`, likePrefix(id))
	if err != nil {
		return 0, "", db.txError(err)
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
	pk, _, err := db.lookup(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	var sp hindsight.StoredPostmortem
	var doc, savedAt string
	q := `SELECT r.number, p.revision, r.doc, r.source, p.source_name, r.saved_at, r.saved_by FROM revisions r
		JOIN postmortems p ON p.pk = r.pm WHERE r.pm = ? AND r.number = `
	args := []any{pk}
	if rev > 0 {
		q += `?`
		args = append(args, rev)
	} else {
		q += `p.revision`
	}
	err = db.db.QueryRowContext(ctx, q, args...).Scan(&sp.Revision, &sp.Latest, &doc, &sp.Source, &sp.SourceName, &savedAt, &sp.SavedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "postmortem %s has no revision %d: see 'hindsight show --revisions %s'", id, rev, id)
	} else if err != nil {
		return nil, err
	}
	sp.SavedAt = parseTime(savedAt)
	sp.Postmortem = new(hindsight.Postmortem)
	if err := json.Unmarshal([]byte(doc), sp.Postmortem); err != nil {
		return nil, &hindsight.Error{Code: hindsight.EINTERNAL, Message: "read postmortem " + id, Err: err}
	}
	all, err := db.actionsOf(ctx, db.db, pk, true)
	if err != nil {
		return nil, err
	}
	sp.Actions = revisionActions(sp.Postmortem, all)
	return &sp, nil
}

// revisionActions picks the tracked items a revision's document holds, and
// writes their current status into its action items.
func revisionActions(pm *hindsight.Postmortem, all []hindsight.TrackedAction) []hindsight.TrackedAction {
	byID := map[string]hindsight.TrackedAction{}
	for _, a := range all {
		byID[a.ID] = a
	}
	var out []hindsight.TrackedAction
	for i := range pm.ActionItems {
		if a, ok := byID[pm.ActionItems[i].ID]; ok {
			pm.ActionItems[i].Status = a.Status
			out = append(out, a)
		}
	}
	return out
}

const summaryCols = `p.pk, p.id, p.title, p.date, p.services, p.category, p.outcome, p.ttr, p.revision, p.updated_at,
	(SELECT count(*) FROM action_items a WHERE a.pm = p.pk AND a.removed = 0 AND a.status IN ('proposed', 'accepted', 'in_progress'))`

func scanSummary(rows *sql.Rows) (int64, hindsight.PostmortemSummary, error) {
	var s hindsight.PostmortemSummary
	var pk int64
	var services, updated string
	var ttr sql.NullFloat64
	err := rows.Scan(&pk, &s.ID, &s.Title, &s.Date, &services, &s.Category, &s.Outcome, &ttr, &s.Revision, &updated, &s.OpenActions)
	s.Services = splitLines(services)
	s.TimeToRecover = floatPtr(ttr)
	s.UpdatedAt = parseTime(updated)
	return pk, s, err
}

// selectPostmortems is the conditions on postmortems p (and their
// arguments) that list and stats share: a date range, a service, a
// category; "" leaves one out.
func selectPostmortems(since, until, service string, category hindsight.Category) (where []string, args []any) {
	if since != "" {
		where, args = append(where, "p.date >= ?"), append(args, since)
	}
	if until != "" {
		where, args = append(where, "p.date <= ? AND p.date <> ''"), append(args, until) // an undated postmortem is in no range
	}
	if service != "" {
		where, args = append(where, "p.pk IN (SELECT pm FROM postmortem_services WHERE service = ?)"), append(args, strings.ToLower(service))
	}
	if category != "" {
		where, args = append(where, "p.category = ?"), append(args, category)
	}
	return where, args
}

// Postmortems lists postmortems, newest first.
func (db *DB) Postmortems(ctx context.Context, f hindsight.PostmortemFilter) ([]hindsight.PostmortemSummary, error) {
	where, args := selectPostmortems(f.Since, f.Until, f.Service, f.Category)
	q := `SELECT ` + summaryCols + ` FROM postmortems p`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY p.date DESC, p.id"
	if f.Limit > 0 {
		q += " LIMIT " + itoa(int64(f.Limit))
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.txError(err)
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
	pk, _, err := db.lookup(ctx, db.db, id)
	if err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, `SELECT number, saved_at, saved_by, hash, events, actions FROM revisions WHERE pm = ? ORDER BY number`, pk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hindsight.Revision
	for rows.Next() {
		var r hindsight.Revision
		var at string
		if err := rows.Scan(&r.Number, &at, &r.SavedBy, &r.Hash, &r.Events, &r.Actions); err != nil {
			return nil, err
		}
		r.SavedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ftsQuery quotes each term so none is read as an FTS5 operator; all of
// them must match, or any when or is set.
func ftsQuery(terms []string, or bool) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		q[i] = `"` + t + `"`
	}
	if or {
		return strings.Join(q, " OR ")
	}
	return strings.Join(q, " ")
}

// ftsPairs matches documents holding at least two of terms.
func ftsPairs(terms []string) string {
	if len(terms) == 1 {
		return ftsQuery(terms, false)
	}
	var pairs []string
	for i := range terms {
		for j := i + 1; j < len(terms); j++ {
			pairs = append(pairs, `("`+terms[i]+`" "`+terms[j]+`")`)
		}
	}
	return strings.Join(pairs, " OR ")
}

// Search finds postmortems with FTS5, best (BM25) first.
func (db *DB) Search(ctx context.Context, q string, limit int) ([]hindsight.SearchResult, error) {
	terms, err := hindsight.SearchQuery(q)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 20
	}
	// Rank (BM25) the most recently saved matches only: ranking costs a
	// look-up per match, and a common word can match most of a large
	// history. Then the snippets of the results alone.
	match := ftsQuery(terms, false)
	rows, err := db.db.QueryContext(ctx, `SELECT p.pk, p.id, p.title, p.date, f.rank FROM
		(SELECT rowid, rank FROM postmortem_fts WHERE postmortem_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
		JOIN postmortems p ON p.pk = f.rowid ORDER BY f.rank LIMIT ?`, match, searchCandidates, limit)
	if err != nil {
		return nil, db.txError(err)
	}
	var out []hindsight.SearchResult
	var pks []any
	for rows.Next() {
		var r hindsight.SearchResult
		var pk int64
		if err := rows.Scan(&pk, &r.ID, &r.Title, &r.Date, &r.Rank); err != nil {
			rows.Close()
			return nil, err
		}
		r.Rank = -r.Rank
		out = append(out, r)
		pks = append(pks, pk)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(pks)), ", ")
	rows, err = db.db.QueryContext(ctx, `SELECT rowid, snippet(postmortem_fts, 1, '[', ']', '…', 12) FROM postmortem_fts
		WHERE postmortem_fts MATCH ? AND rowid IN (`+marks+`)`, append([]any{match}, pks...)...)
	if err != nil {
		return nil, db.txError(err)
	}
	defer rows.Close()
	snippets := map[int64]string{}
	for rows.Next() {
		var pk int64
		var sn string
		if err := rows.Scan(&pk, &sn); err != nil {
			return nil, err
		}
		snippets[pk] = oneLine(sn)
	}
	for i := range out {
		out[i].Snippet = snippets[pks[i].(int64)]
	}
	return out, rows.Err()
}

// searchCandidates is how many of the most recently saved matches Search
// ranks (see docs/storage.md).
const searchCandidates = 1000

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

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
	add := func(rows *sql.Rows, why string) error {
		defer rows.Close()
		for rows.Next() && len(out) < limit {
			pk, s, err := scanSummary(rows)
			if err != nil {
				return err
			}
			if seen[s.ID] {
				continue
			}
			seen[s.ID] = true
			acts, err := db.actionsOf(ctx, db.db, pk, false)
			if err != nil {
				return err
			}
			r := hindsight.Recurrence{PostmortemSummary: s, Why: why}
			for _, a := range acts {
				if a.Status.Open() {
					r.OpenActions = append(r.OpenActions, a)
				}
			}
			out = append(out, r)
		}
		return rows.Err()
	}
	cat := pm.DeployFailure.Category
	if cat != "" && cat != hindsight.CategoryOther && len(pm.Services) > 0 {
		svc := make([]any, 0, len(pm.Services))
		marks := make([]string, 0, len(pm.Services))
		for _, s := range pm.Services {
			svc, marks = append(svc, strings.ToLower(s)), append(marks, "?")
		}
		args := append([]any{cat, date, pm.ID}, svc...)
		rows, err := db.db.QueryContext(ctx, `SELECT `+summaryCols+` FROM postmortems p WHERE p.category = ? AND p.date <= ? AND p.id <> ?
			AND p.pk IN (SELECT pm FROM postmortem_services WHERE service IN (`+strings.Join(marks, ", ")+`))
			ORDER BY p.date DESC LIMIT 20`, args...)
		if err != nil {
			return nil, err
		}
		if err := add(rows, "same category ("+string(cat)+") and service"); err != nil {
			return nil, err
		}
	}
	if terms := hindsight.SimilarTerms(pm); len(out) < limit && len(terms) > 0 {
		rows, err := db.db.QueryContext(ctx, `SELECT `+summaryCols+` FROM postmortems p
			JOIN (SELECT rowid, rank FROM postmortem_fts WHERE postmortem_fts MATCH ? ORDER BY rank LIMIT 50) f ON f.rowid = p.pk
			WHERE p.date <= ? AND p.id <> ? ORDER BY f.rank LIMIT 20`, ftsPairs(terms), date, pm.ID)
		if err != nil {
			return nil, err
		}
		if err := add(rows, "similar text"); err != nil {
			return nil, err
		}
	}
	return out, nil
}
