package hindsight

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Store is the history: postmortems kept whole with their revisions, action
// items followed from proposal to verification, search and stats. Package
// sqlite (the embedded default) and package postgres (for teams) implement
// it, and package storetest holds the one suite both pass.
//
// Every method is safe for concurrent use; every write is one transaction,
// so a crash leaves the last committed state and never half a postmortem.
type Store interface {
	// Save stores a postmortem: a new one, or a new revision of the one
	// with the same ID. Saving the content of the current revision again
	// changes nothing (Result.Unchanged). A request whose Base is not the
	// current revision is refused with ECONFLICT.
	Save(ctx context.Context, req *SaveRequest) (*SaveResult, error)
	// SaveAll saves several postmortems, in order, in one transaction:
	// all of them, or none when one fails, with a *BatchError naming
	// which. It is the bulk path (import): one commit for many files.
	SaveAll(ctx context.Context, reqs []*SaveRequest) ([]*SaveResult, error)
	// Postmortem returns a postmortem at its current revision (or at rev
	// when rev > 0), with its action items as tracked. id may be a unique
	// prefix of the ID. ENOTFOUND when there is none; EINVALID when a
	// prefix is ambiguous.
	Postmortem(ctx context.Context, id string, rev int) (*StoredPostmortem, error)
	// Postmortems lists postmortems at their current revision, newest first.
	Postmortems(ctx context.Context, f PostmortemFilter) ([]PostmortemSummary, error)
	// Revisions lists a postmortem's revisions, oldest first.
	Revisions(ctx context.Context, id string) ([]Revision, error)
	// Search finds postmortems whose text matches q (the database's own
	// full-text search), best first.
	Search(ctx context.Context, q string, limit int) ([]SearchResult, error)
	// Similar finds earlier postmortems with a failure like id's: same
	// category and a shared service, or similar text; each with its open
	// action items.
	Similar(ctx context.Context, id string, limit int) ([]Recurrence, error)

	// ActionItems lists tracked action items, open ones overdue first.
	ActionItems(ctx context.Context, f ActionFilter) (*ActionList, error)
	// ActionItem returns one action item ("A-17") with its history.
	ActionItem(ctx context.Context, id string) (*TrackedAction, error)
	// SetStatus moves an action item along its lifecycle. An invalid
	// transition is EINVALID; a change whose From is not the current status
	// is ECONFLICT.
	SetStatus(ctx context.Context, ch *StatusChange) (*TrackedAction, error)

	// Stats computes durations, outcomes, categories and action-item counts
	// over the postmortems f selects.
	Stats(ctx context.Context, f StatsFilter) (*Stats, error)

	// Close releases the database.
	Close() error
}

// SaveRequest is one postmortem to store.
type SaveRequest struct {
	// Postmortem is the structured postmortem. Its ID, when set (front
	// matter "id"), is its identity; otherwise the store derives one from
	// its date and title (see DeriveID), unique in the database.
	Postmortem *Postmortem
	// Source is the document text the postmortem was built from.
	Source string
	// SourceName is where the document came from (an absolute path, or ""),
	// which tells an edited document from another with the same title.
	SourceName string
	// Base is the revision the edit started from. 0 names none: the
	// document becomes the next revision (revisions are appended, never
	// replaced). A Base that is not the current revision is ECONFLICT.
	Base int
	// Who saves it (the --as flag, $HINDSIGHT_USER or $USER).
	Who string
	// Hash is ContentHash(Postmortem, Source) when the caller has computed
	// it already (import does, in parallel); "" lets the store compute it.
	Hash string
}

// SaveResult says what Save did.
type SaveResult struct {
	ID       string
	Revision int
	// Created is set when the postmortem is new; Unchanged when the content
	// equals the current revision and nothing was written.
	Created, Unchanged bool
	// Actions are the postmortem's action items as tracked after the save.
	Actions []TrackedAction
	// Notes are what the save left as it was that the user may not expect:
	// a status the document shows that the history keeps (DocumentStatus).
	Notes []string
}

// BatchError is SaveAll's error when one request failed: Index is its
// place in the batch, Err why (an *Error for what the caller can act on,
// such as ECONFLICT). Nothing of the batch was written; the caller may
// drop that request and save the others again.
type BatchError struct {
	Index int
	Err   error
}

func (e *BatchError) Error() string { return e.Err.Error() }

// Unwrap returns the failed request's error, so ErrorCode sees its code.
func (e *BatchError) Unwrap() error { return e.Err }

// StoredPostmortem is a postmortem as the store holds it.
type StoredPostmortem struct {
	Postmortem *Postmortem
	Source     string
	SourceName string
	Revision   int // the revision returned
	Latest     int // the current revision
	SavedAt    time.Time
	SavedBy    string
	// Actions are the action items of this revision with their tracked
	// status; ActionItems in Postmortem carry the same IDs and statuses.
	Actions []TrackedAction
}

// Revision is one saved version of a postmortem.
type Revision struct {
	Number  int
	SavedAt time.Time
	SavedBy string
	Hash    string // SHA-256 of the stored document, hex
	Events  int
	Actions int
}

