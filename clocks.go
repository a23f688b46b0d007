package hindsight

import (
	"encoding/json"
	"time"
)

// MilestoneClocks are the clock times of the milestones ("14:32", or
// "14:32:05" when seconds were given), dated or not; nil where the
// milestone is missing.
//
// A milestone is an ISO date-time in the JSON, and null when the notes
// give no date: a whiteboard has none, unless --date or the document gives
// one. Its clock time is known all the same, so the JSON carries the
// clocks beside the milestones, as "milestone_clocks" (an event has had
// its "clock" from the first version), and UnmarshalJSON reads an undated
// milestone back from its clock.
type MilestoneClocks struct {
	DeployStart      *string `json:"deploy_start"`
	ImpactStart      *string `json:"impact_start"`
	Detected         *string `json:"detected"`
	RollbackDecision *string `json:"rollback_decision"`
	RollbackStart    *string `json:"rollback_start"`
	RollbackEnd      *string `json:"rollback_end"`
	Recovered        *string `json:"recovered"`
}

// milestoneClock is a milestone and its clock.
type milestoneClock struct {
	t **Time
	c **string
}

// pairs lists each milestone of m with its clock in c, in contract order.
func pairs(m *Milestones, c *MilestoneClocks) [7]milestoneClock {
	return [7]milestoneClock{
		{&m.DeployStart, &c.DeployStart}, {&m.ImpactStart, &c.ImpactStart}, {&m.Detected, &c.Detected},
		{&m.RollbackDecision, &c.RollbackDecision}, {&m.RollbackStart, &c.RollbackStart},
		{&m.RollbackEnd, &c.RollbackEnd}, {&m.Recovered, &c.Recovered},
	}
}

// Clocks returns the milestones' clock times.
func (m Milestones) Clocks() MilestoneClocks {
	var c MilestoneClocks
	for _, p := range pairs(&m, &c) {
		if *p.t != nil {
			s := (*p.t).Clock()
			*p.c = &s
		}
	}
	return c
}

// AttemptClocks are the clock times of a rollback attempt's start and end,
// dated or not; nil where the notes do not give it. The JSON has them as
// "attempt_clocks", one for each of rollback.attempts, in the same order:
// an attempt's "start" and "end" are null when the notes give no date, as
// the milestones are.
type AttemptClocks struct {
	Start *string `json:"start"`
	End   *string `json:"end"`
}

// attemptClocks returns the clocks of each of the attempts.
func attemptClocks(as []RollbackAttempt) []AttemptClocks {
	out := make([]AttemptClocks, len(as))
	for i, a := range as {
		out[i] = AttemptClocks{Start: clockOf(a.Start), End: clockOf(a.End)}
	}
	return out
}

// clockOf is t's clock, nil for no time.
func clockOf(t *Time) *string {
	if t == nil {
		return nil
	}
	s := t.Clock()
	return &s
}

// jsonPostmortem is Postmortem without its JSON methods: the form
// ContentHash hashes, which leaves out milestone_clocks and attempt_clocks
// since they say nothing the times they stand beside do not.
type jsonPostmortem Postmortem

// jsonClocked is the form of the JSON contract: the postmortem, and the
// clocks of its milestones and rollback attempts.
type jsonClocked struct {
	jsonPostmortem
	MilestoneClocks MilestoneClocks `json:"milestone_clocks"`
	AttemptClocks   []AttemptClocks `json:"attempt_clocks"`
}

// MarshalJSON writes the postmortem in the form of the JSON contract, with
// the clocks of its milestones and rollback attempts.
func (p Postmortem) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonClocked{jsonPostmortem(p), p.Milestones.Clocks(), attemptClocks(p.Rollback.Attempts)})
}

// UnmarshalJSON reads the form MarshalJSON writes. A milestone or a rollback
// attempt's start or end with no date is read back from its clock, on the
// day the timeline puts it (see undatedDays).
func (p *Postmortem) UnmarshalJSON(b []byte) error {
	var j jsonClocked
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Postmortem(j.jsonPostmortem)
	days := undatedDays(p.Timeline)
	// restore is the timeline's time with the clock, the first at or after
	// from (a clock may come round again on a timeline of over a day).
	restore := func(clock string, from *Time) *Time {
		var pick *Time
		for _, t := range days[clock] {
			if pick == nil || (from != nil && pick.Before(*from)) {
				pick = t
			}
		}
		if pick == nil {
			return clockOnly(clock)
		}
		c := *pick
		return &c
	}
	var prev *Time
	for _, m := range pairs(&p.Milestones, &j.MilestoneClocks) {
		if *m.t == nil && *m.c != nil {
			*m.t = restore(**m.c, prev)
		}
		if *m.t != nil {
			prev = *m.t
		}
	}
	prev = nil
	for i, c := range j.AttemptClocks {
		if i >= len(p.Rollback.Attempts) {
			break
		}
		a := &p.Rollback.Attempts[i]
		if a.Start == nil && c.Start != nil {
			a.Start = restore(*c.Start, prev)
			for _, e := range p.Timeline { // the attempt's own line, when it has the clock
				if e.Line == a.Line && a.Line > 0 && e.At != nil && !e.At.DateKnown && e.At.Clock() == *c.Start {
					t := *e.At
					a.Start = &t
					break
				}
			}
		}
		if a.Start != nil {
			prev = a.Start
		}
		if a.End == nil && c.End != nil {
			a.End = restore(*c.End, prev)
			if a.End != nil && a.Start != nil && !a.Start.DateKnown && a.End.Before(*a.Start) {
				// Past midnight (23:50 to 00:20): an attempt ends after
				// it starts.
				a.End.Wall = a.End.Wall.AddDate(0, 0, 1)
			}
		}
		if a.End != nil {
			prev = a.End
		}
	}
	return nil
}

// rollover is the least backward step of an undated timeline's clock that
// means the next day, as timeline.Resolver reads the notes: 23:50 then
// 00:10 is past midnight, 14:32 then 14:20 is out of order.
const rollover = 12 * time.Hour

// undatedDays puts the timeline's undated times, which Event.UnmarshalJSON
// reads from their clocks onto the reference day, back on the days the
// notes had them (the reference day plus the midnights passed), and
// returns them by clock, in the timeline's order, for the milestones and
// rollback attempts to take theirs from.
func undatedDays(tl []Event) map[string][]*Time {
	byClock := map[string][]*Time{}
	var prev *Time
	days := 0
	for i := range tl {
		e := &tl[i]
		if e.At == nil || e.At.DateKnown {
			continue
		}
		e.At.Wall = e.At.Wall.AddDate(0, 0, days)
		if prev != nil {
			if gap := prev.Sub(*e.At); gap > rollover && gap <= 24*time.Hour {
				days++
				e.At.Wall = e.At.Wall.AddDate(0, 0, 1)
			}
		}
		prev = e.At
		if e.End != nil && !e.End.DateKnown {
			e.End.Wall = e.End.Wall.AddDate(0, 0, days)
			if e.End.Before(*e.At) {
				e.End.Wall = e.End.Wall.AddDate(0, 0, 1)
			}
		}
		for _, t := range []*Time{e.At, e.End} {
			if t != nil {
				byClock[t.Clock()] = append(byClock[t.Clock()], t)
			}
		}
	}
	return byClock
}
