// Package storetest is the one test suite every hindsight.Store passes:
// package sqlite and package postgres each run it against a fresh database
// (see Run). It also builds the generated histories the benchmarks use.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/snap"
)

// Opener opens a new, empty store whose clock is now.
type Opener func(t *testing.T, now func() time.Time) hindsight.Store

// Clock is a settable clock for deterministic tests.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Start is the suite's "now": 2026-12-10 09:00 UTC.
var Start = time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)

// Run runs the whole suite against stores from open.
func Run(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"SaveAndShow", testSaveAndShow},
		{"Identity", testIdentity},
		{"Revisions", testRevisions},
		{"StaleBase", testStaleBase},
		{"SaveAll", testSaveAll},
		{"SaveAllAsSave", testSaveAllAsSave},
		{"Lookup", testLookup},
		{"Lifecycle", testLifecycle},
		{"DocumentStatus", testDocumentStatus},
		{"ActionViews", testActionViews},
		{"List", testList},
		{"Search", testSearch},
		{"Similar", testSimilar},
		{"Stats", testStats},
		{"ConcurrentWriters", testConcurrentWriters},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open)
		})
	}
}

// Board returns a board in the notes format (front matter, timeline, what
// broke, action items) with the given title, date,
// service, category line and action items.
func Board(title, date, service, broke string, detect, decide, recover int, actions ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\nservice: %s\n---\nTIMELINE:\n", title, date, service)
	t := time.Date(2026, 1, 1, 14, 0, 0, 0, time.UTC)
	at := func(min int) string { return t.Add(time.Duration(min) * time.Minute).Format("15:04") }
	fmt.Fprintf(&b, "%s — production deploy of %s started\n", at(0), service)
	fmt.Fprintf(&b, "%s — error rate starts climbing\n", at(1))
	fmt.Fprintf(&b, "%s — alert fired, paged on-call\n", at(1+detect))
	fmt.Fprintf(&b, "%s — decided to roll back\n", at(1+detect+decide))
	fmt.Fprintf(&b, "%s — rollback started\n", at(2+detect+decide))
	fmt.Fprintf(&b, "%s — rollback complete\n", at(4+detect+decide))
	fmt.Fprintf(&b, "%s — error rate back to normal, service healthy\n", at(1+recover))
	fmt.Fprintf(&b, "What broke:\n%s\n", broke)
	if len(actions) > 0 {
		b.WriteString("Action items:\n")
		for _, a := range actions {
			fmt.Fprintf(&b, "- %s\n", a)
		}
	}
	return b.String()
}

// Snap builds the postmortem of a board text.
func Snap(t testing.TB, name, text string) *hindsight.Postmortem {
	t.Helper()
	pm, err := snap.Bytes(name, []byte(text), snap.Options{})
	if err != nil {
		t.Fatalf("snap %s: %v", name, err)
	}
	return pm
}

