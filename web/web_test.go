package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/snap"
)

func TestFlowSQLite(t *testing.T) { testFlow(t, openSQLite(t)) }

// TestFlowPostgres runs the same flow against PostgreSQL when
// HINDSIGHT_TEST_POSTGRES is set (and fails under CI=true without it).
func TestFlowPostgres(t *testing.T) { testFlow(t, openPostgres(t)) }

// testFlow: snap (reviewed lines) → draft → edit the timeline and action
// items → review → publish → action status → board and dashboard → share
// link and revoke, as the local user.
func testFlow(t *testing.T, st Store) {
	ctx := context.Background()
	f := newFixture(t, st, true)
	local := func(r req) req { r.csrf = true; return r }

	// Snap: one unsure line corrected, one left as read.
	w := f.do(local(req{method: "POST", path: "/snap/draft", form: url.Values{
		"name": {"board.jpg"}, "date": {"2026-11-20"}, "template": {"deployment"},
		"line":   {"Orders 5xx after deploy", "Timeline:", "14:02 deploy of orders v7 started", "14:05 errors climb on POST /orders", "14:09 alert fired", "", "Action items:", "- Canary orders deploys @dana P1 due 2026-12-01"},
		"orig":   {"Orders 5xx after deploy", "Timeline:", "14:02 deploy of orders v7 started", "14:O5 errors dimb on POST /orders", "14:09 alert fired", "", "Action items:", "- Canary orders deploys @dana P1 due 2026-12-01"},
		"unsure": {"3", "4"},
	}}))
	if w.Code != see {
		t.Fatalf("snap draft: %d %s", w.Code, firstLine(w.Body.String()))
	}
	loc := w.Header().Get("Location")
	id, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(loc, "/postmortems/"), "/edit?done=created"))
	sp, err := st.Postmortem(ctx, id, 0)
	if err != nil {
		t.Fatalf("the draft %q: %v", id, err)
	}
	pm := sp.Postmortem
	if pm.Status != "draft" || len(pm.Timeline) != 3 || len(pm.ActionItems) != 1 {
		t.Fatalf("draft: status %q, %d events, %d actions", pm.Status, len(pm.Timeline), len(pm.ActionItems))
	}
	if pm.Timeline[1].Unverified || !pm.Timeline[2].Unverified {
		t.Errorf("corrected line unverified=%v (want false), unsure line left as read unverified=%v (want true)",
			pm.Timeline[1].Unverified, pm.Timeline[2].Unverified)
	}
	// A search of symbols only finds nothing, on the list with its search
	// box (it was an error page).
	if w := f.do(req{method: "GET", path: "/postmortems?q=" + url.QueryEscape("💥 (")}); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `name="q"`) {
		t.Errorf("a search of symbols: %d", w.Code)
	}
	// It is in the list.
	if w := f.do(req{method: "GET", path: "/postmortems?q=orders"}); !strings.Contains(w.Body.String(), "/postmortems/"+id) {
		t.Errorf("the search does not list %s", id)
	}

	// Edit: retime and reword the first event, verify the third, change
	// the action item's owner and due date, add one.
	edit := func(form url.Values) *httpResponse {
		form.Set("events", itoa(len(pm.Timeline)))
		form.Set("actions", itoa(len(pm.ActionItems)))
		w := f.do(local(req{method: "POST", path: "/postmortems/" + id + "/edit", form: form}))
		return &httpResponse{w.Code, w.Header().Get("Location"), w.Body.String()}
	}
	form := draftForm(sp)
	form.Del("base") // the form is posted again after each save below
	form.Set("ev-0-time", "14:01")
	form.Set("ev-0-text", "deploy of orders v7 started (canary skipped)")
	form.Set("ev-2-verified", "on")
	a := pm.ActionItems[0]
	form.Set("act-0-text", a.Text)
	form.Set("act-0-owner", "sam")
	form.Set("act-0-priority", "P1")
	form.Set("act-0-due", "2026-12-05")
	form.Set("act-0-bucket", string(hindsight.BucketDeploySafety))
	if r := edit(form); r.code != see {
		t.Fatalf("edit: %d %s", r.code, firstLine(r.body))
	}
	sp, _ = st.Postmortem(ctx, id, 0)
	pm = sp.Postmortem
	if e := pm.Timeline[0]; e.At == nil || e.At.Clock() != "14:01" || !strings.Contains(e.Text, "canary skipped") {
		t.Errorf("event 0 after the edit: %+v", e)
	}
	if pm.Timeline[2].Unverified {
		t.Errorf("event 2 still unverified after it was marked verified")
	}
	if a := pm.ActionItems[0]; a.Owner != "sam" || a.Due != "2026-12-05" || a.Priority != "P1" {
		t.Errorf("action item after the edit: %+v", a)
	}
	if sp.Revision != 2 {
		t.Errorf("revision %d, want 2", sp.Revision)
	}
	// A bad due date comes back beside the field; nothing is saved.
	form.Set("act-0-due", "next friday")
	if r := edit(form); r.code != http.StatusBadRequest || !strings.Contains(r.body, `id="act-0-due-error"`) || !strings.Contains(r.body, "next friday") {
		t.Errorf("bad due: %d, want 400 with the error beside the field", r.code)
	}
	// A row added, deleted or moved with a field in error is not: the form
	// that comes back shows the stored rows its fields are posted against,
	// and keeps the new row's text. Saving it once fixed changes no row.
	before := len(pm.Timeline)
	for _, op := range []string{"add-ev", "del-ev:0", "up:2"} {
		form.Set("act-0-due", "next friday")
		form.Set("op", op)
		form.Set("new-time", "14:06")
		form.Set("new-text", "QA inserted row")
		form.Set("new-kind", "detect")
		r := edit(form)
		if r.code != http.StatusBadRequest || strings.Count(r.body, `class="event`) != before ||
			!strings.Contains(r.body, `value="QA inserted row"`) || !strings.Contains(r.body, `value="detect" selected`) {
			t.Errorf("%s with a bad due date: %d, %d rows shown (want %d, stored), new row kept: %v", op, r.code,
				strings.Count(r.body, `class="event`), before, strings.Contains(r.body, `value="QA inserted row"`))
		}
		form.Set("act-0-due", "2026-12-05")
		form.Set("op", "save")
		form.Del("new-time")
		form.Del("new-text")
		if r := edit(form); r.code != see {
			t.Fatalf("save after fixing the due date: %d %s", r.code, firstLine(r.body))
		}
		sp, _ = st.Postmortem(ctx, id, 0)
		if got := sp.Postmortem.Timeline; len(got) != before || got[0].Text != pm.Timeline[0].Text || got[2].Text != pm.Timeline[2].Text {
			t.Fatalf("after %s with an error, then save: timeline %d rows (want %d), first %q", op, len(got), before, got[0].Text)
		}
	}
	// Saved meanwhile by someone else: the form comes back as filled in, on
	// the revision it was opened at, so saving it again is refused again.
	sp, _ = st.Postmortem(ctx, id, 0)
	stale := url.Values{"op": {"save"}, "base": {itoa(sp.Revision - 1)}, "title": {"Orders 5xx, retitled on a phone"}, "date": {pm.Date}}
	if r := edit(stale); r.code != http.StatusConflict || !strings.Contains(r.body, `id="conflict"`) ||
		!strings.Contains(r.body, `value="Orders 5xx, retitled on a phone"`) || !strings.Contains(r.body, `name="base" value="`+itoa(sp.Revision-1)+`"`) {
		t.Errorf("a stale draft form: %d, want 409 with the form as filled in and the old base", r.code)
	}
	mdPage := f.do(req{method: "GET", path: "/postmortems/" + id + "/markdown"}).Body.String()
	if !strings.Contains(mdPage, `name="base" value="`+itoa(sp.Revision)+`"`) {
		t.Errorf("the Markdown page does not post its revision %d as base", sp.Revision)
	}
	md := f.do(local(req{method: "GET", path: "/api/v1/postmortems/" + id + "/markdown"})).Body.String()
	w = f.do(local(req{method: "POST", path: "/postmortems/" + id + "/markdown",
		form: url.Values{"markdown": {md + "\nEdited on a phone.\n"}, "base": {itoa(sp.Revision - 1)}}}))
	if body := w.Body.String(); w.Code != http.StatusConflict || !strings.Contains(body, "Edited on a phone") ||
		!strings.Contains(body, `name="base" value="`+itoa(sp.Revision-1)+`"`) || strings.Contains(body, "hindsight show") {
		t.Errorf("a stale Markdown save: %d, want 409 keeping the text and the old base, in the web's words", w.Code)
	}
	// Text that is no document is said in the web's words.
	w = f.do(local(req{method: "POST", path: "/postmortems/" + id + "/markdown", form: url.Values{"markdown": {"just notes\n"}}}))
	if body := w.Body.String(); w.Code != http.StatusBadRequest || !strings.Contains(body, "the text is not a Hindsight document") || strings.Contains(body, "hindsight snap") {
		t.Errorf("Markdown with no front matter: %d %s", w.Code, body[strings.Index(body, "<main"):][:300])
	}
	// Invalid text on a stale page keeps the page's revision too: once the
	// text is fixed, saving it is refused as stale, not taken over the
	// other save.
	w = f.do(local(req{method: "POST", path: "/postmortems/" + id + "/markdown",
		form: url.Values{"markdown": {"---\ntitle: [broken\n---\n"}, "base": {itoa(sp.Revision - 1)}}}))
	if body := w.Body.String(); w.Code != http.StatusBadRequest || !strings.Contains(body, `name="base" value="`+itoa(sp.Revision-1)+`"`) {
		t.Errorf("invalid Markdown on a stale page: %d, want 400 keeping the old base", w.Code)
	}
	// A stale form whose button was a row operation comes back with the
	// rows of its revision, not moved.
	stale = url.Values{"op": {"del-ev:0"}, "base": {itoa(sp.Revision - 1)}, "events": {itoa(len(pm.Timeline))}}
	if w := f.do(local(req{method: "POST", path: "/postmortems/" + id + "/edit", form: stale})); w.Code != http.StatusConflict ||
		strings.Count(w.Body.String(), `class="event`) != len(pm.Timeline) {
		t.Errorf("a stale form with a row deleted: %d, %d rows shown, want 409 with the %d rows", w.Code,
			strings.Count(w.Body.String(), `class="event`), len(pm.Timeline))
	}
	// An action item added with a priority or bucket not on the lists
	// (the selects offer none such; a crafted form) is refused, not dropped.
	for _, field := range []string{"new-act-priority", "new-act-bucket"} {
		bad := url.Values{"op": {"add-act"}, "new-act-text": {"Canary gate"}, field: {"P7"}}
		if r := edit(bad); r.code != http.StatusBadRequest || !strings.Contains(r.body, `value="Canary gate"`) {
			t.Errorf("add-act with %s=P7: %d, want 400 keeping the text", field, r.code)
		}
	}
	// Move the last event up, add an event and an action item.
	form.Set("op", "up:2")
	if r := edit(form); r.code != see {
		t.Fatalf("move: %d %s", r.code, firstLine(r.body))
	}
	sp, _ = st.Postmortem(ctx, id, 0)
	pm = sp.Postmortem
	if !strings.Contains(pm.Timeline[1].Text, "alert") {
		t.Errorf("after moving event 2 up, event 1 is %q", pm.Timeline[1].Text)
	}
	form = url.Values{"op": {"add-ev"}, "new-time": {"14:20"}, "new-text": {"rolled back to v6"}, "new-kind": {"rollback_start"}}
	if r := edit(form); r.code != see {
		t.Fatalf("add event: %d %s", r.code, firstLine(r.body))
	}
	form = url.Values{"op": {"add-act"}, "new-act-text": {"Test rollback of orders weekly"}, "new-act-owner": {"lin"}, "new-act-bucket": {"rollback_trust"}, "new-act-due": {"2026-11-01"}}
	if r := edit(form); r.code != see {
		t.Fatalf("add action: %d %s", r.code, firstLine(r.body))
	}
	sp, _ = st.Postmortem(ctx, id, 0)
	pm = sp.Postmortem
	if len(pm.Timeline) != 4 || pm.Timeline[3].Text != "rolled back to v6" || len(pm.ActionItems) != 2 {
		t.Fatalf("after adding: %d events (last %q), %d actions", len(pm.Timeline), pm.Timeline[len(pm.Timeline)-1].Text, len(pm.ActionItems))
	}
	if len(sp.Actions) != 2 || sp.Actions[1].ID == "" {
		t.Fatalf("tracked actions: %+v", sp.Actions)
	}
	newAction := sp.Actions[1].ID

	// The edit page shows lint findings beside the form.
	if w := f.do(req{method: "GET", path: "/postmortems/" + id + "/edit"}); !strings.Contains(w.Body.String(), `class="findings"`) {
		t.Errorf("no lint findings on the edit page")
	}

	// Review, publish; each button tapped twice with the revision the page
	// showed: the second tap is the first's answer, not a conflict.
	for _, to := range []string{"in_review", "published"} {
		sp, _ := st.Postmortem(ctx, id, 0)
		for tap := 1; tap <= 2; tap++ {
			form := url.Values{"status": {to}, "base": {itoa(sp.Revision)}}
			if w := f.do(local(req{method: "POST", path: "/postmortems/" + id + "/status", form: form})); w.Code != see {
				t.Fatalf("status %s, tap %d: %d %s", to, tap, w.Code, firstLine(w.Body.String()))
			}
		}
	}
	if w := f.do(req{method: "GET", path: "/postmortems/" + id}); !strings.Contains(w.Body.String(), `id="doc-status">published`) {
		t.Errorf("the page does not say published")
	}

	// The new item is overdue on the board; mark it done with a note.
	w = f.do(req{method: "GET", path: "/actions"})
	board := w.Body.String()
	if !strings.Contains(board, `id="item-`+newAction+`"`) || !strings.Contains(board, "is-overdue") {
		t.Errorf("the board does not show %s overdue", newAction)
	}
	// A status change on a filtered board returns to the board so filtered.
	if page := f.do(req{method: "GET", path: "/actions?owner=lin&bucket=rollback_trust"}).Body.String(); !strings.Contains(page, `name="back" value="/actions?bucket=rollback_trust&amp;owner=lin"`) {
		t.Errorf("the filtered board's forms do not return to it")
	}
	// So does the API's list, and an unknown bucket is an error.
	var api struct {
		Items []json.RawMessage
		Total int
	}
	w = f.do(req{method: "GET", path: "/api/v1/actions?bucket=rollback_trust"})
	if err := json.Unmarshal(w.Body.Bytes(), &api); err != nil || api.Total != len(api.Items) || api.Total == 0 {
		t.Errorf("GET /api/v1/actions?bucket=rollback_trust: total %d for %d items (%v)", api.Total, len(api.Items), err)
	}
	if w := f.do(req{method: "GET", path: "/api/v1/actions?bucket=nonsense"}); w.Code != http.StatusBadRequest {
		t.Errorf("GET /api/v1/actions?bucket=nonsense: %d, want 400", w.Code)
	}
	// Filtered by bucket, the headline counts the bucket's items only.
	all := f.do(req{method: "GET", path: "/actions"}).Body.String()
	trust := f.do(req{method: "GET", path: "/actions?bucket=rollback_trust"}).Body.String()
	openCards := func(page string) int {
		n := 0
		for _, st := range []string{"proposed", "accepted", "in_progress"} {
			col := page[strings.Index(page, `id="col-`+st+`"`):]
			n += strings.Count(col[:strings.Index(col, "</section>")], `<li class="card`)
		}
		return n
	}
	if n := openCards(trust); n >= openCards(all) || !strings.Contains(trust, fmt.Sprintf("<strong>%d</strong> open", n)) {
		t.Errorf("the rollback_trust board shows %d open cards (of %d); its headline: %s", n, openCards(all),
			trust[strings.Index(trust, `<p class="meta">`):][:100])
	}
	doneBefore := kpi(f, "kpi-done")
	if w := f.do(local(req{method: "POST", path: "/actions/" + newAction + "/status", form: url.Values{"to": {"done"}, "note": {"weekly job, PR 77"}, "from": {"proposed"}}})); w.Code != see {
		t.Fatalf("action status: %d %s", w.Code, firstLine(w.Body.String()))
	}
	board = f.do(req{method: "GET", path: "/actions"}).Body.String()
	doneCol := board[strings.Index(board, `id="col-done"`):]
	doneCol = doneCol[:strings.Index(doneCol, "</section>")]
	if !strings.Contains(doneCol, newAction) || !strings.Contains(doneCol, "weekly job, PR 77") {
		t.Errorf("the done column does not show %s with its note", newAction)
	}
	if after := kpi(f, "kpi-done"); after != doneBefore+1 {
		t.Errorf("dashboard: done %d → %d, want one more", doneBefore, after)
	}
	// The same change again (a second tap) is its answer again.
	if w := f.do(local(req{method: "POST", path: "/actions/" + newAction + "/status", form: url.Values{"to": {"done"}, "note": {"weekly job, PR 77"}, "from": {"proposed"}}})); w.Code != see {
		t.Errorf("the same status change again: %d %s", w.Code, firstLine(w.Body.String()))
	}
	// Won't do without a reason, and an unknown item, are said in the
	// web's words, not the command line's.
	if w := f.do(local(req{method: "POST", path: "/actions/" + newAction + "/status", form: url.Values{"to": {"wont_do"}}})); w.Code != http.StatusBadRequest ||
		!strings.Contains(w.Body.String(), "write why in the note field") || strings.Contains(w.Body.String(), "--note") {
		t.Errorf("won't do without a note: %d %s", w.Code, firstLine(w.Body.String()))
	}
	if w := f.do(req{method: "GET", path: "/postmortems/no-such-postmortem"}); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "hindsight list") {
		t.Errorf("an unknown postmortem: %d, and the page speaks of the command line", w.Code)
	}
	// A stale change (from is no longer the status) is a conflict.
	if w := f.do(local(req{method: "POST", path: "/actions/" + newAction + "/status", form: url.Values{"to": {"verified"}, "from": {"proposed"}}})); w.Code != http.StatusConflict ||
		strings.Contains(w.Body.String(), "'hindsight") {
		t.Errorf("stale status change: %d, want 409 in the web's words", w.Code)
	}

	// Share the stakeholder version, then revoke the link.
	w = f.do(local(req{method: "POST", path: "/postmortems/" + id + "/shares", form: url.Values{}}))
	u, _ := url.Parse(w.Header().Get("Location"))
	secret := u.Query().Get("share")
	if secret == "" {
		t.Fatalf("no share secret in %q", w.Header().Get("Location"))
	}
	w = f.do(req{method: "GET", path: "/s/" + secret})
	if w.Code != ok || !strings.Contains(w.Body.String(), "Orders 5xx") || strings.Contains(w.Body.String(), "sam") {
		t.Errorf("share page: %d, want 200 with the title and no owner names", w.Code)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
		t.Errorf("share page CSP %q", csp)
	}
	if w := f.do(local(req{method: "POST", path: "/shares/" + hindsight.SecretHash(secret) + "/revoke", form: url.Values{}})); w.Code != see {
		t.Fatalf("revoke: %d", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/s/" + secret}); w.Code != nf {
		t.Errorf("revoked share link: %d, want 404", w.Code)
	}

	// The API gives the JSON contract.
	w = f.do(req{method: "GET", path: "/api/v1/postmortems/" + id})
	var got hindsight.Postmortem
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Schema != hindsight.Schema || got.Status != "published" {
		t.Errorf("api get: %v, schema %q status %q", err, got.Schema, got.Status)
	}
	w = f.do(req{method: "GET", path: "/api/v1/postmortems/no-such-thing"})
	var e struct {
		Error struct{ Code, Message string }
	}
	if json.Unmarshal(w.Body.Bytes(), &e); w.Code != nf || e.Error.Code != hindsight.ENOTFOUND {
		t.Errorf("api 404: %d %s", w.Code, w.Body.String())
	}
	// The dashboard draws its charts as SVG.
	if body := f.do(req{method: "GET", path: "/dashboard"}).Body.String(); strings.Count(body, "<svg class=\"chart\"") < 6 {
		t.Errorf("the dashboard has %d charts, want 7", strings.Count(body, "<svg class=\"chart\""))
	}
}

