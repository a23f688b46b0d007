package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/render"
	"github.com/hindsight-dev/hindsight/snap"
)

// The JSON API: everything the pages do, for scripts (docs/API.md).
// Postmortems are the JSON contract of docs/json.md.

type apiSummary struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	Date          string   `json:"date"`
	Services      []string `json:"services"`
	Category      string   `json:"category"`
	Outcome       string   `json:"outcome"`
	TimeToRecover *float64 `json:"time_to_recover"`
	Revision      int      `json:"revision"`
	OpenActions   int      `json:"open_actions"`
	UpdatedAt     string   `json:"updated_at"`
	Snippet       string   `json:"snippet,omitempty"`
}

func toSummary(it listItem) apiSummary {
	p := it.PostmortemSummary
	sv := p.Services
	if sv == nil {
		sv = []string{}
	}
	return apiSummary{ID: p.ID, Title: p.Title, Date: p.Date, Services: sv, Category: string(p.Category), Outcome: string(p.Outcome),
		TimeToRecover: p.TimeToRecover, Revision: p.Revision, OpenActions: p.OpenActions, UpdatedAt: p.UpdatedAt.UTC().Format(time.RFC3339), Snippet: it.Snippet}
}

type apiAction struct {
	ID         string         `json:"id"`
	Text       string         `json:"text"`
	Bucket     string         `json:"bucket"`
	Owner      string         `json:"owner"`
	Priority   string         `json:"priority"`
	Due        string         `json:"due"`
	Status     string         `json:"status"`
	Overdue    bool           `json:"overdue"`
	Postmortem string         `json:"postmortem"`
	Title      string         `json:"postmortem_title"`
	Note       string         `json:"note"`
	Removed    bool           `json:"removed"`
	Updated    string         `json:"updated_at"`
	History    []apiStatusChg `json:"history,omitempty"`
}

type apiStatusChg struct {
	From string `json:"from"`
	To   string `json:"to"`
	Who  string `json:"who"`
	At   string `json:"at"`
	Note string `json:"note"`
}

func toAction(a *hindsight.TrackedAction, today string) apiAction {
	out := apiAction{ID: a.ID, Text: a.Text, Bucket: string(a.Bucket), Owner: a.Owner, Priority: string(a.Priority), Due: a.Due,
		Status: string(a.Status), Overdue: a.Overdue(today), Postmortem: a.Postmortem, Title: a.Title, Note: a.Note, Removed: a.Removed,
		Updated: a.Updated.UTC().Format(time.RFC3339)}
	for _, h := range a.History {
		out.History = append(out.History, apiStatusChg{From: string(h.From), To: string(h.To), Who: h.Who, At: h.At.UTC().Format(time.RFC3339), Note: h.Note})
	}
	return out
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request, id *identity) error {
	lq, err := readListQuery(r)
	if err != nil {
		return err
	}
	items, more, err := s.find(r.Context(), lq)
	if err != nil {
		return err
	}
	out := make([]apiSummary, 0, len(items))
	for _, it := range items {
		out = append(out, toSummary(it))
	}
	writeJSON(w, http.StatusOK, map[string]any{"postmortems": out, "more": more})
	return nil
}

func (s *Server) apiGet(w http.ResponseWriter, r *http.Request, id *identity) error {
	rev := 0
	if v := r.URL.Query().Get("revision"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return hindsight.Errorf(hindsight.EINVALID, "revision must be a positive number")
		}
		rev = n
	}
	sp, err := s.store.Postmortem(r.Context(), r.PathValue("id"), rev)
	if err != nil {
		return err
	}
	b, err := render.JSON(sp.Postmortem)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Hindsight-Revision", strconv.Itoa(sp.Revision))
	w.Header().Set("ETag", fmt.Sprintf(`"%s-%d"`, sp.Postmortem.ID, sp.Revision))
	w.Write(b)
	return nil
}

func (s *Server) apiMarkdown(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	md, _ := s.lintDoc(sp.Postmortem)
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("X-Hindsight-Revision", strconv.Itoa(sp.Revision))
	w.Write(md)
	return nil
}

func (s *Server) apiLint(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	_, fs := s.lintDoc(sp.Postmortem)
	if fs == nil {
		fs = fs[:0]
	}
	writeJSON(w, http.StatusOK, map[string]any{"revision": sp.Revision, "findings": fs})
	return nil
}

func (s *Server) apiRevisions(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	revs, err := s.store.Revisions(r.Context(), sp.Postmortem.ID)
	if err != nil {
		return err
	}
	type rev struct {
		Number  int    `json:"number"`
		SavedAt string `json:"saved_at"`
		SavedBy string `json:"saved_by"`
		Hash    string `json:"hash"`
		Events  int    `json:"events"`
		Actions int    `json:"actions"`
	}
	out := []rev{}
	for _, v := range revs {
		out = append(out, rev{v.Number, v.SavedAt.UTC().Format(time.RFC3339), v.SavedBy, v.Hash, v.Events, v.Actions})
	}
	writeJSON(w, http.StatusOK, map[string]any{"revisions": out})
	return nil
}