func save(t *testing.T, s hindsight.Store, name, text string, base int) *hindsight.SaveResult {
	t.Helper()
	res, err := s.Save(context.Background(), &hindsight.SaveRequest{Postmortem: Snap(t, name, text), Source: text, SourceName: name, Base: base, Who: "tester"})
	if err != nil {
		t.Fatalf("Save(%s) = %v", name, err)
	}
	return res
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := hindsight.ErrorCode(err); got != code {
		t.Fatalf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

var checkout = Board("Checkout 5xx after migration 0042", "2026-11-20", "checkout",
	"Migration 0042 added a NOT NULL column; old code could not write.", 3, 7, 40,
	"Enforce expand/contract migrations in CI @dana P1 due 2026-12-04",
	"Test rollback after a migration in staging @lee P2 due 2027-01-15")

func testSaveAndShow(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	res := save(t, s, "/boards/checkout.txt", checkout, 0)
	if !res.Created || res.Revision != 1 || res.Unchanged {
		t.Fatalf("first Save = %+v, want created revision 1", res)
	}
	if want := "2026-11-20-checkout-5xx-after-migration-0042"; res.ID != want {
		t.Errorf("ID = %q, want %q", res.ID, want)
	}
	if len(res.Actions) != 2 || res.Actions[0].ID == "" || res.Actions[0].Status != hindsight.StatusProposed {
		t.Fatalf("Actions = %+v, want 2 proposed items with IDs", res.Actions)
	}
	sp, err := s.Postmortem(ctx, res.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := Snap(t, "/boards/checkout.txt", checkout)
	want.ID = res.ID
	for i := range want.ActionItems {
		want.ActionItems[i].ID = res.Actions[i].ID
		want.ActionItems[i].Status = hindsight.StatusProposed
	}
	if diff := cmp.Diff(want, sp.Postmortem); diff != "" {
		t.Errorf("stored postmortem differs (-want +got):\n%s", diff)
	}
	if sp.Source != checkout || sp.Revision != 1 || sp.Latest != 1 || sp.SavedBy != "tester" || !sp.SavedAt.Equal(Start) {
		t.Errorf("stored = rev %d/%d by %q at %v, source %d bytes; want rev 1/1 by tester at %v, the board", sp.Revision, sp.Latest, sp.SavedBy, sp.SavedAt, len(sp.Source), Start)
	}
	if len(sp.Actions) != 2 || sp.Actions[1].Owner != "lee" || sp.Actions[1].Due != "2027-01-15" || sp.Actions[1].Postmortem != res.ID {
		t.Errorf("stored actions = %+v", sp.Actions)
	}
	// The same content again writes nothing.
	again := save(t, s, "/boards/checkout.txt", checkout, 0)
	if !again.Unchanged || again.Revision != 1 || again.ID != res.ID {
		t.Errorf("Save of the same content = %+v, want unchanged revision 1", again)
	}
	revs, err := s.Revisions(ctx, res.ID)
	if err != nil || len(revs) != 1 || revs[0].Events != len(want.Timeline) || revs[0].Actions != 2 {
		t.Errorf("Revisions = %+v, %v; want one with %d events and 2 actions", revs, err, len(want.Timeline))
	}
}

func testIdentity(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	a := save(t, s, "/a/pm.md", checkout, 0)
	// Another document with the same title and date gets its own ID.
	other := strings.Replace(checkout, "NOT NULL column", "NOT NULL column and an index", 1)
	b := save(t, s, "/b/pm.md", other, 0)
	if b.ID == a.ID || !b.Created || b.ID != a.ID+"-2" {
		t.Errorf("second document with the same title: ID %q (created %v), want %q", b.ID, b.Created, a.ID+"-2")
	}
	// The same file saved again with its title changed continues its
	// postmortem, keeping its ID and action items; on another date it is
	// another postmortem.
	retitled := strings.Replace(checkout, "title: Checkout 5xx after migration 0042", "title: Checkout 5xx after schema migration 0042", 1)
	r := save(t, s, "/a/pm.md", retitled, 0)
	if r.ID != a.ID || r.Created || r.Revision != 2 || len(r.Actions) != 2 || r.Actions[0].ID != a.Actions[0].ID {
		t.Errorf("the file saved again retitled: %s revision %d (created %v), actions %v; want revision 2 of %s, its actions kept",
			r.ID, r.Revision, r.Created, r.Actions, a.ID)
	}
	if sp, _ := s.Postmortem(ctx, a.ID, 0); sp == nil || sp.Postmortem.Title != "Checkout 5xx after schema migration 0042" {
		t.Errorf("the retitled postmortem: %+v", sp)
	}
	// So does a batch (import) that starts with it.
	again := strings.Replace(retitled, "schema migration", "the schema migration", 1)
	rs, err := s.SaveAll(ctx, []*hindsight.SaveRequest{{Postmortem: Snap(t, "/a/pm.md", again), Source: again, SourceName: "/a/pm.md", Who: "tester"}})
	if err != nil || len(rs) != 1 || rs[0].ID != a.ID || rs[0].Revision != 3 {
		t.Errorf("SaveAll of the file retitled again: %+v, %v; want revision 3 of %s", rs, err, a.ID)
	}
	// And a save that names the revision it was edited from.
	third := strings.Replace(again, "the schema migration", "schema change", 1)
	if r := save(t, s, "/a/pm.md", third, 3); r.ID != a.ID || r.Revision != 4 {
		t.Errorf("the file retitled, saved with base 3: %s revision %d, want revision 4 of %s", r.ID, r.Revision, a.ID)
	}
	// Another incident written into the same file on the same date is
	// another postmortem: its title and timeline share nothing with it.
	scratch := Board("Search indexer outage", "2026-11-20", "search", "Compaction wrote segments out of order.", 2, 3, 30)
	scratch = strings.NewReplacer("production deploy of search started", "indexer v9 rollout began",
		"error rate starts climbing", "queries returning stale results", "alert fired, paged on-call", "on-call noticed from a support ticket",
		"decided to roll back", "chose to revert v9", "rollback started", "revert begun", "rollback complete", "revert done",
		"error rate back to normal, service healthy", "search results fresh again").Replace(scratch)
	if r := save(t, s, "/a/pm.md", scratch, 0); r.ID == a.ID || !r.Created {
		t.Errorf("another incident saved from the same file on the same date: %s (created %v), want a new postmortem", r.ID, r.Created)
	}
	// The first incident saved from it again, retitled once more, is
	// found past the other one saved since.
	fourth := strings.Replace(third, "title: Checkout 5xx after", "title: Checkout 5xx errors after", 1)
	if r := save(t, s, "/a/pm.md", fourth, 0); r.ID != a.ID || r.Created {
		t.Errorf("the first incident retitled after another was saved from the file: %s (created %v), want %s", r.ID, r.Created, a.ID)
	}
	nextDay := strings.Replace(retitled, "date: 2026-11-20", "date: 2026-11-21", 1)
	if r := save(t, s, "/a/pm.md", nextDay, 0); r.ID == a.ID || !r.Created {
		t.Errorf("the file saved again for another date: %s (created %v), want a new postmortem", r.ID, r.Created)
	}
	// A file imported, then edited as a document of that postmortem (saved
	// under its ID from another file), then imported again unchanged: it
	// is in the history already, as revision 1; it became a new
	// postmortem, with copies of every action item.
	dns := Board("DNS typo", "2026-09-02", "edge", "resolver typo", 1, 1, 5, "Lint the zone file @kim")
	first := save(t, s, "/c/dns.md", dns, 0)
	edited := Snap(t, "/c/pm.md", strings.Replace(dns, "resolver typo", "resolver typo in the zone file", 1))
	edited.ID = first.ID
	if _, err := s.Save(ctx, &hindsight.SaveRequest{Postmortem: edited, Source: "edited", SourceName: "/c/pm.md", Who: "tester"}); err != nil {
		t.Fatal(err)
	}
	for _, again := range []func() (*hindsight.SaveResult, error){
		func() (*hindsight.SaveResult, error) {
			return s.Save(ctx, &hindsight.SaveRequest{Postmortem: Snap(t, "/c/dns.md", dns), Source: dns, SourceName: "/c/dns.md", Who: "tester"})
		},
		func() (*hindsight.SaveResult, error) {
			rs, err := s.SaveAll(ctx, []*hindsight.SaveRequest{{Postmortem: Snap(t, "/c/dns.md", dns), Source: dns, SourceName: "/c/dns.md", Who: "tester"}})
			if err != nil {
				return nil, err
			}
			return rs[0], nil
		},
	} {
		if r, err := again(); err != nil || r.ID != first.ID || !r.Unchanged || r.Revision != 2 {
			t.Errorf("the imported file saved again after an edit: %+v, %v; want %s unchanged at revision 2", r, err, first.ID)
		}
	}
	// A document naming its ID keeps it.
	pm := Snap(t, "x.md", checkout)
	pm.ID = "inc-0042"
	res, err := s.Save(ctx, &hindsight.SaveRequest{Postmortem: pm, Source: checkout})
	if err != nil || res.ID != "inc-0042" || !res.Created {
		t.Errorf("Save with ID = %+v, %v; want inc-0042 created", res, err)
	}
	// Action item IDs are unique across the database.
	seen := map[string]bool{}
	for _, id := range []string{a.ID, b.ID, "inc-0042"} {
		sp, err := s.Postmortem(ctx, id, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range sp.Actions {
			if seen[it.ID] || !strings.HasPrefix(it.ID, "A-") {
				t.Errorf("action ID %q repeated or malformed", it.ID)
			}
			seen[it.ID] = true
		}
	}
}

func testRevisions(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock(Start)
	s := open(t, clock.Now)
	r1 := save(t, s, "/pm.txt", checkout, 0)
	if _, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: r1.Actions[0].ID, To: hindsight.StatusAccepted, Who: "dana"}); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour)
	// Edit: reword one item's punctuation, drop the other, add a new one.
	edited := strings.Replace(checkout, "Enforce expand/contract migrations in CI", "Enforce expand / contract migrations in CI.", 1)
	edited = strings.Replace(edited, "- Test rollback after a migration in staging @lee P2 due 2027-01-15\n", "- Alert on NOT NULL violations @sam P2\n", 1)
	r2 := save(t, s, "/pm.txt", edited, 1)
	if r2.Revision != 2 || r2.Created || r2.ID != r1.ID {
		t.Fatalf("Save of the edit = %+v, want revision 2 of %s", r2, r1.ID)
	}
	if len(r2.Actions) != 2 || r2.Actions[0].ID != r1.Actions[0].ID || r2.Actions[0].Status != hindsight.StatusAccepted {
		t.Fatalf("after the edit, actions = %+v; want %s kept (accepted) and a new one", r2.Actions, r1.Actions[0].ID)
	}
	if r2.Actions[1].ID == r1.Actions[1].ID || r2.Actions[1].Owner != "sam" {
		t.Errorf("new item = %+v, want a new ID owned by sam", r2.Actions[1])
	}
	dropped, err := s.ActionItem(ctx, r1.Actions[1].ID)
	if err != nil || !dropped.Removed {
		t.Errorf("dropped item = %+v, %v; want removed", dropped, err)
	}
	old, err := s.Postmortem(ctx, r1.ID, 1)
	if err != nil || old.Revision != 1 || old.Latest != 2 || old.Source != checkout {
		t.Fatalf("revision 1 = %+v, %v", old, err)
	}
	cur, err := s.Postmortem(ctx, r1.ID, 0)
	if err != nil || cur.Revision != 2 || cur.Source != edited || !cur.SavedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("current = rev %d, %v", cur.Revision, err)
	}
	if cur.Postmortem.ActionItems[0].Status != hindsight.StatusAccepted || cur.Postmortem.ActionItems[0].ID != r1.Actions[0].ID {
		t.Errorf("current document's first item = %+v, want %s accepted", cur.Postmortem.ActionItems[0], r1.Actions[0].ID)
	}
	if _, err := s.Postmortem(ctx, r1.ID, 9); hindsight.ErrorCode(err) != hindsight.ENOTFOUND {
		t.Errorf("revision 9: %v, want not_found", err)
	}
	revs, _ := s.Revisions(ctx, r1.ID)
	if len(revs) != 2 || revs[0].Hash == revs[1].Hash {
		t.Errorf("Revisions = %+v", revs)
	}
}