// PostmortemSummary is one line of a listing.
type PostmortemSummary struct {
	ID            string
	Title         string
	Date          string
	Services      []string
	Category      Category
	Outcome       Outcome
	TimeToRecover *float64
	Revision      int
	OpenActions   int
	UpdatedAt     time.Time
}

// PostmortemFilter selects postmortems. Zero fields select everything.
type PostmortemFilter struct {
	Since, Until string // YYYY-MM-DD, inclusive
	Service      string
	Category     Category
	Limit        int // 0 for all
}

// SearchResult is one postmortem a search found.
type SearchResult struct {
	ID      string
	Title   string
	Date    string
	Snippet string // the matching text, terms in [brackets]
	Rank    float64
}

// Recurrence is an earlier postmortem with a similar failure.
type Recurrence struct {
	PostmortemSummary
	// Why says what is similar: "same category and service" or "similar text".
	Why string
	// OpenActions are its action items still open: the ones that might have
	// prevented the new postmortem.
	OpenActions []TrackedAction
}

// TrackedAction is an action item as the store follows it.
type TrackedAction struct {
	ActionItem           // ID ("A-17"), text, bucket, owner, priority, due, status
	Postmortem string    // the postmortem's ID
	Title      string    // the postmortem's title
	Note       string    // the note of the last status change (the reason for wont_do)
	Removed    bool      // no longer in the postmortem's current revision
	Updated    time.Time // last status change, or when it was first saved
	Created    time.Time
	History    []StatusChange // oldest first; filled by ActionItem
}

// Overdue reports whether the item is open and its due date is before today.
func (a *TrackedAction) Overdue(today string) bool {
	return a.Status.Open() && a.Due != "" && a.Due < today
}

// Stale reports whether the item is open and unchanged for days days.
func (a *TrackedAction) Stale(now time.Time, days int) bool {
	return a.Status.Open() && days > 0 && now.Sub(a.Updated) >= time.Duration(days)*24*time.Hour
}

// ActionFilter selects action items.
type ActionFilter struct {
	// All includes closed (done, verified, wont_do) and removed items;
	// otherwise only open ones.
	All        bool
	Postmortem string
	Owner      string // matched without case and a leading "@": "@Dana" finds dana's items
	Bucket     Bucket
	Status     Status
	Overdue    bool // only overdue items
	StaleDays  int  // only items unchanged for this many days
	Today      string
	Limit      int // 0 for all
}

// ActionList is a page of action items with the counts over all of them.
type ActionList struct {
	Items   []TrackedAction
	Total   int // items the filter selects, before Limit
	Open    int
	Overdue int
}

// StatusChange is one move of an action item along its lifecycle.
type StatusChange struct {
	ID   string // the action item, "A-17"
	From Status // the status the change expects; "" for whatever it is
	To   Status
	Who  string
	At   time.Time // set by the store
	Note string    // required for wont_do: the reason
}

// Transition checks that an action item may move from one status to
// another: proposed → accepted → in_progress → done → verified, forward
// steps may be skipped (proposed → done), done may go back to in_progress
// (the fix did not hold), any open status may become wont_do with a reason,
// and wont_do may be reopened as proposed.
func Transition(from, to Status, note string) error {
	valid := false
	for _, s := range Statuses {
		valid = valid || s == to
	}
	if !valid {
		return Errorf(EINVALID, "unknown status %q: use one of proposed, accepted, in_progress, done, verified, wont_do", to)
	}
	if from == to {
		return Errorf(EINVALID, "action item is already %s", to)
	}
	order := map[Status]int{StatusProposed: 0, StatusAccepted: 1, StatusInProgress: 2, StatusDone: 3, StatusVerified: 4}
	switch {
	case to == StatusWontDo:
		if !from.Open() {
			return Errorf(EINVALID, "cannot mark a %s item wont_do: it is closed", from)
		}
		if strings.TrimSpace(note) == "" {
			return Errorf(EINVALID, "wont_do needs a reason: add --note \"why it will not be done\"")
		}
		return nil
	case from == StatusWontDo:
		if to == StatusProposed {
			return nil
		}
		return Errorf(EINVALID, "cannot move a wont_do item to %s: reopen it first (status proposed)", to)
	case to == StatusVerified && from != StatusDone:
		return Errorf(EINVALID, "cannot verify an item that is %s: mark it done first", from)
	case from == StatusVerified:
		return Errorf(EINVALID, "cannot move a verified item to %s: it is closed", to)
	case from == StatusDone && to == StatusInProgress:
		return nil
	case order[to] > order[from]:
		return nil
	}
	return Errorf(EINVALID, "cannot move an action item from %s back to %s", from, to)
}

// StatsFilter selects the postmortems stats are computed over.
type StatsFilter struct {
	Since, Until string // YYYY-MM-DD, inclusive
	Service      string
	// Today is the date overdue is judged against (YYYY-MM-DD).
	Today string
}

// Stats are the trends of the history.
type Stats struct {
	Postmortems int
	Overall     Group
	ByMonth     []Group // by the postmortem's month (YYYY-MM; "unknown" when undated), oldest first
	ByService   []Group // a postmortem counts for each service it names ("unknown" when none)
	// Outcomes counts first rollback attempts by outcome (not_attempted
	// included), in contract order.
	Outcomes []Count
	// RollbackSuccessRate is succeeded / attempted rollbacks, nil when none
	// was attempted.
	RollbackSuccessRate *float64
	Categories          []Count // failure categories, most frequent first
	Actions             ActionCounts
}

