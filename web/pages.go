package web

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/lint"
	"github.com/hindsight-dev/hindsight/render"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request, id *identity) error {
	http.Redirect(w, r, "/postmortems", http.StatusSeeOther)
	return nil
}

// listQuery is the list page's filters.
type listQuery struct {
	Q, Service, Category, Outcome, Since, Until string
	Limit                                       int
}

func readListQuery(r *http.Request) (listQuery, error) {
	q := r.URL.Query()
	lq := listQuery{Q: strings.TrimSpace(q.Get("q")), Service: strings.TrimSpace(q.Get("service")), Category: q.Get("category"),
		Outcome: q.Get("outcome"), Since: q.Get("since"), Until: q.Get("until"), Limit: 50}
	for _, d := range []string{lq.Since, lq.Until} {
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				return lq, hindsight.Errorf(hindsight.EINVALID, "%q is not a date: use YYYY-MM-DD", d)
			}
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return lq, hindsight.Errorf(hindsight.EINVALID, "limit must be 1 to 10000")
		}
		lq.Limit = n
	}
	return lq, nil
}

// listItem is one row of the list: a summary, and a snippet when searched.
type listItem struct {
	hindsight.PostmortemSummary
	Snippet string
}

// Meta is the row's line of facts, built here rather than in the template
// (the list is the app's hottest loop).
func (it *listItem) Meta() string {
	p := &it.PostmortemSummary
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		b.WriteString(s)
	}
	add(p.Date)
	add(strings.Join(p.Services, ", "))
	add(string(p.Category))
	if p.Outcome != "" {
		add("rollback " + strings.ReplaceAll(string(p.Outcome), "_", " "))
	}
	if p.TimeToRecover != nil {
		add("recovered in " + strconv.FormatFloat(*p.TimeToRecover, 'f', 0, 64) + " min")
	}
	switch p.OpenActions {
	case 0:
	case 1:
		add("1 open action")
	default:
		add(strconv.Itoa(p.OpenActions) + " open actions")
	}
	return b.String()
}

// find lists postmortems: a search when q is given (filtered afterwards),
// else the store's listing.
func (s *Server) find(ctx context.Context, lq listQuery) ([]listItem, bool, error) {
	var out []listItem
	keep := func(p *hindsight.PostmortemSummary) bool {
		if lq.Outcome != "" && string(p.Outcome) != lq.Outcome {
			return false
		}
		if lq.Category != "" && string(p.Category) != lq.Category {
			return false
		}
		if lq.Service != "" {
			found := false
			for _, sv := range p.Services {
				found = found || sv == lq.Service
			}
			if !found {
				return false
			}
		}
		return (lq.Since == "" || p.Date >= lq.Since) && (lq.Until == "" || p.Date <= lq.Until)
	}
	if lq.Q != "" {
		filtered := lq.Service != "" || lq.Category != "" || lq.Outcome != "" || lq.Since != "" || lq.Until != ""
		limit := lq.Limit + 1
		if filtered {
			limit = 1000
		}
		res, err := s.store.Search(ctx, lq.Q, limit)
		if err != nil {
			return nil, false, err
		}
		if !filtered {
			// The search's own fields are enough: no listing.
			for _, sr := range res {
				out = append(out, listItem{PostmortemSummary: hindsight.PostmortemSummary{ID: sr.ID, Title: sr.Title, Date: sr.Date}, Snippet: sr.Snippet})
			}
		} else {
			// Filters as well: the summaries of the filtered listing, indexed.
			all, err := s.store.Postmortems(ctx, hindsight.PostmortemFilter{Since: lq.Since, Until: lq.Until, Service: lq.Service,
				Category: hindsight.Category(lq.Category)})
			if err != nil {
				return nil, false, err
			}
			byID := make(map[string]*hindsight.PostmortemSummary, len(all))
			for i := range all {
				byID[all[i].ID] = &all[i]
			}
			for _, sr := range res {
				if p := byID[sr.ID]; p != nil && keep(p) {
					out = append(out, listItem{PostmortemSummary: *p, Snippet: sr.Snippet})
				}
			}
		}
	} else {
		f := hindsight.PostmortemFilter{Since: lq.Since, Until: lq.Until, Service: lq.Service, Category: hindsight.Category(lq.Category)}
		if lq.Outcome == "" {
			f.Limit = lq.Limit + 1
		}
		all, err := s.store.Postmortems(ctx, f)
		if err != nil {
			return nil, false, err
		}
		for i := range all {
			if keep(&all[i]) {
				out = append(out, listItem{PostmortemSummary: all[i]})
			}
		}
	}
	more := len(out) > lq.Limit
	if more {
		out = out[:lq.Limit]
	}
	return out, more, nil
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	lq, err := readListQuery(r)
	if err != nil {
		return err
	}
	items, more, err := s.find(r.Context(), lq)
	if hindsight.ErrorCode(err) == hindsight.EINVALID && lq.Q != "" {
		// Nothing to search for ("💥", "("): the page lists no match, with
		// its search box; the API says what is wrong.
		items, more, err = nil, false, nil
	}
	if err != nil {
		return err
	}
	next := r.URL.Query()
	next.Set("limit", strconv.Itoa(min(lq.Limit*2, 10000)))
	s.render(w, r, id, http.StatusOK, "list", "Postmortems", map[string]any{
		"Q": lq, "Items": items, "More": more, "MoreURL": "/postmortems?" + next.Encode(),
		"Categories": hindsight.Categories, "Outcomes": hindsight.Outcomes,
	})
	return nil
}