func testStaleBase(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	r1 := save(t, s, "/pm.txt", checkout, 0)
	e1 := strings.Replace(checkout, "old code could not write", "old code could not write orders", 1)
	e2 := strings.Replace(checkout, "old code could not write", "v2.30 could not write", 1)
	save(t, s, "/pm.txt", e1, r1.Revision)
	_, err := s.Save(ctx, &hindsight.SaveRequest{Postmortem: Snap(t, "/pm.txt", e2), Source: e2, SourceName: "/pm.txt", Base: r1.Revision})
	wantCode(t, "save based on a stale revision", err, hindsight.ECONFLICT)
	if !strings.Contains(err.Error(), "revision 2") {
		t.Errorf("conflict message %q does not say the current revision", err)
	}
	cur, _ := s.Postmortem(ctx, r1.ID, 0)
	if cur.Source != e1 || cur.Revision != 2 {
		t.Errorf("after the refused save, current = rev %d %q; want the first edit kept", cur.Revision, cur.Source[:40])
	}
	pm := Snap(t, "new.txt", Board("Other", "2026-10-01", "x", "y", 1, 1, 5))
	_, err = s.Save(ctx, &hindsight.SaveRequest{Postmortem: pm, Base: 3})
	wantCode(t, "save of a new postmortem naming a base", err, hindsight.ECONFLICT)
	// A base past the current revision is no revision at all, not a
	// change made since it.
	_, err = s.Save(ctx, &hindsight.SaveRequest{Postmortem: Snap(t, "/pm.txt", e2), Source: e2, SourceName: "/pm.txt", Base: 9})
	wantCode(t, "save based on revision 9 of 2", err, hindsight.EINVALID)
	if !strings.Contains(err.Error(), "has no revision 9: it is at revision 2") {
		t.Errorf("base 9 of 2: %v", err)
	}
}

func testSaveAll(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	req := func(name, text string, base int) *hindsight.SaveRequest {
		return &hindsight.SaveRequest{Postmortem: Snap(t, name, text), Source: text, SourceName: name, Base: base, Who: "importer"}
	}
	a := Board("Ledger lag", "2026-10-02", "ledger", "replica fell behind", 3, 4, 30, "Alert on replica lag (@kim, P1, due 2026-12-01)")
	b := Board("Search outage", "2026-10-03", "search", "index rebuilt during peak", 2, 6, 40)

	// A batch whose second request is refused writes nothing.
	_, err := s.SaveAll(ctx, []*hindsight.SaveRequest{req("/a.md", a, 0), req("/x.md", b, 4), req("/b.md", b, 0)})
	var be *hindsight.BatchError
	if !errors.As(err, &be) || be.Index != 1 || hindsight.ErrorCode(err) != hindsight.ECONFLICT {
		t.Fatalf("SaveAll with a stale base second = %v; want a BatchError at index 1, code conflict", err)
	}
	if list, _ := s.Postmortems(ctx, hindsight.PostmortemFilter{}); len(list) != 0 {
		t.Fatalf("after the refused batch the history holds %d postmortems; want none", len(list))
	}

	// Without it, the batch is saved whole, each as Save would.
	res, err := s.SaveAll(ctx, []*hindsight.SaveRequest{req("/a.md", a, 0), req("/b.md", b, 0), req("/a.md", a, 0)})
	if err != nil {
		t.Fatalf("SaveAll = %v", err)
	}
	if len(res) != 3 || !res[0].Created || !res[1].Created || !res[2].Unchanged || res[2].ID != res[0].ID {
		t.Fatalf("SaveAll results = %+v %+v %+v; want new, new, unchanged", res[0], res[1], res[2])
	}
	if len(res[0].Actions) != 1 || res[0].Actions[0].Owner != "kim" || res[0].Actions[0].ID == "" {
		t.Errorf("first result's actions = %+v; want the tracked item owned by kim", res[0].Actions)
	}
	sp, err := s.Postmortem(ctx, res[1].ID, 0)
	if err != nil || sp.Source != b || sp.SavedBy != "importer" {
		t.Errorf("Postmortem(%s) = %v; want the second board saved by importer", res[1].ID, err)
	}
	if hits, _ := s.Search(ctx, "replica", 5); len(hits) != 1 || hits[0].ID != res[0].ID {
		t.Errorf("Search(replica) = %+v; want the ledger postmortem", hits)
	}
}

