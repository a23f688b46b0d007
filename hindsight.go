// Package hindsight holds the domain model of a deployment postmortem: the
// timeline and its milestones, the deploy failure, the rollback analysed as
// its own failure, the trust gap, action items in two buckets and the
// findings about the notes themselves (blame-laden language, unverified
// claims). Every other package imports this one; it imports none of ours.
//
// The JSON form of a Postmortem is the contract in docs/json.md
// (schema "hindsight.postmortem/v1").
package hindsight

import (
	"fmt"
	"slices"
)

// Schema names the JSON contract version of Postmortem.
const Schema = "hindsight.postmortem/v1"

// Postmortem is a deployment postmortem as Hindsight builds it from a board.
type Postmortem struct {
	Schema   string `json:"schema"`
	ID       string `json:"id,omitempty"`
	Title    string `json:"title"`
	Date     string `json:"date"` // YYYY-MM-DD, "" when unknown
	Timezone string `json:"timezone"`
	Template string `json:"template"`
	Status   string `json:"status,omitempty"` // draft, in_review, published
	// Services names the services involved, where the notes say.
	Services []string `json:"services,omitempty"`
	Severity string   `json:"severity,omitempty"`
	Authors  []string `json:"authors,omitempty"`

	// Summary is a plain-language paragraph for people outside engineering.
	Summary string `json:"summary"`
	// Impact is what users saw, as the notes state it.
	Impact string `json:"impact"`
	// Detection is how the problem was noticed, as the notes state it.
	Detection string `json:"detection,omitempty"`

	Timeline      []Event       `json:"timeline"`
	Milestones    Milestones    `json:"milestones"`
	Durations     Durations     `json:"durations_min"`
	Rollback      Rollback      `json:"rollback"`
	DeployFailure DeployFailure `json:"deploy_failure"`

	ContributingFactors []string     `json:"contributing_factors"`
	ActionItems         []ActionItem `json:"action_items"`
	RunbookUpdates      []string     `json:"runbook_updates"`
	Lessons             []string     `json:"lessons"`
	WentWell            []string     `json:"went_well"`
	OpenQuestions       []string     `json:"open_questions"`

	Language   []LanguageFinding `json:"language"`
	Unverified []Unverified      `json:"unverified"`

	// Sections holds the sections of the notes that have no place of their
	// own in the postmortem (unknown ones, what went wrong, resolution, …),
	// as written and in order, so nothing the team wrote is dropped.
	Sections []Section `json:"sections"`
	// Missing names the parts of the method the notes do not cover.
	Missing []string `json:"missing"`
}

// Section is one titled part of the notes, kept as written.
type Section struct {
	Title string      `json:"title"`
	Kind  SectionKind `json:"kind"`
	Lines []string    `json:"lines"`
	Line  int         `json:"line"` // line of the heading in the source, 0 for the preamble
}

// SectionKind is what a section is about, whatever its title says.
type SectionKind string

// Section kinds recognised in notes.
const (
	SectionPreamble     SectionKind = "preamble"
	SectionSummary      SectionKind = "summary"
	SectionTimeline     SectionKind = "timeline"
	SectionFailure      SectionKind = "failure" // what broke, root cause
	SectionRollback     SectionKind = "rollback"
	SectionActions      SectionKind = "actions"
	SectionImpact       SectionKind = "impact"
	SectionDetection    SectionKind = "detection"
	SectionLessons      SectionKind = "lessons"
	SectionWentWell     SectionKind = "went_well"
	SectionWentWrong    SectionKind = "went_wrong"
	SectionContributing SectionKind = "contributing"
	SectionRunbook      SectionKind = "runbook"
	SectionResolution   SectionKind = "resolution"
	SectionQuestions    SectionKind = "questions"
	SectionLucky        SectionKind = "lucky" // where we got lucky: near misses
	SectionOther        SectionKind = "other"
)

// Milestones are the moments the durations are computed from. A nil field
// is a milestone the notes do not give.
type Milestones struct {
	DeployStart      *Time `json:"deploy_start"`
	ImpactStart      *Time `json:"impact_start"`
	Detected         *Time `json:"detected"`
	RollbackDecision *Time `json:"rollback_decision"`
	RollbackStart    *Time `json:"rollback_start"`
	RollbackEnd      *Time `json:"rollback_end"`
	Recovered        *Time `json:"recovered"`
}