func (s *Server) load(ctx context.Context, id string) (*hindsight.StoredPostmortem, error) {
	return s.store.Postmortem(ctx, id, 0)
}

// docHTML returns the postmortem's document as sanitised HTML (render's
// Markdown renderer and allow-list) and its lanes picture, cached by
// content.
func (s *Server) docHTML(sp *hindsight.StoredPostmortem) (cachedBody, error) {
	key := sp.Postmortem.ID + "\x00" + strconv.Itoa(sp.Revision) + "\x00" + sp.SavedAt.String() + "\x00" + sp.Postmortem.Status
	if v, ok := s.cache.get(key); ok {
		return v, nil
	}
	page, err := render.HTML(sp.Postmortem)
	if err != nil {
		return cachedBody{}, err
	}
	body := between(page, "<main>\n", "\n</main>")
	v := cachedBody{body: template.HTML(body), lanes: template.HTML(render.Lanes(sp.Postmortem))} // both from render: sanitised / generated
	s.cache.put(key, v)
	return v, nil
}

func between(b []byte, start, end string) []byte {
	i := bytes.Index(b, []byte(start))
	if i < 0 {
		return nil
	}
	b = b[i+len(start):]
	if j := bytes.LastIndex(b, []byte(end)); j >= 0 {
		b = b[:j]
	}
	return b
}

func (s *Server) postmortemPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	sp, err := s.load(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if sp.Postmortem.ID != r.PathValue("id") { // a prefix: send to the full ID
		http.Redirect(w, r, "/postmortems/"+url.PathEscape(sp.Postmortem.ID), http.StatusSeeOther)
		return nil
	}
	doc, err := s.docHTML(sp)
	if err != nil {
		return err
	}
	data := map[string]any{"SP": sp, "PM": sp.Postmortem, "Body": doc.body, "Lanes": doc.lanes,
		"Statuses": document.Statuses, "Status": docStatus(sp.Postmortem), "Today": s.today()}
	if id.Can("editor") {
		shares, err := s.store.Credentials(ctx, hindsight.CredentialFilter{Kind: hindsight.CredShare, Postmortem: sp.Postmortem.ID})
		if err != nil {
			return err
		}
		data["Shares"] = shares
		if secret := r.URL.Query().Get("share"); secret != "" {
			data["NewShare"] = shareURL(r, secret)
		}
	}
	s.render(w, r, id, http.StatusOK, "postmortem", sp.Postmortem.Title, data)
	return nil
}

func docStatus(pm *hindsight.Postmortem) string {
	if pm.Status == "" {
		return "draft"
	}
	return pm.Status
}