// Group is the figures of one month, one service, or all postmortems.
type Group struct {
	Key         string
	Postmortems int
	Detect      Summary // time_to_detect
	Decide      Summary // time_to_decide
	Rollback    Summary // rollback
	Recover     Summary // time_to_recover
	Attempted   int     // rollbacks attempted
	Succeeded   int     // of which succeeded
	Actions     ActionCounts
}

// Summary is the median and 90th percentile of durations in minutes, over N
// postmortems that have the duration (nil when N is 0).
type Summary struct {
	N      int
	Median *float64
	P90    *float64
}

// Count is how many postmortems have a value.
type Count struct {
	Value string
	N     int
}

// ActionCounts counts action items: opened (all of them, whatever their
// status now), done (done or verified), verified, wont_do, still open, and
// overdue (open with a due date before today).
type ActionCounts struct {
	Opened, Done, Verified, WontDo, Open, Overdue int
}

// StatsRow is what Stats needs of one postmortem; stores read these rows
// and call ComputeStats.
type StatsRow struct {
	Date      string
	Services  []string
	Category  Category
	Outcome   Outcome
	Attempted bool
	Durations [4]*float64 // detect, decide, rollback, recover
	Actions   ActionCounts
}

// ComputeStats builds Stats from one row per postmortem.
func ComputeStats(rows []StatsRow) *Stats {
	acc := NewStatsAccumulator()
	for i := range rows {
		acc.Add(&rows[i])
	}
	return acc.Stats()
}

// StatsAccumulator builds Stats from rows added one at a time, so a store
// can stream a large history through it without holding every row.
type StatsAccumulator struct {
	n        int
	all      *groupAcc
	months   map[string]*groupAcc
	services map[string]*groupAcc
	outcomes map[Outcome]int
	cats     map[Category]int
	actions  ActionCounts
}

// NewStatsAccumulator returns an empty accumulator.
func NewStatsAccumulator() *StatsAccumulator {
	return &StatsAccumulator{all: newGroupAcc("all"), months: map[string]*groupAcc{}, services: map[string]*groupAcc{},
		outcomes: map[Outcome]int{}, cats: map[Category]int{}}
}

func (a *StatsAccumulator) group(m map[string]*groupAcc, k string) *groupAcc {
	g := m[k]
	if g == nil {
		g = newGroupAcc(k)
		m[k] = g
	}
	return g
}

// Add counts one postmortem. r is not kept.
func (a *StatsAccumulator) Add(r *StatsRow) {
	a.n++
	a.all.add(r)
	month := "unknown"
	if len(r.Date) >= 7 {
		month = r.Date[:7]
	}
	a.group(a.months, month).add(r)
	if len(r.Services) == 0 {
		a.group(a.services, "unknown").add(r)
	}
	for _, s := range r.Services {
		a.group(a.services, s).add(r)
	}
	o := r.Outcome
	if o == "" {
		o = OutcomeNotAttempted
	}
	a.outcomes[o]++
	c := r.Category
	if c == "" {
		c = CategoryOther
	}
	a.cats[c]++
	a.actions.add(r.Actions)
}

// Stats returns the figures of the rows added.
func (a *StatsAccumulator) Stats() *Stats {
	st := &Stats{Postmortems: a.n, Actions: a.actions}
	all := a.all
	st.Overall = all.group()
	for _, g := range sortedGroups(a.months) {
		st.ByMonth = append(st.ByMonth, g.group())
	}
	for _, g := range sortedGroups(a.services) {
		st.ByService = append(st.ByService, g.group())
	}
	for _, o := range Outcomes {
		st.Outcomes = append(st.Outcomes, Count{string(o), a.outcomes[o]})
	}
	if all.attempted > 0 {
		r := float64(all.succeeded) / float64(all.attempted)
		r = math.Round(r*1000) / 1000
		st.RollbackSuccessRate = &r
	}
	for _, c := range Categories {
		if a.cats[c] > 0 {
			st.Categories = append(st.Categories, Count{string(c), a.cats[c]})
		}
	}
	sort.SliceStable(st.Categories, func(i, j int) bool { return st.Categories[i].N > st.Categories[j].N })
	return st
}

// merge adds the rows b counted to a.
func (a *StatsAccumulator) merge(b *StatsAccumulator) {
	a.n += b.n
	a.all.merge(b.all)
	for _, pair := range [2][2]map[string]*groupAcc{{a.months, b.months}, {a.services, b.services}} {
		for k, g := range pair[1] {
			if mine := pair[0][k]; mine != nil {
				mine.merge(g)
			} else {
				pair[0][k] = g
			}
		}
	}
	for o, n := range b.outcomes {
		a.outcomes[o] += n
	}
	for c, n := range b.cats {
		a.cats[c] += n
	}
	a.actions.add(b.actions)
}

