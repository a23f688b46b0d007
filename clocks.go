package hindsight

import "encoding/json"

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

// jsonPostmortem is Postmortem without its JSON methods: the form
// ContentHash hashes, which leaves out milestone_clocks since they say
// nothing the milestones do not.
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
// is read back from its clock, on the reference day.
func (p *Postmortem) UnmarshalJSON(b []byte) error {
	var j struct {
		jsonPostmortem
		MilestoneClocks MilestoneClocks `json:"milestone_clocks"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Postmortem(j.jsonPostmortem)
	for _, m := range pairs(&p.Milestones, &j.MilestoneClocks) {
		if *m.t == nil && *m.c != nil {
			*m.t = clockOnly(**m.c)
		}
	}
	return nil
}
