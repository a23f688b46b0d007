package timeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// Resolver turns the expressions of one document, taken in document order,
// into hindsight.Time values. The zero Resolver knows no date and no zone.
type Resolver struct {
	// Year, Month, Day is the document's date (front matter, heading, file
	// name, --date); 0 when unknown.
	Year, Month, Day int
	// Zone is a zone the document states for all its times ("All times in
	// CET", "(UTC)" in a heading, a front matter timezone), in a spelling
	// Zone accepts; "" when none.
	Zone string

	started bool
	// day is the current date at midnight UTC; year 1 when not known.
	day time.Time
	// dayKnown reports whether day is a date the document gives.
	dayKnown bool
	// year is the current year, 0 when unknown, for dates written without one.
	year int
	// first and prev are the first and the previous resolved times.
	first, prev *hindsight.Time
	// docZone is the resolved Zone; zoneWarned is set once an unknown Zone
	// was reported.
	docZone    *time.Location
	zoneWarned bool
	// locs caches the locations of the zones written in the document.
	locs map[string]*time.Location
	// twelve is set in a run of times that started with one written with
	// am or pm (see twelveHour).
	twelve bool
}

// referenceDay is where times of unknown date sit: year 1, 1 January.
var referenceDay = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// rollover is the least backward step of a clock that means the next day:
// 23:50 then 00:10 is past midnight; 14:32 then 14:20 is out of order.
const rollover = 12 * time.Hour

func (r *Resolver) start() {
	if r.started {
		return
	}
	r.started = true
	r.day = referenceDay
	r.setDate(r.Year, r.Month, r.Day)
	if r.Zone != "" {
		if off, ok := Zone(r.Zone); ok {
			r.docZone = time.FixedZone(r.Zone, off)
		}
	}
}

// SetDate changes the current date, as a dated heading between entries
// does ("### Friday 30-07-2017"). A year of 0 keeps the current year; a
// month or day of 0 makes the date unknown.
func (r *Resolver) SetDate(year, month, day int) {
	r.start()
	r.setDate(year, month, day)
}

func (r *Resolver) setDate(year, month, day int) {
	if year > 0 {
		r.year = year
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		r.day, r.dayKnown = referenceDay, false
		return
	}
	r.day, r.dayKnown = r.dateOf(year, month, day)
}

// dateOf returns the date of a written month and day, taking the year from
// the current date when it is not written; a date more than half a year
// before the current one is in the next year ("Dec 31" then "Jan 1").
func (r *Resolver) dateOf(year, month, day int) (d time.Time, known bool) {
	switch {
	case year > 0:
		return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC), true
	case r.year > 0:
		d = time.Date(r.year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if r.dayKnown && d.Before(r.day.AddDate(0, -6, 0)) {
			return d.AddDate(1, 0, 0), true
		}
		return d, true
	}
	return time.Date(1, time.Month(month), day, 0, 0, 0, 0, time.UTC), false
}

// Resolve returns the start (and for ranges, the end) of e as
// hindsight.Time, and reasons the time is suspect: out of order,
// approximate, a range ending before it starts, a relative time with
// nothing to count from. See the package documentation for the rules.
func (r *Resolver) Resolve(e Expr) (start, end *hindsight.Time, reasons []string) {
	r.start()
	switch {
	case e.Relative:
		start, reasons = r.relative(e)
	case e.HasClock:
		start, end, reasons = r.absolute(e)
	default:
		return nil, nil, []string{"not a time expression"}
	}
	if e.Approx {
		reasons = append(reasons, fmt.Sprintf("approximate time (as written: %s)", e.Text))
	}
	if start != nil {
		r.advance(start)
	}
	return start, end, reasons
}