// StatsOfLines computes the stats of stats lines (ParseStatsLine) joined
// by \x1e, cut into workers parts at line boundaries (StatsOfParts).
func StatsOfLines(all, today string, workers int) (*Stats, error) {
	if workers < 1 || len(all) < 1<<16 {
		workers = 1
	}
	var parts []string
	for rest := all; rest != ""; workers-- {
		cut := len(rest)
		if workers > 1 {
			cut = len(rest) / workers
			if i := strings.IndexByte(rest[cut:], '\x1e'); i >= 0 {
				cut += i
			} else {
				cut = len(rest)
			}
		}
		parts = append(parts, rest[:cut])
		rest = strings.TrimPrefix(rest[cut:], "\x1e")
	}
	return StatsOfParts(parts, today)
}

// StatsOfParts computes the stats of parts of stats lines (ParseStatsLine)
// joined by \x1e, as the stores read them (each part one value, the parts
// read at once on one connection per core), each part parsed and counted
// on a goroutine of its own: on 100,000 postmortems, reading, parsing and
// counting the lines is most of the time stats takes.
func StatsOfParts(parts []string, today string) (*Stats, error) {
	accs := make([]*StatsAccumulator, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acc := NewStatsAccumulator()
			var sc StatsScratch
			for rest := part; rest != ""; {
				var line string
				line, rest, _ = strings.Cut(rest, "\x1e")
				r, err := ParseStatsLine(line, today, &sc)
				if err != nil {
					errs[i] = err
					return
				}
				acc.Add(&r)
			}
			accs[i] = acc
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	acc := NewStatsAccumulator()
	for _, a := range accs {
		acc.merge(a)
	}
	return acc.Stats(), nil
}

// StatsOfRanges computes the stats of a store's postmortems read in
// primary-key ranges (StatsRanges), all at once: read returns the stats
// lines of the postmortems with from <= pk < to, joined by \x1e.
func StatsOfRanges(ranges [][2]int64, today string, read func(from, to int64) (string, error)) (*Stats, error) {
	parts := make([]string, len(ranges))
	errs := make([]error, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[i], errs[i] = read(r[0], r[1])
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return StatsOfParts(parts, today)
}

// StatsRanges cuts the primary keys lo…hi into up to n ranges [from, to)
// for a store to read in parallel. (Small histories are cut too: the
// extra query costs little, and every stats test then reads in parts.)
func StatsRanges(lo, hi int64, n int) [][2]int64 {
	if n < 1 {
		n = 1
	}
	step := (hi-lo)/int64(n) + 1
	var out [][2]int64
	for from := lo; from <= hi; from += step {
		out = append(out, [2]int64{from, min(from+step, hi+1)})
	}
	if len(out) == 0 {
		out = append(out, [2]int64{lo, hi + 1})
	}
	return out
}

func (a *ActionCounts) add(b ActionCounts) {
	a.Opened += b.Opened
	a.Done += b.Done
	a.Verified += b.Verified
	a.WontDo += b.WontDo
	a.Open += b.Open
	a.Overdue += b.Overdue
}

type groupAcc struct {
	key                  string
	n                    int
	d                    [4][]float64
	attempted, succeeded int
	actions              ActionCounts
}

func newGroupAcc(k string) *groupAcc { return &groupAcc{key: k} }

func (g *groupAcc) merge(b *groupAcc) {
	g.n += b.n
	for i := range g.d {
		g.d[i] = append(g.d[i], b.d[i]...)
	}
	g.attempted += b.attempted
	g.succeeded += b.succeeded
	g.actions.add(b.actions)
}

func (g *groupAcc) add(r *StatsRow) {
	g.n++
	for i, v := range r.Durations {
		if v != nil && *v >= 0 {
			g.d[i] = append(g.d[i], *v)
		}
	}
	if r.Attempted {
		g.attempted++
		if r.Outcome == OutcomeSucceeded {
			g.succeeded++
		}
	}
	g.actions.add(r.Actions)
}

func (g *groupAcc) group() Group {
	return Group{Key: g.key, Postmortems: g.n, Detect: summarize(g.d[0]), Decide: summarize(g.d[1]),
		Rollback: summarize(g.d[2]), Recover: summarize(g.d[3]), Attempted: g.attempted,
		Succeeded: g.succeeded, Actions: g.actions}
}

func sortedGroups(m map[string]*groupAcc) []*groupAcc {
	gs := make([]*groupAcc, 0, len(m))
	for _, g := range m {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool {
		// "unknown" last.
		if (gs[i].key == "unknown") != (gs[j].key == "unknown") {
			return gs[j].key == "unknown"
		}
		return gs[i].key < gs[j].key
	})
	return gs
}

// summarize returns the median and the 90th percentile of vs, both by
// linear interpolation between the closest ranks (the usual definition:
// the median of 1, 2, 3, 10 is 2.5), rounded to one decimal place. It
// reorders vs: two selections, not a sort, so stats over a large history
// stay linear.
func summarize(vs []float64) Summary {
	if len(vs) == 0 {
		return Summary{}
	}
	med := quantile(vs, 0.5)
	p90 := quantile(vs, 0.9)
	return Summary{N: len(vs), Median: &med, P90: &p90}
}

// quantile returns the p-th quantile of vs (see summarize), reordering vs.
func quantile(vs []float64, p float64) float64 {
	pos := p * float64(len(vs)-1)
	k := int(math.Floor(pos))
	lo := selectKth(vs, k)
	v := lo
	if frac := pos - float64(k); frac > 0 {
		hi := math.Inf(1)
		for _, x := range vs[k+1:] { // all ≥ lo after the selection
			hi = math.Min(hi, x)
		}
		v = lo + (hi-lo)*frac
	}
	return math.Round(v*10) / 10
}

// selectKth reorders vs so that vs[k] is the k-th smallest, smaller ones
// before it and larger ones after (Hoare's selection), and returns it.
func selectKth(vs []float64, k int) float64 {
	lo, hi := 0, len(vs)-1
	seed := uint32(len(vs)) | 1
	for lo < hi {
		seed = seed*1664525 + 1013904223
		pivot := vs[lo+int(seed%uint32(hi-lo+1))]
		i, j := lo, hi
		for i <= j {
			for vs[i] < pivot {
				i++
			}
			for vs[j] > pivot {
				j--
			}
			if i <= j {
				vs[i], vs[j] = vs[j], vs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return vs[k]
		}
	}
	return vs[k]
}

// Percentile returns the p-th quantile (0 ≤ p ≤ 1) of sorted values by
// linear interpolation between the closest ranks, rounded to one decimal.
func Percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	pos := p * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	v := sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
	return math.Round(v*10) / 10
}

// DeriveID returns the ID of a postmortem that names none: its date and a
// slug of its title ("2026-11-20-checkout-5xx-after-migration-0042"),
// "undated-…" without a date. Stores add "-2", "-3", … to keep IDs unique.
func DeriveID(pm *Postmortem) string {
	title := pm.Title
	if pm.Date != "" {
		title = strings.ReplaceAll(title, pm.Date, "") // "Checkout 5xx — 2026-11-20"
	}
	slug := Slug(title, 60)
	if slug == "" {
		slug = "postmortem"
	}
	if pm.Date != "" {
		return pm.Date + "-" + slug
	}
	return "undated-" + slug
}

// Slug lowercases s, keeps letters and digits and joins the words with
// hyphens, cut at a word boundary within max bytes.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				if b.Len()+1 >= max {
					break
				}
				b.WriteByte('-')
			}
			dash = false
			if b.Len() >= max {
				break
			}
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}