type httpResponse struct {
	code     int
	location string
	body     string
}

func kpi(f *fixture, id string) int {
	body := f.do(req{method: "GET", path: "/dashboard"}).Body.String()
	i := strings.Index(body, `id="`+id+`">`)
	if i < 0 {
		f.t.Fatalf("no %s on the dashboard", id)
	}
	s := body[i+len(`id="`+id+`">`):]
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// TestLogin: a wrong password is refused with the same words as a missing
// user; the right one sets an HttpOnly, SameSite=Lax cookie, Secure behind
// TLS; logout ends the session in the store.
func TestLogin(t *testing.T) {
	f := newFixture(t, openSQLite(t), false)
	f.addUsers()
	for _, c := range []struct{ name, pw string }{{"editor", "wrong password"}, {"nobody", "correct horse battery"}} {
		w := f.do(req{method: "POST", path: "/login", csrf: true, form: url.Values{"name": {c.name}, "password": {c.pw}}})
		if w.Code != unauth || !strings.Contains(w.Body.String(), "do not match an account") {
			t.Errorf("login %s/%s: %d", c.name, c.pw, w.Code)
		}
	}
	w := f.do(req{method: "POST", path: "/login", csrf: true, form: url.Values{"name": {"editor"}, "password": {"correct horse battery"}, "next": {"/actions"}},
		header: map[string]string{"X-Forwarded-Proto": "https"}})
	if w.Code != see || w.Header().Get("Location") != "/actions" {
		t.Fatalf("login: %d to %q", w.Code, w.Header().Get("Location"))
	}
	var session *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", session)
	}
	if w := f.do(req{method: "GET", path: "/api/v1/me", session: session.Value}); !strings.Contains(w.Body.String(), `"role": "editor"`) {
		t.Errorf("me: %s", w.Body.String())
	}
	// An open redirect is refused.
	w = f.do(req{method: "POST", path: "/login", csrf: true, form: url.Values{"name": {"editor"}, "password": {"correct horse battery"}, "next": {"//evil.example/"}}})
	if loc := w.Header().Get("Location"); loc != "/" {
		t.Errorf("next=//evil.example/ redirected to %q", loc)
	}
	if w := f.do(req{method: "POST", path: "/logout", session: session.Value, csrf: true, form: url.Values{}}); w.Code != see {
		t.Fatalf("logout: %d", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/api/v1/me", session: session.Value}); w.Code != unauth {
		t.Errorf("after logout: %d, want 401", w.Code)
	}
}

// TestLocalMode: on loopback with no users everyone is the local admin;
// once a user exists, a login is needed.
func TestLocalMode(t *testing.T) {
	f := newFixture(t, openSQLite(t), true)
	if w := f.do(req{method: "GET", path: "/api/v1/me"}); !strings.Contains(w.Body.String(), `"via": "local"`) {
		t.Fatalf("loopback, no users: %s", w.Body.String())
	}
	// A script on this machine may write without a browser's CSRF token.
	if w := f.do(req{method: "POST", path: "/api/v1/postmortems", body: "Timeline:\n10:00 — deploy", ctype: "text/plain"}); w.Code != http.StatusCreated {
		t.Errorf("local API write: %d %s", w.Code, w.Body.String())
	}
	// A browser cannot: it sends Origin or Sec-Fetch-Site.
	if w := f.do(req{method: "POST", path: "/api/v1/postmortems", body: "Timeline:\n10:00 — deploy", ctype: "text/plain",
		header: map[string]string{"Sec-Fetch-Site": "same-origin"}}); w.Code != forb {
		t.Errorf("local API write from a browser without a token: %d, want 403", w.Code)
	}
	f.addUsers()
	if w := f.do(req{method: "GET", path: "/postmortems"}); w.Code != see {
		t.Errorf("with users, anonymous: %d, want 303 to login", w.Code)
	}
	g := newFixture(t, openSQLite(t), false)
	if w := g.do(req{method: "GET", path: "/api/v1/me"}); w.Code != unauth {
		t.Errorf("not loopback, no users: %d, want 401", w.Code)
	}
}

func TestStaticAndHeaders(t *testing.T) {
	f := newFixture(t, openSQLite(t), true)
	w := f.do(req{method: "GET", path: assetNames["app.js"]})
	if w.Code != ok || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("static: %d %v", w.Code, w.Header())
	}
	if w := f.do(req{method: "GET", path: "/static/app.css"}); w.Code != nf {
		t.Errorf("unhashed static name: %d, want 404", w.Code)
	}
	for _, p := range []string{"/postmortems", "/snap", "/dashboard", "/nowhere", "/api/v1/nowhere"} {
		w := f.do(req{method: "GET", path: p})
		checkSecurityHeaders(t, w)
		if strings.Contains(w.Body.String(), "<script>") {
			t.Errorf("%s has an inline script", p)
		}
	}
	if w := f.do(req{method: "GET", path: "/snap"}); !strings.Contains(w.Body.String(), `accept="image/*" capture="environment"`) {
		t.Errorf("the snap page has no camera input")
	}
}