// advance makes t the previous time, the first if there was none, and its
// date the current date. It keeps a copy, so callers may change what
// Resolve returned.
func (r *Resolver) advance(t *hindsight.Time) {
	c := *t
	if r.first == nil {
		r.first = &c
	}
	r.prev = &c
	if t.DateKnown == r.dayKnown {
		r.day = time.Date(t.Wall.Year(), t.Wall.Month(), t.Wall.Day(), 0, 0, 0, 0, time.UTC)
	}
}

// relative counts e.Delta from the first or the previous time.
func (r *Resolver) relative(e Expr) (*hindsight.Time, []string) {
	anchor := r.prev
	if e.Anchor == AnchorStart {
		anchor = r.first
	}
	if anchor == nil {
		return nil, []string{"relative time with nothing to count from"}
	}
	t := *anchor
	t.Wall = t.Wall.Add(e.Delta)
	t.Seconds = t.Seconds || e.Delta%time.Minute != 0
	var reasons []string
	if r.prev != nil && t.Before(*r.prev) {
		reasons = append(reasons, outOfOrder(t, *r.prev))
	}
	return &t, reasons
}

// absolute places a clock time on its date and in its zone, and the end of
// its range.
func (r *Resolver) absolute(e Expr) (start, end *hindsight.Time, reasons []string) {
	r.twelveHour(&e)
	loc, zone, reasons := r.zoneOf(e)
	day, known, dated := r.day, r.dayKnown, e.Month > 0 && e.Day > 0
	if dated {
		day, known = r.dateOf(e.Year, e.Month, e.Day)
		r.day, r.dayKnown = day, known
		if e.Year > 0 {
			r.year = e.Year
		}
	}
	start = &hindsight.Time{
		Wall:      at(day, e, loc),
		DateKnown: known,
		ZoneKnown: zone != "",
		Zone:      zone,
		Seconds:   e.HasSeconds,
	}
	if r.prev != nil && start.Before(*r.prev) {
		if gap := r.prev.Sub(*start); !dated && gap > rollover && gap <= 24*time.Hour {
			start.Wall = start.Wall.AddDate(0, 0, 1)
		} else {
			reasons = append(reasons, outOfOrder(*start, *r.prev))
		}
	} else if r.prev != nil && !dated && start.Zone != r.prev.Zone && start.Sub(*r.prev) > rollover {
		// A time in another zone than the one before it took that one's
		// date: "01:50 CEST" (16:50 PDT) then "17:00 PDT" is the same
		// evening, not the next day's.
		if earlier := start.Wall.AddDate(0, 0, -1); !earlier.Before(r.prev.Wall) {
			start.Wall = earlier
		}
	}
	if e.RangeEnd != nil {
		var reason string
		if end, reason = r.rangeEnd(*e.RangeEnd, start); reason != "" {
			reasons = append(reasons, reason)
		}
	}
	return start, end, reasons
}

// twelveHour reads a clock written without am/pm on the 12-hour clock of
// the times before it: "1:55pm", then "2:05" is 14:05, not an out-of-order
// 02:05. It applies only to a clock that as written would come before the
// previous time, in a run of times that started with one written with am or
// pm leading an entry (not InProse); only to an hour of 1 to 9 or 12 without a leading zero (a 24-hour
// writer's "02:05", "10:26" and "11:40" are left alone); and it takes the
// half of the day that comes next ("11:40pm", then "12:05" is past
// midnight). A time on the 24-hour clock (an hour past 12, a leading zero)
// ends the run.
func (r *Resolver) twelveHour(e *Expr) {
	switch {
	case e.Meridiem:
		r.twelve = r.twelve || !e.InProse
		return
	case e.Hour > 12 || strings.HasPrefix(e.Text, "0") || e.Month > 0:
		r.twelve = false
		return
	case !r.twelve || r.prev == nil || (e.Hour > 9 && e.Hour != 12):
		return
	}
	prev := r.prev.Wall.Hour()*60 + r.prev.Wall.Minute()
	if back := prev - (e.Hour*60 + e.Minute); back <= 0 || back*int(time.Minute) >= int(rollover) {
		return // in order as written, or past midnight by the 24-hour rule
	}
	e.Hour = nextHalf(prev, e.Hour, e.Minute)
	if end := e.RangeEnd; end != nil && !end.Meridiem {
		adjusted := *end
		adjusted.Hour = nextHalf(e.Hour*60+e.Minute, end.Hour, end.Minute)
		e.RangeEnd = &adjusted
	}
}