var spaces = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// NormalizeAction is the form action-item texts are matched by across
// revisions when the document carries no ID: lowercased, punctuation and
// spacing folded.
func NormalizeAction(text string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(strings.ToLower(text), " "))
}

// ActionNumber reads "A-17" (or "a17", "17") as 17.
func ActionNumber(id string) (int64, error) {
	s := strings.TrimSpace(strings.ToUpper(id))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "A"), "-")
	var n int64
	if _, err := fmt.Sscanf(s, "%d", &n); err != nil || n <= 0 || fmt.Sprint(n) != s {
		return 0, Errorf(EINVALID, "%q is not an action item ID: use the form A-17 (see hindsight actions)", id)
	}
	return n, nil
}

// ActionID formats an action item number as "A-17".
func ActionID(n int64) string { return fmt.Sprintf("A-%d", n) }

// ApplyActions writes the tracked IDs and statuses into pm.ActionItems,
// matching by ID, then by normalised text; tracked items the document lacks
// are left out.
func ApplyActions(pm *Postmortem, tracked []TrackedAction) {
	byID := map[string]*TrackedAction{}
	byText := map[string]*TrackedAction{}
	for i := range tracked {
		byID[tracked[i].ID] = &tracked[i]
		byText[NormalizeAction(tracked[i].Text)] = &tracked[i]
	}
	for i := range pm.ActionItems {
		it := &pm.ActionItems[i]
		t := byID[it.ID]
		if t == nil {
			t = byText[NormalizeAction(it.Text)]
		}
		if t != nil {
			it.ID, it.Status = t.ID, t.Status
		}
	}
}

// ActionPlan maps a revision's action items onto the items already tracked
// for the postmortem.
type ActionPlan struct {
	// Match holds, for each item of the document, the index of the tracked
	// item it continues, or -1 for a new item.
	Match []int
	// Removed holds the indexes of tracked items the document no longer has.
	Removed []int
}

// PlanActions matches doc's action items to existing ones: by ID when the
// document carries one, else by normalised text (NormalizeAction). Each
// tracked item continues at most one document item.
func PlanActions(existing []TrackedAction, doc []ActionItem) ActionPlan {
	p := ActionPlan{Match: make([]int, len(doc))}
	used := make([]bool, len(existing))
	byID := map[string]int{}
	byText := map[string][]int{}
	for i := range existing {
		byID[existing[i].ID] = i
		n := NormalizeAction(existing[i].Text)
		byText[n] = append(byText[n], i)
	}
	for i := range doc {
		p.Match[i] = -1
		if j, ok := byID[doc[i].ID]; ok && doc[i].ID != "" && !used[j] {
			p.Match[i], used[j] = j, true
		}
	}
	for i := range doc {
		if p.Match[i] >= 0 {
			continue
		}
		for _, j := range byText[NormalizeAction(doc[i].Text)] {
			if !used[j] {
				p.Match[i], used[j] = j, true
				break
			}
		}
	}
	for j := range existing {
		if !used[j] && !existing[j].Removed {
			p.Removed = append(p.Removed, j)
		}
	}
	return p
}