func shareURL(r *http.Request, secret string) string {
	scheme := "http"
	if isTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/s/" + url.PathEscape(secret)
}

func (s *Server) printPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	page, err := render.HTML(sp.Postmortem)
	if err != nil {
		return err
	}
	writeDocument(w, page)
	return nil
}

// writeDocument serves one of render's standalone pages, which need their
// inline styles and nothing else.
func writeDocument(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Security-Policy", documentCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	w.Write(page)
}

// sharePage serves the stakeholder version to whoever holds a live share
// link: no names, hosts or logs, no login.
func (s *Server) sharePage(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	c, err := s.store.Credential(ctx, hindsight.SecretHash(r.PathValue("token")))
	if err != nil || c.Kind != hindsight.CredShare || !c.Live(s.now()) {
		if err != nil && hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
			return err
		}
		return hindsight.Errorf(hindsight.ENOTFOUND, "this share link does not exist or was revoked; ask for a new one")
	}
	sp, err := s.load(ctx, c.Postmortem)
	if err != nil {
		return err
	}
	page, err := render.StakeholderHTML(sp.Postmortem)
	if err != nil {
		return err
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	writeDocument(w, page)
	return nil
}

func (s *Server) newShare(ctx context.Context, pmID string, id *identity) (string, error) {
	sp, err := s.load(ctx, pmID)
	if err != nil {
		return "", err
	}
	secret, hash := hindsight.NewSecret("")
	err = s.store.PutCredential(ctx, &hindsight.Credential{Hash: hash, Kind: hindsight.CredShare, User: id.User,
		Postmortem: sp.Postmortem.ID, Created: s.now()})
	return secret, err
}

func (s *Server) createShare(w http.ResponseWriter, r *http.Request, id *identity) error {
	secret, err := s.newShare(r.Context(), r.PathValue("id"), id)
	if err != nil {
		return err
	}
	// The secret goes in the URL of our own page once, to be copied; the
	// store keeps only its hash.
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(r.PathValue("id"))+"?done=shared&share="+url.QueryEscape(secret)+"#share", http.StatusSeeOther)
	return nil
}

// revokeShareLink revokes the share link whose hash is given (ENOTFOUND
// for any other credential) and returns it.
func (s *Server) revokeShareLink(ctx context.Context, hash string) (*hindsight.Credential, error) {
	c, err := s.store.Credential(ctx, hash)
	if err != nil {
		return nil, err
	}
	if c.Kind != hindsight.CredShare {
		return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no such share link")
	}
	return c, s.store.RevokeCredential(ctx, c.Hash)
}