// Durations are in minutes, computed only from parsed times by the formulas
// in docs/method.md. A nil field could not be computed.
type Durations struct {
	TimeToDetect  *float64 `json:"time_to_detect"`
	TimeToDecide  *float64 `json:"time_to_decide"`
	Rollback      *float64 `json:"rollback"`
	TimeToRecover *float64 `json:"time_to_recover"`
}

// DeployFailure is what shipped, where it broke and what should have caught it.
type DeployFailure struct {
	FailurePoint string   `json:"failure_point"`
	Category     Category `json:"category"`
	MissedGate   string   `json:"missed_gate"`
	// Evidence is the line of the notes the category was read from.
	Evidence string `json:"evidence,omitempty"`
	// Notes holds the notes' own words about the failure, as written.
	Notes []string `json:"notes"`
}

// Category is the kind of change that failed.
type Category string

// Failure categories.
const (
	CategoryMigration  Category = "migration"
	CategoryConfig     Category = "config"
	CategoryCode       Category = "code"
	CategoryInfra      Category = "infra"
	CategoryCapacity   Category = "capacity"
	CategoryDependency Category = "dependency"
	CategoryOther      Category = "other"
)

// Categories lists every Category in a stable order.
var Categories = []Category{CategoryMigration, CategoryConfig, CategoryCode, CategoryInfra, CategoryCapacity, CategoryDependency, CategoryOther}

// LanguageFinding is blame-laden wording with a system-focused suggestion.
type LanguageFinding struct {
	Line       int    `json:"line"`
	Phrase     string `json:"phrase"`
	Suggestion string `json:"suggestion"`
}

// Unverified is a claim the notes mark uncertain or contradict.
type Unverified struct {
	Line   int    `json:"line"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Durations computes the four durations by the formulas of docs/method.md.
// A duration is nil when either milestone is missing or when it would be
// negative; each negative one is described in contradictions.
func (m Milestones) Durations() (d Durations, contradictions []string) {
	span := func(name, toName string, to *Time, fromName string, from *Time) *float64 {
		if to == nil || from == nil {
			return nil
		}
		diff := to.Sub(*from)
		if diff < 0 {
			contradictions = append(contradictions, fmt.Sprintf("%s: %s (%s) is before %s (%s)", name, toName, to.Clock(), fromName, from.Clock()))
			return nil
		}
		v := Minutes(diff)
		return &v
	}
	d.TimeToDetect = span("time_to_detect", "detected", m.Detected, "impact_start", m.ImpactStart)
	d.TimeToDecide = span("time_to_decide", "rollback_decision", m.RollbackDecision, "detected", m.Detected)
	d.Rollback = span("rollback", "rollback_end", m.RollbackEnd, "rollback_start", m.RollbackStart)
	d.TimeToRecover = span("time_to_recover", "recovered", m.Recovered, "impact_start", m.ImpactStart)
	return d, contradictions
}

// An Unknown is a value of a postmortem that is none the JSON contract
// lists: an event kind, the category, an action item's status or priority.
type Unknown struct {
	Line  int    // the line it was read from; 0 for the category
	Field string // "event kind", "category", "status" or "priority"
	Value string
}

// Unknowns lists pm's values outside the contract, in document order, as
// an edited document can hold them ("| 14:26 | … | degraded |"); lint
// reports them all, render, snap and save refuse the document.
func Unknowns(pm *Postmortem) []Unknown {
	var out []Unknown
	for _, e := range pm.Timeline {
		if !slices.Contains(Kinds, e.Kind) {
			out = append(out, Unknown{e.Line, "event kind", string(e.Kind)})
		}
	}
	if c := pm.DeployFailure.Category; !slices.Contains(Categories, c) {
		out = append(out, Unknown{0, "category", string(c)})
	}
	for _, it := range pm.ActionItems {
		if !slices.Contains(Statuses, it.Status) {
			out = append(out, Unknown{it.Line, "status", string(it.Status)})
		}
		if it.Priority != "" && !slices.Contains([]Priority{P0, P1, P2, P3}, it.Priority) {
			out = append(out, Unknown{it.Line, "priority", string(it.Priority)})
		}
	}
	return out
}
