package hindsight

import "encoding/json"

// The clocks of undated times in the JSON contract.
//
// A milestone or a rollback attempt's start and end is an ISO date-time in
// the JSON, and null when the notes give no date: a whiteboard has none,
// unless --date or the document gives one. The clock time is known all the
// same, so the JSON carries it beside the date-time (an event has had its
// "clock" from the first version): "milestone_clocks" beside
// "milestones", "start_clock" and "end_clock" in each attempt. A reader
// that finds a date-time null reads the clock instead, and UnmarshalJSON
// does the same, so an undated postmortem reads back with its milestones.

// MilestoneClocks are the clock times of the milestones ("14:32", or
// "14:32:05" when seconds were given), dated or not; nil where the
// milestone is.
type MilestoneClocks struct {
	DeployStart      *string `json:"deploy_start"`
	ImpactStart      *string `json:"impact_start"`
	Detected         *string `json:"detected"`
	RollbackDecision *string `json:"rollback_decision"`
	RollbackStart    *string `json:"rollback_start"`
	RollbackEnd      *string `json:"rollback_end"`
	Recovered        *string `json:"recovered"`
}

// pairs lists each milestone with its clock, in contract order.
func (m *Milestones) pairs(c *MilestoneClocks) [7]struct {
	t **Time
	c **string
} {
	return [7]struct {
		t **Time
		c **string
	}{
		{&m.DeployStart, &c.DeployStart}, {&m.ImpactStart, &c.ImpactStart}, {&m.Detected, &c.Detected},
		{&m.RollbackDecision, &c.RollbackDecision}, {&m.RollbackStart, &c.RollbackStart},
		{&m.RollbackEnd, &c.RollbackEnd}, {&m.Recovered, &c.Recovered},
	}
}

// Clocks returns the milestones' clock times.
func (m Milestones) Clocks() MilestoneClocks {
	var c MilestoneClocks
	for _, p := range m.pairs(&c) {
		*p.c = clockOf(*p.t)
	}
	return c
}

// fillFrom sets each milestone that is nil, and whose clock c gives, to that
// clock on the reference day (no date).
func (m *Milestones) fillFrom(c MilestoneClocks) {
	for _, p := range m.pairs(&c) {
		if *p.t == nil && *p.c != nil {
			*p.t = clockOnly(**p.c)
		}
	}
}

func clockOf(t *Time) *string {
	if t == nil {
		return nil
	}
	s := t.Clock()
	return &s
}

// jsonPostmortem is Postmortem without its JSON methods.
type jsonPostmortem Postmortem

// MarshalJSON writes the postmortem in the form of the JSON contract, with
// the milestones' clocks.
func (p Postmortem) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		jsonPostmortem
		MilestoneClocks MilestoneClocks `json:"milestone_clocks"`
	}{jsonPostmortem(p), p.Milestones.Clocks()})
}

// UnmarshalJSON reads the form MarshalJSON writes. A milestone with no date
// is read back from its clock on the reference day.
func (p *Postmortem) UnmarshalJSON(b []byte) error {
	var j struct {
		jsonPostmortem
		MilestoneClocks MilestoneClocks `json:"milestone_clocks"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Postmortem(j.jsonPostmortem)
	p.Milestones.fillFrom(j.MilestoneClocks)
	return nil
}

// jsonAttempt is RollbackAttempt without its JSON methods.
type jsonAttempt RollbackAttempt

type jsonAttemptClocks struct {
	jsonAttempt
	StartClock *string `json:"start_clock"`
	EndClock   *string `json:"end_clock"`
}

// MarshalJSON writes the attempt in the form of the JSON contract, with the
// clocks of its start and end.
func (a RollbackAttempt) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonAttemptClocks{jsonAttempt(a), clockOf(a.Start), clockOf(a.End)})
}

// UnmarshalJSON reads the form MarshalJSON writes. A start or end with no
// date is read back from its clock on the reference day.
func (a *RollbackAttempt) UnmarshalJSON(b []byte) error {
	var j jsonAttemptClocks
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*a = RollbackAttempt(j.jsonAttempt)
	if a.Start == nil && j.StartClock != nil {
		a.Start = clockOnly(*j.StartClock)
	}
	if a.End == nil && j.EndClock != nil {
		a.End = clockOnly(*j.EndClock)
	}
	return nil
}