// testSaveAllAsSave checks that a batch leaves the history exactly as
// saving its requests one by one does: new postmortems, a revision, an
// unchanged one, a repeated ID and a derived ID that is taken.
func testSaveAllAsSave(t *testing.T, open Opener) {
	ctx := context.Background()
	edited := strings.Replace(checkout, "old code could not write", "v2.30 could not write", 1)
	other := Board("Checkout 5xx after migration 0042", "2026-11-20", "checkout", "a second incident with the same title", 1, 2, 9,
		"Page the owner of the migration @kim P3")
	boards := []struct{ name, text string }{
		{"/b/ledger.md", Board("Ledger lag", "2026-10-02", "Payments", "replica fell behind", 3, 4, 30,
			"Alert on replica lag @kim P1 due 2026-12-01", "[x] Add a lag dashboard @lee", "Write the runbook for replica lag")},
		{"/b/checkout.md", edited},
		{"/b/search.md", Board("Search outage", "2026-10-03", "Search", "index rebuilt during peak", 2, 6, 40)},
		{"/b/checkout-2.md", other},
		{"/b/ledger.md", Board("Ledger lag", "2026-10-02", "Payments", "replica fell behind twice", 3, 4, 31,
			"Alert on replica lag @kim P1 due 2026-12-01", "Write the runbook for replica lag")},
		{"/b/plain.md", "Notes without a timeline: the cache was cold after the deploy.\n"},
		{"/b/unchanged.md", checkout},
		// Derived IDs given out in order: "Cache" exists, so this one is
		// -2, and "Cache 2" after it is -2-2.
		{"/b/cache.md", Board("Cache", "2026-09-01", "edge", "a second cache incident", 1, 1, 5)},
		{"/b/cache2.md", Board("Cache 2", "2026-09-01", "edge", "the key format changed", 1, 1, 5)},
		// A file saved before, retitled: a revision of its postmortem.
		{"/b/unchanged.md", strings.Replace(checkout, "title: Checkout 5xx", "title: Checkout errors", 1)},
		// One new in this batch, then retitled in it.
		{"/b/dns.md", Board("DNS", "2026-09-02", "edge", "resolver typo", 1, 1, 5)},
		{"/b/dns.md", Board("DNS resolver typo", "2026-09-02", "edge", "resolver typo", 1, 1, 5)},
	}
	stores := [2]hindsight.Store{open(t, NewClock(Start).Now), open(t, NewClock(Start).Now)}
	for _, s := range stores {
		save(t, s, "/b/checkout.md", checkout, 0)
		save(t, s, "/b/unchanged.md", checkout, 0)
		save(t, s, "/a/cache.md", Board("Cache", "2026-09-01", "edge", "the cache was cold", 1, 1, 5), 0)
	}
	var reqs []*hindsight.SaveRequest
	for _, b := range boards {
		save(t, stores[0], b.name, b.text, 0)
		reqs = append(reqs, &hindsight.SaveRequest{Postmortem: Snap(t, b.name, b.text), Source: b.text, SourceName: b.name, Who: "tester"})
	}
	if _, err := stores[1].SaveAll(ctx, reqs); err != nil {
		t.Fatalf("SaveAll = %v", err)
	}

	var got [2]struct {
		List    []hindsight.PostmortemSummary
		ByServ  []hindsight.PostmortemSummary
		Docs    []*hindsight.StoredPostmortem
		Revs    [][]hindsight.Revision
		Actions *hindsight.ActionList
		Stats   *hindsight.Stats
		Search  []hindsight.SearchResult
	}
	for k, s := range stores {
		g := &got[k]
		var err error
		if g.List, err = s.Postmortems(ctx, hindsight.PostmortemFilter{}); err != nil {
			t.Fatal(err)
		}
		if g.ByServ, err = s.Postmortems(ctx, hindsight.PostmortemFilter{Service: "search"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range g.List {
			sp, err := s.Postmortem(ctx, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			revs, err := s.Revisions(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			g.Docs, g.Revs = append(g.Docs, sp), append(g.Revs, revs)
		}
		if g.Actions, err = s.ActionItems(ctx, hindsight.ActionFilter{All: true, Today: "2026-12-10"}); err != nil {
			t.Fatal(err)
		}
		if g.Stats, err = s.Stats(ctx, hindsight.StatsFilter{Today: "2026-12-10"}); err != nil {
			t.Fatal(err)
		}
		if g.Search, err = s.Search(ctx, "replica lag", 10); err != nil {
			t.Fatal(err)
		}
	}
	// ledger, checkout (edited), search, checkout -2 (another incident),
	// plain, checkout -3 (the unedited text under another name, which is
	// no longer the current revision of either, then retitled), the three
	// caches and the DNS outage (retitled in the batch).
	if len(got[0].List) != 10 || len(got[0].ByServ) != 1 {
		t.Errorf("one by one saved %d postmortems, %d for search; want 10 and 1", len(got[0].List), len(got[0].ByServ))
	}
	// Action-item numbers may be given out in another order; compare
	// the items by what they say.
	ignoreIDs := cmp.Transformer("noIDs", func(a hindsight.ActionItem) hindsight.ActionItem { a.ID = ""; return a })
	if diff := cmp.Diff(got[0], got[1], ignoreIDs); diff != "" {
		t.Errorf("SaveAll left another history than Save one by one (-Save +SaveAll):\n%s", diff)
	}
}

func testLookup(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	save(t, s, "/a.txt", checkout, 0)
	save(t, s, "/b.txt", Board("Checkout timeouts", "2026-11-20", "checkout", "pool exhausted", 2, 3, 20), 0)
	sp, err := s.Postmortem(ctx, "2026-11-20-checkout-5", 0)
	if err != nil || sp.Postmortem.ID != "2026-11-20-checkout-5xx-after-migration-0042" {
		t.Errorf("Postmortem(prefix) = %v; want the checkout postmortem", err)
	}
	_, err = s.Postmortem(ctx, "2026-11-20-checkout", 0)
	wantCode(t, "ambiguous prefix", err, hindsight.EINVALID)
	_, err = s.Postmortem(ctx, "2025", 0)
	wantCode(t, "unknown ID", err, hindsight.ENOTFOUND)
	_, err = s.Postmortem(ctx, "2026-11-20_%", 0)
	wantCode(t, "LIKE characters", err, hindsight.ENOTFOUND)
	_, err = s.ActionItem(ctx, "A-999")
	wantCode(t, "unknown action item", err, hindsight.ENOTFOUND)
	_, err = s.ActionItem(ctx, "B-1")
	wantCode(t, "malformed action item", err, hindsight.EINVALID)
}

// testDocumentStatus checks that a box ticked (or a status edited) in a
// saved document changes the tracked item, and that an old document saved
// again does not undo a change made with "hindsight actions".
func testDocumentStatus(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock(Start)
	s := open(t, clock.Now)
	r := save(t, s, "/pm.txt", checkout, 0)
	id := r.Actions[0].ID
	clock.Add(time.Hour)
	if _, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: id, To: hindsight.StatusAccepted, Who: "dana"}); err != nil {
		t.Fatal(err)
	}
	saveDoc := func(text string) (*hindsight.SaveResult, error) {
		clock.Add(time.Hour)
		return s.Save(ctx, &hindsight.SaveRequest{Postmortem: Snap(t, "/pm.txt", text), Source: text, SourceName: "/pm.txt", Who: "lee"})
	}
	const item = "- Enforce expand/contract"
	status := func() *hindsight.TrackedAction {
		a, err := s.ActionItem(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}

	// The original notes, edited elsewhere: the item stays accepted.
	edited := strings.Replace(checkout, "old code could not write", "v2.30 could not write", 1)
	if _, err := saveDoc(edited); err != nil {
		t.Fatal(err)
	}
	if a := status(); a.Status != hindsight.StatusAccepted || len(a.History) != 1 {
		t.Fatalf("after saving the old notes again: %s with %d changes; want accepted, 1", a.Status, len(a.History))
	}

	// The box ticked in the document: done, recorded like any change.
	ticked := strings.Replace(edited, item, "- [x] Enforce expand/contract", 1)
	res, err := saveDoc(ticked)
	if err != nil {
		t.Fatalf("save with the box ticked = %v", err)
	}
	if res.Actions[0].Status != hindsight.StatusDone {
		t.Errorf("save result says %s; want done", res.Actions[0].Status)
	}
	a := status()
	if a.Status != hindsight.StatusDone || len(a.History) != 2 {
		t.Fatalf("after ticking the box: %s with %d changes; want done, 2", a.Status, len(a.History))
	}
	if h := a.History[1]; h.From != hindsight.StatusAccepted || h.To != hindsight.StatusDone || h.Who != "lee" ||
		h.Note != hindsight.DocumentStatusNote || !h.At.Equal(Start.Add(3*time.Hour)) {
		t.Errorf("the change = %+v; want accepted → done by lee, noted as made in the document", h)
	}
	list, _ := s.ActionItems(ctx, hindsight.ActionFilter{Today: "2026-12-10"})
	if list.Total != 1 || list.Items[0].ID == id {
		t.Errorf("open items after ticking = %+v; want only the other one", list.Items)
	}

	// The notes unticked after it was verified: proposed is a status it
	// had, so that is the notes as first written, not a change.
	clock.Add(time.Hour)
	if _, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: id, To: hindsight.StatusVerified, Who: "kim"}); err != nil {
		t.Fatal(err)
	}
	if _, err := saveDoc(strings.Replace(ticked, "- [x] Enforce", "- [ ] Enforce", 1)); err != nil {
		t.Fatal(err)
	}
	if a := status(); a.Status != hindsight.StatusVerified {
		t.Errorf("after saving the unticked notes the item is %s; want verified", a.Status)
	}

	// A document marking it in progress (a status it never had) asks to
	// reopen a verified item: refused, and nothing is saved.
	clock.Add(time.Hour)
	text := strings.Replace(ticked, "v2.30", "v2.31", 1)
	pm := Snap(t, "/pm.txt", text)
	pm.ActionItems[0].Status = hindsight.StatusInProgress
	_, err = s.Save(ctx, &hindsight.SaveRequest{Postmortem: pm, Source: text, SourceName: "/pm.txt", Who: "lee"})
	wantCode(t, "reopening a verified item in the document", err, hindsight.EINVALID)
	if err != nil && !strings.Contains(err.Error(), id) {
		t.Errorf("message %q does not name %s", err, id)
	}
	revs, _ := s.Revisions(ctx, r.ID)
	if a := status(); a.Status != hindsight.StatusVerified || len(revs) != 4 {
		t.Errorf("after the refused save: %s, %d revisions; want verified, 4", a.Status, len(revs))
	}
}

func testLifecycle(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock(Start)
	s := open(t, clock.Now)
	r := save(t, s, "/pm.txt", checkout, 0)
	id := r.Actions[0].ID
	step := func(to hindsight.Status, who, note string) *hindsight.TrackedAction {
		t.Helper()
		clock.Add(time.Hour)
		a, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: id, To: to, Who: who, Note: note})
		if err != nil {
			t.Fatalf("SetStatus(%s → %s) = %v", id, to, err)
		}
		if a.Status != to {
			t.Fatalf("SetStatus(%s → %s): status %s", id, to, a.Status)
		}
		return a
	}
	step(hindsight.StatusAccepted, "dana", "")
	step(hindsight.StatusInProgress, "dana", "")
	_, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: id, To: hindsight.StatusVerified, Who: "x"})
	wantCode(t, "in_progress → verified", err, hindsight.EINVALID)
	if !strings.Contains(err.Error(), "mark it done first") {
		t.Errorf("message %q does not say what to do", err)
	}
	step(hindsight.StatusDone, "dana", "expand/contract check in CI, PR 5123")
	a := step(hindsight.StatusVerified, "lee", "")
	if len(a.History) != 4 {
		t.Fatalf("history = %+v, want 4 changes", a.History)
	}
	h := a.History[2]
	if h.From != hindsight.StatusInProgress || h.To != hindsight.StatusDone || h.Who != "dana" ||
		h.Note != "expand/contract check in CI, PR 5123" || !h.At.Equal(Start.Add(3*time.Hour)) {
		t.Errorf("third change = %+v", h)
	}
	_, err = s.SetStatus(ctx, &hindsight.StatusChange{ID: id, To: hindsight.StatusInProgress})
	wantCode(t, "verified → in_progress", err, hindsight.EINVALID)

	other := r.Actions[1].ID
	_, err = s.SetStatus(ctx, &hindsight.StatusChange{ID: other, To: hindsight.StatusWontDo})
	wantCode(t, "wont_do without a reason", err, hindsight.EINVALID)
	if !strings.Contains(err.Error(), "reason") {
		t.Errorf("message %q does not ask for a reason", err)
	}
	_, err = s.SetStatus(ctx, &hindsight.StatusChange{ID: other, To: "finished"})
	wantCode(t, "unknown status", err, hindsight.EINVALID)
	_, err = s.SetStatus(ctx, &hindsight.StatusChange{ID: other, From: hindsight.StatusAccepted, To: hindsight.StatusDone})
	wantCode(t, "stale From", err, hindsight.ECONFLICT)
	w, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: other, To: hindsight.StatusWontDo, Note: "superseded by A-1", Who: "lee"})
	if err != nil || w.Note != "superseded by A-1" {
		t.Fatalf("wont_do = %+v, %v", w, err)
	}
	// Statuses survive a new revision, and show in the stored document.
	edited := strings.Replace(checkout, "old code could not write", "old code could not insert", 1)
	r2 := save(t, s, "/pm.txt", edited, 0)
	if r2.Actions[0].Status != hindsight.StatusVerified || r2.Actions[1].Status != hindsight.StatusWontDo {
		t.Errorf("after a new revision, actions = %+v", r2.Actions)
	}
}