func TestReadyz(t *testing.T) {
	st := openSQLite(t)
	f := newFixture(t, st, true)
	if w := f.do(req{method: "GET", path: "/readyz"}); w.Code != ok {
		t.Fatalf("readyz: %d", w.Code)
	}
	st.Close()
	if w := f.do(req{method: "GET", path: "/readyz"}); w.Code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the store closed: %d, want 503", w.Code)
	}
	if w := f.do(req{method: "GET", path: "/healthz"}); w.Code != ok {
		t.Errorf("healthz with the store closed: %d, want 200", w.Code)
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") {
		t.Errorf("hash %q does not check", h)
	}
	if _, err := HashPassword("short"); err == nil {
		t.Errorf("a 5-character password was accepted")
	}
}

// TestAPIKeptStatus saves, through the API, a document that ticks an
// action item which was done before and reopened: the history keeps the
// item in progress, and the answer's notes say so.
func TestAPIKeptStatus(t *testing.T) {
	ctx := context.Background()
	st := openSQLite(t)
	f := newFixture(t, st, true)
	w := f.do(req{method: "POST", path: "/api/v1/postmortems", ctype: "text/plain",
		body: "Cache outage\nTimeline:\n09:00 — deploy of cache v2\n09:04 — errors climb\nAction items:\n- Warm the cache before cutover @kim P2\n"})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	var created struct{ ID string }
	json.Unmarshal(w.Body.Bytes(), &created)
	sp, err := st.Postmortem(ctx, created.ID, 0)
	if err != nil || len(sp.Actions) != 1 {
		t.Fatalf("created %q: %v", created.ID, err)
	}
	item := sp.Actions[0].ID
	for _, to := range []hindsight.Status{hindsight.StatusDone, hindsight.StatusInProgress} {
		if _, err := st.SetStatus(ctx, &hindsight.StatusChange{ID: item, To: to, Who: "kim"}); err != nil {
			t.Fatal(err)
		}
	}
	sp, _ = st.Postmortem(ctx, created.ID, 0)
	md, _ := f.srv.lintDoc(sp.Postmortem)
	ticked := strings.Replace(string(md), "- [ ] Warm the cache", "- [x] Warm the cache", 1)
	if ticked == string(md) {
		t.Fatalf("no open item to tick in:\n%s", md)
	}
	w = f.do(req{method: "PUT", path: "/api/v1/postmortems/" + created.ID + "?base=" + itoa(sp.Revision), body: ticked, ctype: "text/markdown"})
	var res struct{ Notes []string }
	json.Unmarshal(w.Body.Bytes(), &res)
	if w.Code != http.StatusOK || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], item+": the document shows done, a status it had before") {
		t.Errorf("PUT of the ticked document: %d %s", w.Code, w.Body.String())
	}
	if a, _ := st.ActionItem(ctx, item); a.Status != hindsight.StatusInProgress {
		t.Errorf("after the PUT %s is %s; want in_progress kept", item, a.Status)
	}
}