// DocumentStatus is a status change made in a document: the box of a
// tracked item ticked or unticked, or its "status:" edited.
type DocumentStatus struct {
	Index    int // the item's place in the document
	ID       string
	From, To Status
	// Kept is set when the document's status is one the item had before,
	// so the tracked status From stays: the save tells the user (Note).
	Kept bool
}

// Note says why a Kept status was not applied, and what to do.
func (d DocumentStatus) Note() string {
	note := fmt.Sprintf("%s: the document shows %s, a status it had before, and the history keeps %s", d.ID, d.To, d.From)
	if Transition(d.From, d.To, "a reason") != nil {
		return note // a move the lifecycle refuses: there is no command to suggest
	}
	if d.To == StatusWontDo {
		return note + fmt.Sprintf("; to change it, run 'hindsight actions wontdo %s --note \"why\"'", d.ID)
	}
	return note + fmt.Sprintf("; to change it, run 'hindsight actions set %s %s'", d.ID, d.To)
}

// DocumentStatuses finds the tracked items whose status the document
// itself changes. A document shows an item's status as it was when the
// document was written: typed notes as they were first saved, an export
// with the statuses of its day. So the tracked status wins over a
// document's unless the document's is new to the item: a status it has
// never had (had returns, for the IDs asked, every status each item has
// been in). Ticking the box of an item that was never done closes it; an
// old export or old notes saved again undo nothing done with "hindsight
// actions" meanwhile. (Unticking an item that was in progress before it was
// done is not seen as a change: "hindsight actions reopen" does that.) A
// change the lifecycle does not allow is EINVALID, naming the item and
// what to do; so is won't do, which needs a reason a document cannot give.
func DocumentStatuses(doc []ActionItem, existing []TrackedAction, plan ActionPlan, had func(ids []string) (map[string][]Status, error)) ([]DocumentStatus, error) {
	var cand []int
	var ids []string
	for i, j := range plan.Match {
		if j >= 0 && doc[i].Status != existing[j].Status && ValidStatus(doc[i].Status) {
			cand = append(cand, i)
			ids = append(ids, existing[j].ID)
		}
	}
	if len(cand) == 0 {
		return nil, nil
	}
	past, err := had(ids)
	if err != nil {
		return nil, err
	}
	var out []DocumentStatus
	for _, i := range cand {
		ex, to := existing[plan.Match[i]], doc[i].Status
		if slices.Contains(past[ex.ID], to) {
			// As the document was written, not a change made in it.
			out = append(out, DocumentStatus{Index: i, ID: ex.ID, From: ex.Status, To: to, Kept: true})
			continue
		}
		if to == StatusWontDo {
			return nil, Errorf(EINVALID, "%s: the document marks it won't do, which needs a reason: run 'hindsight actions wontdo %s --note \"why\"', and save the document again", ex.ID, ex.ID)
		}
		if err := Transition(ex.Status, to, ""); err != nil {
			var he *Error
			errors.As(err, &he)
			return nil, Errorf(EINVALID, "%s: the document marks it %s, but it is %s in the history: %s; fix the document, or change it with 'hindsight actions'",
				ex.ID, to, ex.Status, he.Message)
		}
		out = append(out, DocumentStatus{Index: i, ID: ex.ID, From: ex.Status, To: to})
	}
	return out, nil
}

// CurrentStatuses starts the answer of DocumentStatuses' had: the current
// status of each item of existing that ids names, and their numbers, for
// a store to add the statuses of their changes.
func CurrentStatuses(existing []TrackedAction, ids []string) (map[string][]Status, []int64) {
	out := map[string][]Status{}
	var pks []int64
	for _, a := range existing {
		if slices.Contains(ids, a.ID) {
			out[a.ID] = append(out[a.ID], a.Status)
			n, _ := ActionNumber(a.ID)
			pks = append(pks, n)
		}
	}
	return out, pks
}

// DocumentStatusNote is the note of a status change made in a document.
const DocumentStatusNote = "changed in the document"

// TrackedAfter is a postmortem's tracked items after a save, built from
// what the save wrote rather than read back: the document's items (with
// the IDs and statuses the save gave them), each continuing existing[j]
// as plan says or new at now, in the order of their IDs.
func TrackedAfter(pm *Postmortem, existing []TrackedAction, plan ActionPlan, now time.Time) []TrackedAction {
	out := make([]TrackedAction, 0, len(pm.ActionItems))
	for i, it := range pm.ActionItems {
		a := TrackedAction{Postmortem: pm.ID, Title: pm.Title, Created: now, Updated: now}
		if j := plan.Match[i]; j >= 0 {
			a = existing[j]
			a.Title, a.Removed = pm.Title, false
		}
		it.Line = 0
		a.ActionItem = it
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool {
		a, _ := ActionNumber(out[i].ID)
		b, _ := ActionNumber(out[j].ID)
		return a < b
	})
	return out
}

