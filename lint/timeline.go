package lint

import (
	"fmt"

	"github.com/hindsight-dev/hindsight"
)

var _ = register(&Rule{
	ID: "HS007", Name: "timeline-order", Severity: Warning, Fixable: true,
	Doc: "A timeline entry's time is earlier than the entry before it.",
	Check: func(in *Input, report func(int, string, string)) {
		var prev *hindsight.Event
		for i := range in.PM.Timeline {
			e := &in.PM.Timeline[i]
			if e.At == nil {
				continue
			}
			if prev != nil && e.At.Sub(*prev.At) < 0 {
				report(e.Line, fmt.Sprintf("%s comes after %s: the timeline is out of order", e.At.Clock(), prev.At.Clock()),
					"move the entry, or fix its time (hindsight lint --fix sorts the timeline)")
			}
			prev = e
		}
	},
})

// maxPlausible is the longest duration Hindsight takes at face value: a
// deploy incident measured in weeks is more likely a wrong date.
const maxPlausible = 14 * 24 * 60

var _ = register(&Rule{
	ID: "HS008", Name: "duration", Severity: Error,
	Doc: "A duration is negative (the milestones contradict each other) or implausibly long (over 14 days).",
	Check: func(in *Input, report func(int, string, string)) {
		d, contradictions := in.PM.Milestones.Durations()
		line := blockLine(in, "durations")
		for _, c := range contradictions {
			report(line, "negative duration: "+c, "check the times of the milestones marked on the timeline")
		}
		for _, v := range []struct {
			name string
			m    *float64
		}{{"time to detect", d.TimeToDetect}, {"time to decide", d.TimeToDecide}, {"rollback", d.Rollback}, {"time to recover", d.TimeToRecover}} {
			if v.m != nil && *v.m > maxPlausible {
				report(line, fmt.Sprintf("%s is %.0f minutes (over 14 days): is a date wrong?", v.name, *v.m), "check the dates on the timeline")
			}
		}
	},
})

var _ = register(&Rule{
	ID: "HS009", Name: "detect-before-deploy", Severity: Warning,
	Doc: "The problem was detected before the deploy that caused it began.",
	Check: func(in *Input, report func(int, string, string)) {
		m := in.PM.Milestones
		if m.DeployStart == nil || m.Detected == nil || m.Detected.Sub(*m.DeployStart) >= 0 {
			return
		}
		line := 0
		for _, e := range in.PM.Timeline {
			if e.At == m.Detected {
				line = e.Line
			}
		}
		report(line, fmt.Sprintf("detected at %s, before the deploy started at %s", m.Detected.Clock(), m.DeployStart.Clock()),
			"check the two times, or whether the deploy really started it")
	},
})