// readBody reads a request body up to the text limit.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return nil, hindsight.Errorf(hindsight.ETOOLARGE, "the body is over the %d MB limit", limit>>20)
	} else if err != nil {
		return nil, hindsight.Errorf(hindsight.EINVALID, "the body could not be read: %v", err)
	}
	return b, nil
}

// apiSaveBody saves the request body as a postmortem: the JSON contract
// (Content-Type application/json), a Hindsight document, or notes
// (text/markdown or text/plain: snapped first).
func (s *Server) apiSaveBody(w http.ResponseWriter, r *http.Request, id *identity, pmID string, base int) error {
	body, err := readBody(w, r, maxText)
	if err != nil {
		return err
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var res *hindsight.SaveResult
	switch {
	case ct == "application/json":
		var pm hindsight.Postmortem
		if err := json.Unmarshal(body, &pm); err != nil {
			return hindsight.Errorf(hindsight.EINVALID, "the body is not the JSON contract (docs/json.md): %v", err)
		}
		if pmID != "" {
			pm.ID = pmID
		}
		if pm.Template == "" {
			pm.Template = "deployment"
		}
		if pm.Schema == "" {
			pm.Schema = hindsight.Schema
		}
		res, _, err = s.saveDoc(r.Context(), &pm, base, id.User)
	case document.IsDocument(body):
		res, _, err = s.saveMarkdownText(r.Context(), pmID, body, base, id.User)
	default:
		pm, err2 := snap.Bytes("notes.md", body, snap.Options{})
		if err2 != nil {
			return err2
		}
		pm.ID, pm.Status = pmID, "draft"
		res, _, err = s.saveDoc(r.Context(), pm, base, id.User)
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, map[string]any{"id": res.ID, "revision": res.Revision, "created": res.Created, "unchanged": res.Unchanged,
		"notes": orEmptyStrings(res.Notes)})
	return nil
}

func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request, id *identity) error {
	return s.apiSaveBody(w, r, id, "", 0)
}

func (s *Server) apiPut(w http.ResponseWriter, r *http.Request, id *identity) error {
	base := 0
	if v := r.URL.Query().Get("base"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return hindsight.Errorf(hindsight.EINVALID, "base must be a revision number")
		}
		base = n
	}
	return s.apiSaveBody(w, r, id, r.PathValue("id"), base)
}

func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readBody(w, r, 1<<20)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return hindsight.Errorf(hindsight.EINVALID, "the body is not the JSON this call takes (docs/API.md): %v", err)
	}
	return nil
}