// SearchTerms splits a user's query into its different words for
// full-text search: letters and digits only, so no word is read as an
// operator.
func SearchTerms(q string) []string {
	var terms []string
	for _, w := range spaces.Split(strings.ToLower(FoldDiacritics(q)), -1) {
		if w != "" && !slices.Contains(terms, w) {
			terms = append(terms, w)
		}
	}
	return terms
}

// MaxSearchWords is the most different words a search takes.
const MaxSearchWords = 32

// SearchQuery is the words of a user's search (SearchTerms), or the error
// to show when there are none or too many: a search finds postmortems with
// all its words, so none may be dropped.
func SearchQuery(q string) ([]string, error) {
	terms := SearchTerms(q)
	switch {
	case len(terms) == 0:
		return nil, Errorf(EINVALID, "nothing to search for in %q: give some words", q)
	case len(terms) > MaxSearchWords:
		return nil, Errorf(EINVALID, "a search takes at most %d different words, and this one has %d: keep the words that tell the postmortem apart", MaxSearchWords, len(terms))
	}
	return terms, nil
}

// SearchText is s as a full-text index reads it: its words of letters and
// digits, without diacritics, one space apart. It is what SQLite's
// unicode61 tokenizer makes of a text, so PostgreSQL, whose own parser
// keeps "expand/contract" or "api-gw.prod" whole, indexes the same words.
func SearchText(s string) string {
	s = FoldDiacritics(s)
	var b strings.Builder
	b.Grow(len(s))
	gap := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteByte(' ')
		}
		gap = false
		b.WriteRune(r)
	}
	return b.String()
}