func testActionViews(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := NewClock(Start)
	s := open(t, clock.Now)
	save(t, s, "/a.txt", Board("Config push broke search", "2026-10-02", "search", "bad config", 2, 2, 10,
		"Validate config in CI @ana P1 due 2026-10-20",  // overdue
		"Add a canary for config @bo P2 due 2027-02-01", // due later
		"Document the rollback @ana P3"), 0)             // no due date
	clock.Add(20 * 24 * time.Hour)
	r := save(t, s, "/b.txt", Board("Flag flip failed", "2026-12-01", "payments", "flag service down", 1, 5, 30,
		"Test flag rollback @cy P1 due 2026-12-05", // overdue, later than the first
		"Alert on flag service @ana P2 due 2026-12-30"), 0)
	list, err := s.ActionItems(ctx, hindsight.ActionFilter{Today: "2026-12-30"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list.Items {
		got = append(got, a.Owner+" "+a.Due)
	}
	want := []string{"ana 2026-10-20", "cy 2026-12-05", "ana 2026-12-30", "bo 2027-02-01", "ana "}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("open items, overdue first (-want +got):\n%s", diff)
	}
	if list.Total != 5 || list.Open != 5 || list.Overdue != 2 {
		t.Errorf("counts = total %d open %d overdue %d, want 5 5 2", list.Total, list.Open, list.Overdue)
	}
	if _, err := s.SetStatus(ctx, &hindsight.StatusChange{ID: r.Actions[0].ID, To: hindsight.StatusDone}); err != nil {
		t.Fatal(err)
	}
	page, _ := s.ActionItems(ctx, hindsight.ActionFilter{Today: "2026-12-30", Limit: 2})
	if len(page.Items) != 2 || page.Total != 4 || page.Overdue != 1 || page.Items[1].Due != "2026-12-30" {
		t.Errorf("page of 2 = %+v", page)
	}
	all, _ := s.ActionItems(ctx, hindsight.ActionFilter{All: true, Today: "2026-12-30"})
	if all.Total != 5 || all.Items[len(all.Items)-1].Status != hindsight.StatusDone {
		t.Errorf("--all = %d items, last %+v; want 5, done last", all.Total, all.Items[len(all.Items)-1])
	}
	ana, _ := s.ActionItems(ctx, hindsight.ActionFilter{Owner: "ana", Today: "2026-12-30"})
	overdue, _ := s.ActionItems(ctx, hindsight.ActionFilter{Overdue: true, Today: "2026-12-30"})
	if ana.Total != 3 || overdue.Total != 1 || overdue.Items[0].Owner != "ana" {
		t.Errorf("owner ana: %d, overdue: %d", ana.Total, overdue.Total)
	}
	// By bucket: the counts are the bucket's.
	for _, b := range hindsight.Buckets {
		got, err := s.ActionItems(ctx, hindsight.ActionFilter{Bucket: b, Today: "2026-12-30"})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, it := range all.Items {
			if it.Bucket == b && it.Status.Open() {
				n++
			}
		}
		if got.Total != n || got.Open != n || len(got.Items) != n {
			t.Errorf("bucket %s: total %d, open %d, %d items; want %d", b, got.Total, got.Open, len(got.Items), n)
		}
		for _, it := range got.Items {
			if it.Bucket != b {
				t.Errorf("bucket %s lists %s of bucket %s", b, it.ID, it.Bucket)
			}
		}
	}
	// The owner as people type it: with an @, capitalised.
	for _, owner := range []string{"@ana", "Ana", "ANA"} {
		if got, _ := s.ActionItems(ctx, hindsight.ActionFilter{Owner: owner, Today: "2026-12-30"}); got.Total != 3 {
			t.Errorf("owner %q: %d items, want ana's 3", owner, got.Total)
		}
	}
	// Stale: open and unchanged for 14 days: the three of the first board.
	stale, _ := s.ActionItems(ctx, hindsight.ActionFilter{StaleDays: 14, Today: "2026-12-30"})
	if stale.Total != 3 {
		t.Errorf("stale (14 days) = %d items, want 3", stale.Total)
	}
	for _, a := range stale.Items {
		if !a.Stale(clock.Now(), 14) {
			t.Errorf("%s listed stale, but Stale = false", a.ID)
		}
	}
	one, _ := s.ActionItems(ctx, hindsight.ActionFilter{Postmortem: r.ID, All: true})
	if one.Total != 2 {
		t.Errorf("items of %s = %d, want 2", r.ID, one.Total)
	}
}

func testList(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	save(t, s, "/a.txt", checkout, 0)
	save(t, s, "/b.txt", Board("Search config", "2026-09-01", "search", "bad config", 2, 2, 10), 0)
	save(t, s, "/c.txt", Board("Checkout pool", "2026-12-01", "checkout", "pool", 2, 2, 10), 0)
	all, err := s.Postmortems(ctx, hindsight.PostmortemFilter{})
	if err != nil || len(all) != 3 || all[0].Date != "2026-12-01" || all[2].Date != "2026-09-01" {
		t.Fatalf("Postmortems = %+v, %v; want 3, newest first", all, err)
	}
	if all[1].OpenActions != 2 || all[1].TimeToRecover == nil || *all[1].TimeToRecover != 40 || all[1].Services[0] != "checkout" {
		t.Errorf("summary = %+v", all[1])
	}
	co, _ := s.Postmortems(ctx, hindsight.PostmortemFilter{Service: "Checkout", Since: "2026-11-01"})
	if len(co) != 2 {
		t.Errorf("checkout since 2026-11-01 = %d, want 2", len(co))
	}
	old, _ := s.Postmortems(ctx, hindsight.PostmortemFilter{Until: "2026-10-01", Limit: 5})
	if len(old) != 1 || old[0].Title != "Search config" {
		t.Errorf("until 2026-10-01 = %+v", old)
	}
	// An undated postmortem is in no date range: not before a date (it
	// sorted first), as it is not after one.
	save(t, s, "/d.txt", "Cache outage\n\nTIMELINE\n14:00 deploy of cache v3 started\n14:05 errors rising\n", 0)
	old, _ = s.Postmortems(ctx, hindsight.PostmortemFilter{Until: "2026-10-01", Limit: 5})
	recent, _ := s.Postmortems(ctx, hindsight.PostmortemFilter{Since: "2026-10-01", Limit: 5})
	if len(old) != 1 || len(recent) != 2 {
		t.Errorf("with an undated postmortem: until 2026-10-01 %d, since %d; want 1 and 2", len(old), len(recent))
	}
	if st, err := s.Stats(ctx, hindsight.StatsFilter{Until: "2026-10-01"}); err != nil || st.Postmortems != 1 {
		t.Errorf("stats until 2026-10-01: %+v, %v; want 1 postmortem", st, err)
	}
}

func testSearch(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	a := save(t, s, "/a.txt", checkout, 0)
	save(t, s, "/b.txt", Board("Search config", "2026-09-01", "search", "bad config pushed to all regions", 2, 2, 10), 0)
	res, err := s.Search(ctx, "NOT NULL migration", 10)
	if err != nil || len(res) != 1 || res[0].ID != a.ID {
		t.Fatalf("Search(NOT NULL migration) = %+v, %v; want %s", res, err, a.ID)
	}
	if !strings.Contains(strings.ToLower(res[0].Snippet), "null") {
		t.Errorf("snippet %q does not show the match", res[0].Snippet)
	}
	// Stemming: "migrations" finds "migration"; operators are words.
	if res, _ := s.Search(ctx, "migrations", 10); len(res) != 1 {
		t.Errorf("Search(migrations) = %d results, want 1", len(res))
	}
	for _, q := range []string{`"unbalanced`, "AND OR NOT", "col:x*", "(a", "régions"} {
		if _, err := s.Search(ctx, q, 10); err != nil {
			t.Errorf("Search(%q) = %v, want no error", q, err)
		}
	}
	if res, _ := s.Search(ctx, "regions config", 10); len(res) != 1 || res[0].Title != "Search config" {
		t.Errorf("Search(regions config) = %+v", res)
	}
	_, err = s.Search(ctx, "  ", 10)
	wantCode(t, "empty search", err, hindsight.EINVALID)

	// Both stores read the same words: parts of words joined by
	// punctuation, stop words, letters with and without accents.
	gw := save(t, s, "/gw.txt", Board("Gateway config in Zürich", "2026-09-02", "api-gw.prod",
		"The expand/contract step of the user_email migration was skipped; see https://status.example.com. デプロイ triển khai.", 2, 2, 10), 0)
	for _, q := range []string{"contract", "expand contract", "gw prod", "user email", "zurich", "Zürich", "the skipped", "was",
		"deployed", "http", // and one stemmer (Porter): deployed, deploy; https, http
		"デプロイ", "triển"} { // marks that are no Latin accent are kept
		res, err := s.Search(ctx, q, 10)
		if err != nil || !slices.ContainsFunc(res, func(r hindsight.SearchResult) bool { return r.ID == gw.ID }) {
			t.Errorf("Search(%q) = %+v, %v; want the gateway postmortem", q, res, err)
		}
	}
	// No word of a search is dropped: a repeated word counts once, and a
	// search of more words than the limit is refused.
	if res, err := s.Search(ctx, strings.Repeat("gateway ", 40)+"contract", 10); err != nil || len(res) != 1 {
		t.Errorf("Search(gateway ×40 contract) = %+v, %v; want the gateway postmortem", res, err)
	}
	_, err = s.Search(ctx, strings.Repeat("w ", 32)+strings.Join(strings.Fields("a b c d e f g h i j k l m n o p q r s t u v x y z 1 2 3 4 5 6 7 8"), " "), 10)
	wantCode(t, "a search of 34 different words", err, hindsight.EINVALID)
	if res, _ := s.Search(ctx, "contracts zurichs", 10); len(res) != 1 {
		t.Errorf("Search(contracts zurichs) = %d results, want 1 (stemmed)", len(res))
	}
}

func testSimilar(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	old := save(t, s, "/old.txt", Board("Orders failing after schema change", "2026-06-01", "checkout",
		"Migration dropped a column the old code read.", 2, 3, 30,
		"Add expand/contract check @dana P1 due 2026-07-01"), 0)
	save(t, s, "/unrelated.txt", Board("DNS outage", "2026-05-01", "edge", "Resolver config pushed with a typo.", 2, 3, 30), 0)
	text := save(t, s, "/text.txt", Board("Nightly NOT NULL violation in billing", "2026-04-01", "billing",
		"The NOT NULL constraint violation came from migration 0031.", 2, 3, 30, "Backfill before NOT NULL @kim"), 0)
	cur := save(t, s, "/cur.txt", checkout, 0)
	recs, err := s.Similar(ctx, cur.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	if len(recs) < 2 || recs[0].ID != old.ID || !strings.Contains(recs[0].Why, "category") {
		t.Fatalf("Similar = %v; want %s first (same category and service), then %s", ids, old.ID, text.ID)
	}
	if len(recs[0].OpenActions) != 1 || recs[0].OpenActions[0].Owner != "dana" {
		t.Errorf("open actions of the earlier postmortem = %+v", recs[0].OpenActions)
	}
	found := false
	for _, r := range recs[1:] {
		found = found || (r.ID == text.ID && r.Why == "similar text")
		if r.Title == "DNS outage" {
			t.Errorf("unrelated postmortem listed as similar: %+v", r)
		}
	}
	if !found {
		t.Errorf("Similar = %v; want %s for similar text", ids, text.ID)
	}
	// A year in the title, and words every board has ("started"), make
	// nothing similar: the DNS outage shares only those with this one.
	year := save(t, s, "/year.txt", Board("Search index corruption started 2026-05-10", "2026-05-10", "search",
		"Compaction wrote segments out of order.", 2, 3, 30), 0)
	recs, err = s.Similar(ctx, year.ID, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		t.Errorf("Similar(%s) lists %s (%s), which shares only a year and common words with it", year.ID, r.ID, r.Why)
	}
	// Nothing later than the postmortem itself.
	first, _ := s.Similar(ctx, text.ID, 5)
	for _, r := range first {
		if r.Date > "2026-04-01" {
			t.Errorf("Similar(%s) lists a later postmortem %s", text.ID, r.ID)
		}
	}
}

func testStats(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	// time_to_detect 2, 4, 6, 8, 10; time_to_recover 10..50.
	for i := 1; i <= 5; i++ {
		month := "2026-10"
		svc := "checkout"
		if i > 3 {
			month, svc = "2026-11", "search"
		}
		save(t, s, fmt.Sprintf("/%d.txt", i), Board(fmt.Sprintf("Incident %d", i), fmt.Sprintf("%s-%02d", month, i), svc,
			"migration broke writes", 2*i, i, 10*i, fmt.Sprintf("Fix %d @o%d P2 due 2026-11-%02d", i, i, i)), 0)
	}
	st, err := s.Stats(ctx, hindsight.StatsFilter{Today: "2026-11-04"})
	if err != nil {
		t.Fatal(err)
	}
	f := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	o := st.Overall
	if st.Postmortems != 5 || o.Detect.N != 5 || f(o.Detect.Median) != 6 || f(o.Detect.P90) != 9.2 || f(o.Recover.Median) != 30 {
		t.Errorf("overall = %d postmortems, detect %d median %v p90 %v, recover median %v; want 5, 5, 6, 9.2, 30",
			st.Postmortems, o.Detect.N, f(o.Detect.Median), f(o.Detect.P90), f(o.Recover.Median))
	}
	if len(st.ByMonth) != 2 || st.ByMonth[0].Key != "2026-10" || st.ByMonth[0].Postmortems != 3 || f(st.ByMonth[1].Decide.Median) != 4.5 {
		t.Errorf("by month = %+v", st.ByMonth)
	}
	if len(st.ByService) != 2 || st.ByService[0].Key != "checkout" || st.ByService[1].Postmortems != 2 {
		t.Errorf("by service = %+v", st.ByService)
	}
	if st.Actions.Opened != 5 || st.Actions.Open != 5 || st.Actions.Overdue != 3 {
		t.Errorf("actions = %+v, want 5 opened, 5 open, 3 overdue", st.Actions)
	}
	if len(st.Categories) == 0 || st.Categories[0].N != 5 {
		t.Errorf("categories = %+v", st.Categories)
	}
	if st.RollbackSuccessRate == nil {
		t.Errorf("rollback success rate = nil, want a rate over 5 attempts")
	}
	svc, _ := s.Stats(ctx, hindsight.StatsFilter{Service: "search", Since: "2026-11-01"})
	if svc.Postmortems != 2 {
		t.Errorf("stats for search since 2026-11-01: %d postmortems, want 2", svc.Postmortems)
	}
}

// testConcurrentWriters runs writers that save revisions (naming their
// base) and change action items at once. Every write either lands or is
// refused with a conflict or an invalid transition; none is lost: the
// revisions and status histories hold exactly the writes that succeeded.
func testConcurrentWriters(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t, NewClock(Start).Now)
	r := save(t, s, "/pm.txt", checkout, 0)
	const writers, rounds = 8, 12
	var saved, conflicts, changes atomic.Int64
	var wg sync.WaitGroup
	errc := make(chan error, writers*rounds*2)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				cur, err := s.Postmortem(ctx, r.ID, 0)
				if err != nil {
					errc <- err
					return
				}
				text := strings.Replace(checkout, "old code could not write.", fmt.Sprintf("old code could not write (writer %d, round %d).", w, i), 1)
				pm, err := snap.Bytes("/pm.txt", []byte(text), snap.Options{})
				if err != nil {
					errc <- err
					return
				}
				_, err = s.Save(ctx, &hindsight.SaveRequest{Postmortem: pm, Source: text, SourceName: "/pm.txt", Base: cur.Revision, Who: fmt.Sprint("w", w)})
				switch hindsight.ErrorCode(err) {
				case "":
					saved.Add(1)
				case hindsight.ECONFLICT:
					conflicts.Add(1)
				default:
					errc <- fmt.Errorf("writer %d save: %w", w, err)
				}
				// Everyone pushes the same item along: each step lands once.
				id := r.Actions[i%2].ID
				a, err := s.ActionItem(ctx, id)
				if err != nil {
					errc <- err
					return
				}
				next := map[hindsight.Status]hindsight.Status{hindsight.StatusProposed: hindsight.StatusAccepted,
					hindsight.StatusAccepted: hindsight.StatusInProgress, hindsight.StatusInProgress: hindsight.StatusDone,
					hindsight.StatusDone: hindsight.StatusInProgress}[a.Status]
				_, err = s.SetStatus(ctx, &hindsight.StatusChange{ID: id, From: a.Status, To: next, Who: fmt.Sprint("w", w)})
				switch hindsight.ErrorCode(err) {
				case "":
					changes.Add(1)
				case hindsight.ECONFLICT, hindsight.EINVALID:
				default:
					errc <- fmt.Errorf("writer %d status: %w", w, err)
				}
			}
		}(w)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	revs, err := s.Revisions(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(revs)) != saved.Load()+1 {
		t.Errorf("%d revisions, want %d (1 + %d saves that succeeded; %d conflicts)", len(revs), saved.Load()+1, saved.Load(), conflicts.Load())
	}
	for i, rv := range revs {
		if rv.Number != i+1 {
			t.Errorf("revision %d numbered %d", i+1, rv.Number)
		}
	}
	var hist int64
	for _, a := range r.Actions {
		it, err := s.ActionItem(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		hist += int64(len(it.History))
		for i := 1; i < len(it.History); i++ {
			if it.History[i].From != it.History[i-1].To {
				t.Errorf("%s history broken at %d: %+v", a.ID, i, it.History)
			}
		}
		if n := len(it.History); n > 0 && it.History[n-1].To != it.Status {
			t.Errorf("%s is %s, but its last change went to %s", a.ID, it.Status, it.History[n-1].To)
		}
	}
	if hist != changes.Load() {
		t.Errorf("status histories hold %d changes, want the %d that succeeded", hist, changes.Load())
	}
	if saved.Load() == 0 || changes.Load() == 0 {
		t.Errorf("no write succeeded (saved %d, changes %d)", saved.Load(), changes.Load())
	}
	// The counts the open view keeps agree with a count of the items.
	for _, today := range []string{"2026-12-01", "2026-12-05", "2027-06-01"} {
		open, err1 := s.ActionItems(ctx, hindsight.ActionFilter{Today: today})
		all, err2 := s.ActionItems(ctx, hindsight.ActionFilter{All: true, Today: today})
		if err1 != nil || err2 != nil || open.Total != all.Open || open.Overdue != all.Overdue {
			t.Errorf("today %s: open view counts %d open, %d overdue; the items say %d, %d (%v %v)", today, open.Total, open.Overdue, all.Open, all.Overdue, err1, err2)
		}
	}
	t.Logf("%d saves, %d conflicts, %d status changes", saved.Load(), conflicts.Load(), changes.Load())
}
