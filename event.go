package hindsight

import "encoding/json"

// Event is one entry of the timeline.
type Event struct {
	// At is when it happened; nil when the entry has no time.
	At *Time
	// End is the end of a range such as 14:32–14:45; nil otherwise.
	End *Time
	// AsWritten is the time exactly as the notes wrote it.
	AsWritten string
	Text      string
	Kind      Kind
	Phase     Phase
	// Unverified is set when the notes mark the entry uncertain or
	// contradict it; Reasons says why.
	Unverified bool
	Reasons    []string
	// Line is the entry's line in the source (1-based).
	Line int
}

// Kind is what an event is.
type Kind string

// Event kinds (the enumeration of the JSON contract).
const (
	KindMerge            Kind = "merge"
	KindCI               Kind = "ci"
	KindStaging          Kind = "staging"
	KindDeployStart      Kind = "deploy_start"
	KindDeployEnd        Kind = "deploy_end"
	KindMigration        Kind = "migration"
	KindConfigChange     Kind = "config_change"
	KindFlag             Kind = "flag"
	KindImpactStart      Kind = "impact_start"
	KindDetect           Kind = "detect"
	KindInvestigate      Kind = "investigate"
	KindRollbackDecision Kind = "rollback_decision"
	KindRollbackStart    Kind = "rollback_start"
	KindRollbackEnd      Kind = "rollback_end"
	KindForwardFix       Kind = "forward_fix"
	KindMitigate         Kind = "mitigate"
	KindRecover          Kind = "recover"
	KindCommunicate      Kind = "communicate"
	KindOther            Kind = "other"
)

// Kinds lists every Kind in contract order.
var Kinds = []Kind{KindMerge, KindCI, KindStaging, KindDeployStart, KindDeployEnd, KindMigration,
	KindConfigChange, KindFlag, KindImpactStart, KindDetect, KindInvestigate, KindRollbackDecision,
	KindRollbackStart, KindRollbackEnd, KindForwardFix, KindMitigate, KindRecover, KindCommunicate, KindOther}

// Phase places an event on one of the two timelines, split at the rollback
// decision.
type Phase string

// Phases.
const (
	PhaseDeploy   Phase = "deploy"
	PhaseRollback Phase = "rollback"
)

// Source locates an event in the notes.
type Source struct {
	Line int `json:"line"`
}

type jsonEvent struct {
	At         *Time    `json:"at"`
	End        *Time    `json:"end,omitempty"`
	Clock      string   `json:"clock"`
	EndClock   string   `json:"end_clock,omitempty"`
	AsWritten  string   `json:"as_written"`
	Text       string   `json:"text"`
	Kind       Kind     `json:"kind"`
	Phase      Phase    `json:"phase"`
	Unverified bool     `json:"unverified"`
	Reasons    []string `json:"reasons"`
	Source     Source   `json:"source"`
}

// MarshalJSON writes the event in the form of the JSON contract.
func (e Event) MarshalJSON() ([]byte, error) {
	j := jsonEvent{At: e.At, End: e.End, AsWritten: e.AsWritten, Text: e.Text, Kind: e.Kind,
		Phase: e.Phase, Unverified: e.Unverified, Reasons: e.Reasons, Source: Source{Line: e.Line}}
	if j.Reasons == nil {
		j.Reasons = []string{}
	}
	if e.At != nil {
		j.Clock = e.At.Clock()
		if !e.At.DateKnown {
			j.At = nil
		}
	}
	if e.End != nil {
		j.EndClock = e.End.Clock()
		if !e.End.DateKnown {
			j.End = nil
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads the form MarshalJSON writes. A time with no date is
// read back from its clock on the reference day.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j jsonEvent
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Event{At: j.At, End: j.End, AsWritten: j.AsWritten, Text: j.Text, Kind: j.Kind, Phase: j.Phase,
		Unverified: j.Unverified, Reasons: j.Reasons, Line: j.Source.Line}
	if e.At == nil && j.Clock != "" {
		e.At = clockOnly(j.Clock)
	}
	if e.End == nil && j.EndClock != "" {
		e.End = clockOnly(j.EndClock)
	}
	if len(e.Reasons) == 0 {
		e.Reasons = nil
	}
	return nil
}