// FoldDiacritics takes the accent off a Latin letter that has one
// ("Zürich" is "Zurich"), as SQLite's unicode61 tokenizer does
// (remove_diacritics 1): a letter with two marks (Vietnamese "ể") and
// other scripts' marks (Japanese "デ") stay as they are.
func FoldDiacritics(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if r >= utf8.RuneSelf {
			if d := []rune(norm.NFD.String(string(r))); len(d) == 2 && d[0] < utf8.RuneSelf && unicode.Is(unicode.Mn, d[1]) {
				r = d[0]
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an and or of to in on at for from with by after before during
		was were is are be been it its this that as into over under not no our we they their
		when then than which while out up down all any more most some such only own same so too very can
		will just should now incident postmortem outage issue caused cause due root deploy deployment
		production prod service services rollback rolled back failed failure error errors
		started users problems minutes hours later normal`) {
		stopWords[w] = true
	}
}

// SimilarTerms picks the words that describe a postmortem's failure (from
// its title, failure point and missed gate) for a full-text "similar" query:
// not numbers (a year in a title would match every postmortem of that
// year), nor the words of the summary every snapped document has ("it
// started at …", "caused problems for users").
func SimilarTerms(pm *Postmortem) []string {
	seen := map[string]bool{}
	var terms []string
	for _, s := range []string{pm.Title, pm.DeployFailure.FailurePoint, pm.DeployFailure.MissedGate} {
		for _, w := range SearchTerms(s) {
			if len(w) < 3 || stopWords[w] || seen[w] || len(terms) >= 8 || strings.Trim(w, "0123456789") == "" {
				continue
			}
			seen[w] = true
			terms = append(terms, w)
		}
	}
	return terms
}

// SameIncident reports whether b, saved from the file a was saved from
// and on the same date, is a's incident told again (its title edited, say)
// rather than another incident written into the same file: their titles
// share a word that describes the failure (SimilarTerms), or at least half
// of the shorter timeline's entries are in the other.
func SameIncident(a, b *Postmortem) bool {
	words := map[string]bool{}
	for _, w := range SimilarTerms(&Postmortem{Title: a.Title}) {
		words[w] = true
	}
	for _, w := range SimilarTerms(&Postmortem{Title: b.Title}) {
		if words[w] {
			return true
		}
	}
	short, long := a.Timeline, b.Timeline
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) == 0 {
		return false
	}
	texts := map[string]bool{}
	for _, e := range long {
		texts[e.Text] = true
	}
	n := 0
	for _, e := range short {
		if texts[e.Text] {
			n++
		}
	}
	return 2*n >= len(short)
}

// SearchBody is the text a postmortem is found by: its title, the source
// document, and the structured fields a document without source has (or
// whose source is the JSON contract, whose keys are in every one).
func SearchBody(pm *Postmortem, source string) string {
	if JSONSchema([]byte(source)) != "" {
		source = "" // the JSON's keys ("trust_gap", "null") would match every search
	}
	var b strings.Builder
	b.WriteString(source)
	if source == "" {
		for _, s := range []string{pm.Summary, pm.Impact, pm.Detection, pm.DeployFailure.FailurePoint, pm.DeployFailure.MissedGate} {
			b.WriteString(s)
			b.WriteByte('\n')
		}
		for _, e := range pm.Timeline {
			b.WriteString(e.Text)
			b.WriteByte('\n')
		}
		for _, a := range pm.ActionItems {
			b.WriteString(a.Text)
			b.WriteByte('\n')
		}
	}
	b.WriteString("\n")
	b.WriteString(string(pm.DeployFailure.Category))
	for _, s := range pm.Services {
		b.WriteString(" " + s)
	}
	return b.String()
}

// Month returns the YYYY-MM of a YYYY-MM-DD date, "" when there is none.
func Month(date string) string {
	if len(date) >= 7 {
		return date[:7]
	}
	return ""
}

// ContentHash is the SHA-256 (hex) of a document's source text and its
// structured fields, leaving out what the store itself assigns (the ID,
// action-item IDs and statuses): saving the same content twice gives the
// same hash, so the second save writes nothing.
func ContentHash(pm *Postmortem, source string) string {
	c := *pm
	c.ID = ""
	c.ActionItems = append([]ActionItem(nil), pm.ActionItems...)
	for i := range c.ActionItems {
		c.ActionItems[i].ID, c.ActionItems[i].Status = "", ""
	}
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	// Without milestone_clocks and attempt_clocks: the hash stays what it
	// was before the JSON had them, or every saved postmortem's next save
	// would be a new revision.
	json.NewEncoder(h).Encode((*jsonPostmortem)(&c))
	return hex.EncodeToString(h.Sum(nil))
}

// ConflictError is the error of a save based on a stale revision.
func ConflictError(id string, base, current int) *Error {
	return Errorf(ECONFLICT, "postmortem %s changed since revision %d (it is at revision %d now): "+
		"run 'hindsight show %s', merge your edit, and save again with --base %d", id, base, current, id, current)
}

// OpenStatuses lists the statuses of open action items.
var OpenStatuses = []Status{StatusProposed, StatusAccepted, StatusInProgress}

// ValidStatus reports whether s is one of Statuses.
func ValidStatus(s Status) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// CountBefore counts the dates in a comma-separated list of YYYY-MM-DD
// dates that fall before day.
func CountBefore(dates, day string) int {
	n := 0
	for len(dates) >= 10 {
		if dates[:10] < day {
			n++
		}
		dates = strings.TrimPrefix(dates[10:], ",")
	}
	return n
}

// StatsScratch is reused from line to line; the row ParseStatsLine returns
// points into it.
type StatsScratch struct {
	dur [4]float64
	svc [1]string
}

// ParseStatsLine reads the line a store packs a postmortem's stats figures
// in: 15 fields separated by \x1f (date, services separated by \n,
// category, outcome, attempted 0/1, the four durations or "", opened, done,
// verified, wont_do, open, and the open items' due dates joined by commas).
func ParseStatsLine(line, today string, sc *StatsScratch) (StatsRow, error) {
	var r StatsRow
	var f [15]string
	dur := sc.dur[:]
	rest := line
	for i := range f {
		var ok bool
		f[i], rest, ok = strings.Cut(rest, "\x1f")
		if !ok && i != len(f)-1 {
			return r, fmt.Errorf("stats line %q: %d fields, want 15 (is the database damaged?)", line, i+1)
		}
	}
	r.Date = f[0]
	if f[1] != "" && !strings.Contains(f[1], "\n") {
		sc.svc[0] = f[1]
		r.Services = sc.svc[:]
	} else if f[1] != "" {
		r.Services = strings.Split(f[1], "\n")
	}
	r.Category, r.Outcome, r.Attempted = Category(f[2]), Outcome(f[3]), f[4] == "1"
	for i := 0; i < 4; i++ {
		if f[5+i] == "" {
			continue
		}
		v, err := parseFloat(f[5+i])
		if err != nil {
			return r, fmt.Errorf("stats line %q: %w", line, err)
		}
		dur[i] = v
		r.Durations[i] = &dur[i]
	}
	c := &r.Actions
	for i, p := range []*int{&c.Opened, &c.Done, &c.Verified, &c.WontDo, &c.Open} {
		n, err := strconv.Atoi(f[9+i])
		if err != nil && f[9+i] == "" {
			n, err = 0, nil
		}
		if err != nil {
			return r, fmt.Errorf("stats line %q: %w", line, err)
		}
		*p = n
	}
	c.Overdue = CountBefore(f[14], today)
	return r, nil
}

// parseFloat reads plain decimals ("37.0", "2.5") without strconv's
// generality, and anything else with it.
func parseFloat(s string) (float64, error) {
	var whole, frac, scale int64 = 0, 0, 1
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	start := i
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 15; i++ {
		whole = whole*10 + int64(s[i]-'0')
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9' && scale < 1e12; i++ {
			frac, scale = frac*10+int64(s[i]-'0'), scale*10
		}
	}
	if i != len(s) || i == start {
		return strconv.ParseFloat(s, 64)
	}
	v := float64(whole) + float64(frac)/float64(scale)
	if neg {
		v = -v
	}
	return v, nil
}

// ResolveID checks that an ID, or the start of one, names exactly one of
// ids (the stored IDs that begin with it). The errors say there is none, or
// which ones it could be.
func ResolveID(id string, ids []string) error {
	switch len(ids) {
	case 0:
		return Errorf(ENOTFOUND, "no postmortem %q in the history: see 'hindsight list' or 'hindsight search'", id)
	case 1:
		return nil
	}
	return Errorf(EINVALID, "%q names several postmortems (%s): give more of the ID", id, strings.Join(ids, ", "))
}