func (s *Server) apiDocStatus(w http.ResponseWriter, r *http.Request, id *identity) error {
	var req struct {
		Status string `json:"status"`
		Base   int    `json:"base"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	res, err := s.changeDocStatus(r.Context(), r.PathValue("id"), req.Status, req.Base, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": res.ID, "revision": res.Revision, "status": req.Status, "unchanged": res.Unchanged})
	return nil
}

type apiShare struct {
	ID      string `json:"id"`
	URL     string `json:"url,omitempty"`
	By      string `json:"created_by"`
	Created string `json:"created_at"`
	Revoked bool   `json:"revoked"`
}

func (s *Server) apiShares(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	cs, err := s.store.Credentials(r.Context(), hindsight.CredentialFilter{Kind: hindsight.CredShare, Postmortem: sp.Postmortem.ID})
	if err != nil {
		return err
	}
	out := []apiShare{}
	for _, c := range cs {
		out = append(out, apiShare{ID: c.Hash, By: c.User, Created: c.Created.UTC().Format(time.RFC3339), Revoked: c.Revoked})
	}
	writeJSON(w, http.StatusOK, map[string]any{"shares": out})
	return nil
}

func (s *Server) apiCreateShare(w http.ResponseWriter, r *http.Request, id *identity) error {
	secret, err := s.newShare(r.Context(), r.PathValue("id"), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiShare{ID: hindsight.SecretHash(secret), URL: shareURL(r, secret), By: id.User,
		Created: s.now().UTC().Format(time.RFC3339)})
	return nil
}

func (s *Server) apiRevokeShare(w http.ResponseWriter, r *http.Request, id *identity) error {
	if _, err := s.revokeShareLink(r.Context(), r.PathValue("hash")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request, id *identity) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return hindsight.Errorf(hindsight.EINVALID, "give the words to search for: ?q=…")
	}
	limit := 50
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return hindsight.Errorf(hindsight.EINVALID, "limit must be 1 to 1000")
		}
		limit = n
	}
	res, err := s.store.Search(r.Context(), q, limit)
	if err != nil {
		return err
	}
	type hit struct {
		ID      string  `json:"id"`
		Title   string  `json:"title"`
		Date    string  `json:"date"`
		Snippet string  `json:"snippet"`
		Rank    float64 `json:"rank"`
	}
	out := []hit{}
	for _, h := range res {
		out = append(out, hit{h.ID, h.Title, h.Date, h.Snippet, h.Rank})
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": out})
	return nil
}

func (s *Server) apiActions(w http.ResponseWriter, r *http.Request, id *identity) error {
	q := r.URL.Query()
	f := hindsight.ActionFilter{All: q.Get("all") == "true", Postmortem: q.Get("postmortem"), Owner: strings.TrimSpace(q.Get("owner")),
		Bucket: hindsight.Bucket(q.Get("bucket")), Status: hindsight.Status(q.Get("status")), Overdue: q.Get("overdue") == "true",
		Today: s.today(), Limit: 500}
	if f.Status != "" && !hindsight.ValidStatus(f.Status) {
		return hindsight.Errorf(hindsight.EINVALID, "unknown status %q", f.Status)
	}
	if f.Bucket != "" && !slices.Contains(hindsight.Buckets, f.Bucket) {
		return hindsight.Errorf(hindsight.EINVALID, "unknown bucket %q: use one of %v", f.Bucket, hindsight.Buckets)
	}
	if f.Status != "" && !f.Status.Open() {
		f.All = true
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100000 {
			return hindsight.Errorf(hindsight.EINVALID, "limit must be 1 to 100000")
		}
		f.Limit = n
	}
	list, err := s.store.ActionItems(r.Context(), f)
	if err != nil {
		return err
	}
	out := []apiAction{}
	for i := range list.Items {
		out = append(out, toAction(&list.Items[i], f.Today))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": list.Total, "open": list.Open, "overdue": list.Overdue})
	return nil
}

func (s *Server) apiAction(w http.ResponseWriter, r *http.Request, id *identity) error {
	a, err := s.store.ActionItem(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAction(a, s.today()))
	return nil
}

func (s *Server) apiActionStatus(w http.ResponseWriter, r *http.Request, id *identity) error {
	var req struct {
		To   string `json:"to"`
		From string `json:"from"`
		Note string `json:"note"`
	}
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if hindsight.Status(req.To) == hindsight.StatusWontDo && strings.TrimSpace(req.Note) == "" {
		return hindsight.Errorf(hindsight.EINVALID, `won't do needs a reason: give it in the "note" field`)
	}
	a, err := s.store.SetStatus(r.Context(), &hindsight.StatusChange{ID: r.PathValue("id"), From: hindsight.Status(req.From),
		To: hindsight.Status(req.To), Note: strings.TrimSpace(req.Note), Who: id.User})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toAction(a, s.today()))
	return nil
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request, id *identity) error {
	q := r.URL.Query()
	f := hindsight.StatsFilter{Since: q.Get("since"), Until: q.Get("until"), Service: q.Get("service"), Today: s.today()}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" && !validDate(d) {
			return hindsight.Errorf(hindsight.EINVALID, "%q is not a date: use YYYY-MM-DD", d)
		}
	}
	st, err := s.store.Stats(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, render.StatsOf(st, f))
	return nil
}

// apiSnap reads a board (multipart field photo, file or notes; or the raw
// body, ?name= naming it) and returns the lines read and the postmortem;
// with ?save=true it also saves the postmortem as a draft.
func (s *Server) apiSnap(w http.ResponseWriter, r *http.Request, id *identity) error {
	var name string
	var data []byte
	var err error
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" || ct == "application/x-www-form-urlencoded" {
		name, data, err = readUpload(w, r)
	} else {
		name = safeName(r.URL.Query().Get("name"))
		data, err = readBody(w, r, maxUpload)
	}
	if err != nil {
		return err
	}
	b, err := snap.ReadBytes(r.Context(), name, data, s.read)
	if err != nil {
		return err
	}
	pm := snap.Board(b, snap.Options{})
	t, err := s.templates.Get(r.URL.Query().Get("template"))
	if err != nil {
		return err
	}
	pm.Template, pm.Status = t.Name, "draft"
	type line struct {
		Text      string `json:"text"`
		Uncertain bool   `json:"uncertain"`
	}
	lines := []line{}
	for _, bl := range b.Blocks {
		lines = append(lines, line{bl.Text, bl.Uncertain})
	}
	out := map[string]any{"name": name, "lines": lines}
	if r.URL.Query().Get("save") == "true" {
		res, saved, err := s.saveDoc(r.Context(), pm, 0, id.User)
		if err != nil {
			return err
		}
		saved.ID = res.ID
		pm = saved
		out["id"], out["revision"] = res.ID, res.Revision
	}
	out["postmortem"] = pm
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, id *identity) error {
	writeJSON(w, http.StatusOK, map[string]string{"user": id.User, "role": string(id.Role), "via": id.Via})
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }

func fmtSscan(s, format string, args ...any) (int, error) {
	n, err := fmt.Sscanf(s, format, args...)
	if err == nil && fmt.Sprintf(strings.ReplaceAll(format, "%d", "%02d"), deref(args)...) != s && fmt.Sprintf(format, deref(args)...) != s {
		return n, errors.New("trailing text")
	}
	return n, err
}

func deref(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = *(a.(*int))
	}
	return out
}

// orEmptyStrings is ss, or an empty list for JSON's sake.
func orEmptyStrings(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
