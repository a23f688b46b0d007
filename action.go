package hindsight

// ActionItem is a follow-up the team commits to.
type ActionItem struct {
	// ID identifies the item across revisions ("A-17"); empty until stored.
	ID       string   `json:"id,omitempty"`
	Text     string   `json:"text"`
	Bucket   Bucket   `json:"bucket"`
	Owner    string   `json:"owner"`
	Priority Priority `json:"priority"`
	Due      string   `json:"due"` // YYYY-MM-DD, "" when not given
	Status   Status   `json:"status"`
	// Runbook reports whether the item changes a runbook.
	Runbook bool `json:"runbook"`
	Line    int  `json:"line,omitempty"`
}

// Bucket sorts action items by which failure they address.
type Bucket string

// Buckets.
const (
	BucketDeploySafety  Bucket = "deploy_safety"  // gates, canary, progressive rollout
	BucketRollbackTrust Bucket = "rollback_trust" // tested rollback, forward-fix readiness, schema compatibility
	BucketDetection     Bucket = "detection"      // alerts, dashboards, monitoring
	BucketOther         Bucket = "other"
)

// Buckets lists every Bucket in the order documents show them.
var Buckets = []Bucket{BucketDeploySafety, BucketRollbackTrust, BucketDetection, BucketOther}

// Priority is P0 (most urgent) to P3, or "" when not given.
type Priority string

// Priorities.
const (
	P0 Priority = "P0"
	P1 Priority = "P1"
	P2 Priority = "P2"
	P3 Priority = "P3"
)

// Status is where an action item is in its life.
type Status string

// Statuses, in lifecycle order.
const (
	StatusProposed   Status = "proposed"
	StatusAccepted   Status = "accepted"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusVerified   Status = "verified"
	StatusWontDo     Status = "wont_do"
)

// Statuses lists every Status in lifecycle order.
var Statuses = []Status{StatusProposed, StatusAccepted, StatusInProgress, StatusDone, StatusVerified, StatusWontDo}

// Open reports whether the item still needs work.
func (s Status) Open() bool {
	return s != StatusDone && s != StatusVerified && s != StatusWontDo
}

// Rollback is the rollback analysed as its own failure.
type Rollback struct {
	Attempted bool `json:"attempted"`
	// Outcome is the outcome of the first attempt (OutcomeNotAttempted when
	// there was none).
	Outcome  Outcome           `json:"outcome"`
	Attempts []RollbackAttempt `json:"attempts"`
	TrustGap TrustGap          `json:"trust_gap"`
	// Decision is the line of the notes where the team decided to roll back.
	Decision string `json:"decision,omitempty"`
	// Notes holds the notes' own words about the rollback, as written.
	Notes []string `json:"notes"`
}

// RollbackAttempt is one try at rolling back.
type RollbackAttempt struct {
	Start   *Time   `json:"start"`
	End     *Time   `json:"end"`
	Method  string  `json:"method"`
	Outcome Outcome `json:"outcome"`
	// Evidence is the text the outcome was read from.
	Evidence string `json:"evidence,omitempty"`
	Line     int    `json:"line,omitempty"`
}

// Outcome is how a rollback attempt ended.
type Outcome string

// Rollback outcomes.
const (
	OutcomeSucceeded        Outcome = "succeeded"
	OutcomeFailedToTrigger  Outcome = "failed_to_trigger"
	OutcomeFailedToComplete Outcome = "failed_to_complete"
	OutcomeRestoredBadState Outcome = "restored_bad_state"
	OutcomeCausedNewHarm    Outcome = "caused_new_harm"
	OutcomeNotAttempted     Outcome = "not_attempted"
)

// Outcomes lists every Outcome.
var Outcomes = []Outcome{OutcomeSucceeded, OutcomeFailedToTrigger, OutcomeFailedToComplete,
	OutcomeRestoredBadState, OutcomeCausedNewHarm, OutcomeNotAttempted}

// Failed reports whether the outcome is a rollback failure.
func (o Outcome) Failed() bool {
	return o == OutcomeFailedToTrigger || o == OutcomeFailedToComplete ||
		o == OutcomeRestoredBadState || o == OutcomeCausedNewHarm
}

// TrustGap records whether rollback was assumed safe without being tested
// under these conditions.
type TrustGap struct {
	Found    bool   `json:"found"`
	Evidence string `json:"evidence"`
}