// nextHalf returns hour, of a clock hour:minute written without am/pm on a
// 12-hour clock (1 to 12), as the hour of the 24 that comes soonest at or
// after the minute of the day prev. An hour past 12 is on the 24-hour clock
// already and stays.
func nextHalf(prev, hour, minute int) int {
	if hour < 1 || hour > 12 {
		return hour
	}
	am, pm := hour%12, hour%12+12
	after := func(h int) int { return ((h*60+minute-prev)%(24*60) + 24*60) % (24 * 60) }
	if after(pm) < after(am) {
		return pm
	}
	return am
}

// rangeEnd places the end of a range: on the start's date (or its own),
// in its own zone or the start's, and on the next day when its clock is
// before the start's.
func (r *Resolver) rangeEnd(e Expr, start *hindsight.Time) (*hindsight.Time, string) {
	loc, zone := start.Wall.Location(), start.Zone
	if e.HasZone {
		loc, zone = r.location(e.Zone, e.Offset), e.Zone
	}
	w := start.Wall.In(loc)
	day, known := time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, time.UTC), start.DateKnown
	dated := e.Month > 0 && e.Day > 0
	if dated {
		day, known = r.dateOf(e.Year, e.Month, e.Day)
	}
	end := &hindsight.Time{
		Wall:      at(day, e, loc),
		DateKnown: known,
		ZoneKnown: zone != "",
		Zone:      zone,
		Seconds:   e.HasSeconds,
	}
	if end.Before(*start) && !dated {
		end.Wall = end.Wall.AddDate(0, 0, 1)
	}
	if end.Before(*start) {
		return end, fmt.Sprintf("end of range before its start: %s to %s", label(*start, *end), label(*end, *start))
	}
	return end, ""
}

// zoneOf returns the location and zone name of e: its own zone, else the
// document's, else none (UTC standing for "unstated", and "" as the name).
func (r *Resolver) zoneOf(e Expr) (*time.Location, string, []string) {
	switch {
	case e.HasZone:
		return r.location(e.Zone, e.Offset), e.Zone, nil
	case r.docZone != nil:
		return r.docZone, r.Zone, nil
	case r.Zone != "" && !r.zoneWarned:
		r.zoneWarned = true
		return time.UTC, "", []string{fmt.Sprintf("document zone %q not recognised; times left without a zone", r.Zone)}
	}
	return time.UTC, "", nil
}

// location returns the fixed zone of a zone as written. A normalised
// zone name determines its offset, so the name is the key.
func (r *Resolver) location(zone string, offset int) *time.Location {
	if loc, ok := r.locs[zone]; ok {
		return loc
	}
	if r.locs == nil {
		r.locs = make(map[string]*time.Location)
	}
	loc := time.FixedZone(zone, offset)
	r.locs[zone] = loc
	return loc
}

// at returns the clock of e on day in loc.
func at(day time.Time, e Expr, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), e.Hour, e.Minute, e.Second, 0, loc)
}

// outOfOrder words the reason for a time earlier than the one before it.
func outOfOrder(t, prev hindsight.Time) string {
	return fmt.Sprintf("out of order: %s comes after %s", label(t, prev), label(prev, t))
}

// label names t for a reason: its clock, with its date when the two times
// fall on different known dates.
func label(t, other hindsight.Time) string {
	if t.DateKnown && other.DateKnown && t.Date() != other.Date() {
		return t.Date() + " " + t.Clock()
	}
	return t.Clock()
}