func (s *Server) revokeShare(w http.ResponseWriter, r *http.Request, id *identity) error {
	c, err := s.revokeShareLink(r.Context(), r.PathValue("hash"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(c.Postmortem)+"?done=revoked#share", http.StatusSeeOther)
	return nil
}

// saveDoc stores pm as a new revision: rendered as the canonical document
// and read back, so durations and milestones follow the edit. base is the
// revision the edit started from (ECONFLICT when stale).
func (s *Server) saveDoc(ctx context.Context, pm *hindsight.Postmortem, base int, who string) (*hindsight.SaveResult, *hindsight.Postmortem, error) {
	t, err := s.templates.Get(pm.Template)
	if err != nil {
		return nil, nil, err
	}
	md := document.Render(pm, t)
	return s.saveMarkdownText(ctx, pm.ID, md, base, who)
}

func (s *Server) saveMarkdownText(ctx context.Context, id string, md []byte, base int, who string) (*hindsight.SaveResult, *hindsight.Postmortem, error) {
	doc, err := document.Parse("the text", md, s.templates) // the name its messages give it
	if err != nil {
		return nil, nil, err
	}
	pm := doc.PM
	if id != "" {
		pm.ID = id
	}
	res, err := s.store.Save(ctx, &hindsight.SaveRequest{Postmortem: pm, Source: string(md), Base: base, Who: who})
	return res, pm, err
}

func (s *Server) setDocStatus(w http.ResponseWriter, r *http.Request, id *identity) error {
	to := r.PostFormValue("status")
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	if _, err := s.changeDocStatus(r.Context(), r.PathValue("id"), to, base, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(r.PathValue("id"))+"?done=status", http.StatusSeeOther)
	return nil
}

func (s *Server) changeDocStatus(ctx context.Context, pmID, to string, base int, id *identity) (*hindsight.SaveResult, error) {
	valid := false
	for _, st := range document.Statuses {
		valid = valid || st == to
	}
	if !valid {
		return nil, hindsight.Errorf(hindsight.EINVALID, "unknown status %q: use draft, in_review or published", to)
	}
	sp, err := s.load(ctx, pmID)
	if err != nil {
		return nil, err
	}
	if sp.Postmortem.Status == to {
		// Already so: a second tap on the button, or another editor's
		// change to the same status. Nothing to do, and no conflict.
		return &hindsight.SaveResult{ID: sp.Postmortem.ID, Revision: sp.Revision, Unchanged: true}, nil
	}
	if base == 0 {
		base = sp.Revision
	}
	pm := sp.Postmortem
	pm.Status = to
	res, _, err := s.saveDoc(ctx, pm, base, id.User)
	if hindsight.ErrorCode(err) == hindsight.ECONFLICT {
		return nil, webConflict(sp, base)
	}
	return res, err
}

// lintDoc renders pm and lints the document, as hindsight lint would.
func (s *Server) lintDoc(pm *hindsight.Postmortem) ([]byte, []lint.Finding) {
	t, err := s.templates.Get(pm.Template)
	if err != nil {
		t, _ = s.templates.Get("")
	}
	md := document.Render(pm, t)
	doc, err := document.Parse("postmortem.md", md, s.templates)
	if err != nil {
		return md, []lint.Finding{{Line: 1, Rule: "parse", Severity: lint.Error, Message: message(err)}}
	}
	return md, lint.Run(&lint.Input{Name: "postmortem.md", PM: doc.PM, Doc: doc, Now: s.now()})
}

func (s *Server) markdownPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	sp, err := s.load(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	md, findings := s.lintDoc(sp.Postmortem)
	s.render(w, r, id, http.StatusOK, "markdown", "Markdown: "+sp.Postmortem.Title, map[string]any{
		"SP": sp, "PM": sp.Postmortem, "Markdown": string(md), "Base": sp.Revision, "Findings": findings})
	return nil
}

func (s *Server) saveMarkdown(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	sp, err := s.load(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("base"))
	md := strings.ReplaceAll(r.PostFormValue("markdown"), "\r\n", "\n")
	if len(md) > maxText {
		return hindsight.Errorf(hindsight.ETOOLARGE, "the document is over the %d MB limit", maxText>>20)
	}
	res, _, err := s.saveMarkdownText(ctx, sp.Postmortem.ID, []byte(md), base, id.User)
	if err != nil {
		switch hindsight.ErrorCode(err) {
		case hindsight.EINVALID:
			// The revision it was edited from stays too: the text was not
			// checked against a later one.
			if base == 0 {
				base = sp.Revision
			}
			s.render(w, r, id, statusOf(err), "markdown", "Markdown: "+sp.Postmortem.Title, map[string]any{
				"SP": sp, "PM": sp.Postmortem, "Markdown": md, "Base": base, "Error": webMessage(err)})
			return nil
		case hindsight.ECONFLICT:
			// The text stays, and so does the revision it was edited from:
			// saving again is refused again until the other change is seen.
			s.render(w, r, id, statusOf(err), "markdown", "Markdown: "+sp.Postmortem.Title, map[string]any{
				"SP": sp, "PM": sp.Postmortem, "Markdown": md, "Base": base, "Error": message(webConflict(sp, base))})
			return nil
		}
		return err
	}
	done := "saved"
	switch {
	case res.Unchanged:
		done = "unchanged"
	case len(res.Notes) > 0:
		done = "kept"
	}
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(res.ID)+"/markdown?done="+done, http.StatusSeeOther)
	return nil
}