// draftForm is the draft page's form for sp as a browser posts it, every
// row and item as shown.
func draftForm(sp *hindsight.StoredPostmortem) url.Values {
	pm := sp.Postmortem
	form := url.Values{"op": {"save"}, "base": {itoa(sp.Revision)}, "title": {pm.Title}, "date": {pm.Date},
		"events": {itoa(len(pm.Timeline))}, "actions": {itoa(len(pm.ActionItems))}}
	for i, e := range pm.Timeline {
		k := "ev-" + itoa(i) + "-"
		form.Set(k+"time", clockOf(pm, e.At))
		form.Set(k+"text", e.Text)
		form.Set(k+"kind", string(e.Kind))
		if !e.Unverified {
			form.Set(k+"verified", "on")
		}
	}
	for i, a := range pm.ActionItems {
		k := "act-" + itoa(i) + "-"
		form.Set(k+"text", a.Text)
		form.Set(k+"owner", a.Owner)
		form.Set(k+"priority", string(a.Priority))
		form.Set(k+"due", a.Due)
		form.Set(k+"bucket", string(a.Bucket))
	}
	return form
}

// TestDraftDateAndKinds: in the draft editor, changing the date moves the
// timeline with it, and marking a row as the rollback decision moves the
// milestone and the split into two timelines; both were ignored.
func TestDraftDateAndKinds(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, openSQLite(t), true)
	id := f.ids[0] // migration-bad-state: 14:02 … 14:42 on 2026-11-20, the decision at 14:15
	post := func(form url.Values) {
		t.Helper()
		if w := f.do(req{method: "POST", path: "/postmortems/" + id + "/edit", form: form, csrf: true}); w.Code != see {
			t.Fatalf("edit: %d %s", w.Code, firstLine(w.Body.String()))
		}
	}
	sp, _ := f.store.Postmortem(ctx, id, 0)
	form := draftForm(sp)
	form.Set("date", "2026-11-21")
	post(form)
	sp, _ = f.store.Postmortem(ctx, id, 0)
	pm := sp.Postmortem
	if d := pm.Milestones.RollbackDecision; pm.Date != "2026-11-21" || d == nil || d.ISO()[:10] != "2026-11-21" || pm.Timeline[0].At.ISO()[:10] != "2026-11-21" {
		t.Errorf("after the date change: date %s, first event %s, decision %v", pm.Date, pm.Timeline[0].At.ISO(), d)
	}
	if got := pm.Durations.TimeToRecover; got == nil || *got != 37 {
		t.Errorf("recover %v after the date change, want 37", got)
	}
	for _, e := range pm.Timeline {
		if e.At != nil && e.At.ISO()[:10] != "2026-11-21" {
			t.Errorf("after the date change, %s %q is on another day", e.At.ISO(), e.Text)
		}
	}
	// A timeline past midnight moves whole: the rows shown with a date of
	// their own (the next day's) move with it.
	night, err := snap.Bytes("night.txt", []byte("Night outage 2026-11-20\n\nTIMELINE\n23:50 deploy of api v3 started\n23:55 errors rising\n"+
		"00:05 decided to roll back\n00:06 rollback started\n00:12 rollback complete\n00:20 recovered\n"), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := f.srv.saveDoc(ctx, night, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	nsp, _ := f.store.Postmortem(ctx, res.ID, 0)
	nform := draftForm(nsp)
	nform.Set("date", "2026-11-25")
	if w := f.do(req{method: "POST", path: "/postmortems/" + res.ID + "/edit", form: nform, csrf: true}); w.Code != see {
		t.Fatalf("edit: %d %s", w.Code, firstLine(w.Body.String()))
	}
	nsp, _ = f.store.Postmortem(ctx, res.ID, 0)
	for _, e := range nsp.Postmortem.Timeline {
		if day := e.At.ISO()[:10]; day != "2026-11-25" && day != "2026-11-26" || (e.At.Clock() < "12:00") != (day == "2026-11-26") {
			t.Errorf("the night timeline moved to 2026-11-25: %s %q", e.At.ISO(), e.Text)
		}
	}
	if got := nsp.Postmortem.Durations.TimeToRecover; got == nil || *got != 25 {
		t.Errorf("the night timeline's recover %v after the date change, want 25", got)
	}
	// The same form sent twice (a second tap once the first was saved) is
	// the first one's answer, not a conflict; an action item added twice is
	// added once.
	sp, _ = f.store.Postmortem(ctx, id, 0)
	form = draftForm(sp)
	form.Set("op", "add-act")
	form.Set("new-act-text", "Rehearse the rollback with a schema change")
	post(form)
	post(form)
	sp, _ = f.store.Postmortem(ctx, id, 0)
	if n := len(sp.Postmortem.ActionItems); n != len(pm.ActionItems)+1 {
		t.Errorf("after Add action item tapped twice: %d items, want %d", n, len(pm.ActionItems)+1)
	}
	pm = sp.Postmortem
	// The decision moves to the row before it.
	dec := slices.IndexFunc(pm.Timeline, func(e hindsight.Event) bool { return e.Kind == hindsight.KindRollbackDecision })
	form = draftForm(sp)
	form.Set("ev-"+itoa(dec-1)+"-kind", string(hindsight.KindRollbackDecision))
	form.Set("ev-"+itoa(dec)+"-kind", string(hindsight.KindOther))
	post(form)
	sp, _ = f.store.Postmortem(ctx, id, 0)
	pm = sp.Postmortem
	want := pm.Timeline[dec-1]
	if d := pm.Milestones.RollbackDecision; d == nil || d.Clock() != want.At.Clock() || want.Phase != hindsight.PhaseRollback || pm.Timeline[dec-2].Phase != hindsight.PhaseDeploy {
		t.Errorf("the decision marked on row %d (%s): milestone %v, its phase %s", dec-1, want.At.Clock(), d, want.Phase)
	}
}