// webConflict is the web's word for a save refused because the postmortem
// moved on from base, the revision the page was opened at.
func webConflict(sp *hindsight.StoredPostmortem, base int) error {
	return hindsight.Errorf(hindsight.ECONFLICT, "someone else saved this postmortem while you were editing it (you opened revision %d; "+
		"it is at revision %d now), so nothing was saved. Copy what you changed, open the postmortem again to see their change, "+
		"and make yours there.", base, sp.Revision)
}

// Action items board.

type boardColumn struct {
	Status hindsight.Status
	Items  []hindsight.TrackedAction
	Total  int
}

func (s *Server) actionsPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	q := r.URL.Query()
	owner, bucket := strings.TrimSpace(q.Get("owner")), q.Get("bucket")
	today := s.today()
	var cols []boardColumn
	var open, overdue int
	for _, st := range hindsight.Statuses {
		f := hindsight.ActionFilter{Owner: owner, Bucket: hindsight.Bucket(bucket), Status: st, Today: today, All: !st.Open(), Limit: 200}
		list, err := s.store.ActionItems(ctx, f)
		if err != nil {
			return err
		}
		col := boardColumn{Status: st, Total: list.Total}
		for _, it := range list.Items {
			if !it.Removed {
				col.Items = append(col.Items, it)
			}
		}
		if st.Open() {
			open += list.Open
			overdue += list.Overdue
		}
		if !st.Open() { // closed columns: latest change first
			sort.SliceStable(col.Items, func(i, j int) bool { return col.Items[i].Updated.After(col.Items[j].Updated) })
		}
		cols = append(cols, col)
	}
	s.render(w, r, id, http.StatusOK, "actions", "Action items", map[string]any{
		"Columns": cols, "Owner": owner, "Bucket": bucket, "Buckets": hindsight.Buckets, "Statuses": hindsight.Statuses,
		"Today": today, "Open": open, "Overdue": overdue, "Back": actionsBack(owner, bucket)})
	return nil
}

// actionsBack is the board with its filters, where a status change
// returns to.
func actionsBack(owner, bucket string) string {
	q := url.Values{}
	if owner != "" {
		q.Set("owner", owner)
	}
	if bucket != "" {
		q.Set("bucket", bucket)
	}
	if len(q) == 0 {
		return "/actions"
	}
	return "/actions?" + q.Encode()
}

func (s *Server) actionStatus(w http.ResponseWriter, r *http.Request, id *identity) error {
	ch := &hindsight.StatusChange{ID: r.PathValue("id"), From: hindsight.Status(r.PostFormValue("from")),
		To: hindsight.Status(r.PostFormValue("to")), Note: strings.TrimSpace(r.PostFormValue("note")), Who: id.User}
	if ch.To == hindsight.StatusWontDo && ch.Note == "" {
		return hindsight.Errorf(hindsight.EINVALID, "won't do needs a reason: write why in the note field, and change the status again")
	}
	if _, err := s.store.SetStatus(r.Context(), ch); err != nil {
		// A second tap on the button: the item already has the status
		// asked for, and the answer is the first tap's.
		if a, aerr := s.store.ActionItem(r.Context(), ch.ID); hindsight.ErrorCode(err) != hindsight.ECONFLICT || aerr != nil || a.Status != ch.To {
			return err
		}
	}
	back := safeNext(r.PostFormValue("back"))
	if back == "/" {
		back = "/actions"
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	http.Redirect(w, r, back+sep+"done=status", http.StatusSeeOther)
	return nil
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	q := r.URL.Query()
	f := hindsight.StatsFilter{Since: q.Get("since"), Until: q.Get("until"), Service: strings.TrimSpace(q.Get("service")), Today: s.today()}
	for _, d := range []string{f.Since, f.Until} {
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				return hindsight.Errorf(hindsight.EINVALID, "%q is not a date: use YYYY-MM-DD", d)
			}
		}
	}
	st, err := s.store.Stats(r.Context(), f)
	if err != nil {
		return err
	}
	s.render(w, r, id, http.StatusOK, "dashboard", "Dashboard", map[string]any{"Stats": st, "Filter": f, "Charts": dashboardCharts(st)})
	return nil
}
