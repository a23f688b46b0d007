package render

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
)

// Lanes draws the durations as a small SVG timeline in two lanes: the
// deploy lane up to the rollback decision (the hinge, marked with a dashed
// line) and the rollback lane after it, with each milestone as a dot. It
// returns "" when the notes give too few times to draw.
func Lanes(pm *hindsight.Postmortem) string {
	type mark struct {
		name string
		t    *hindsight.Time
		lane int // 0 deploy, 1 rollback
	}
	m := pm.Milestones
	marks := []mark{
		{"deploy", m.DeployStart, 0}, {"impact", m.ImpactStart, 0}, {"detected", m.Detected, 0},
		{"decision", m.RollbackDecision, 1}, {"rollback", m.RollbackStart, 1}, {"rolled back", m.RollbackEnd, 1},
		{"recovered", m.Recovered, 1},
	}
	var first, last *hindsight.Time
	for _, mk := range marks {
		if mk.t == nil {
			continue
		}
		if first == nil || mk.t.Sub(*first) < 0 {
			first = mk.t
		}
		if last == nil || mk.t.Sub(*last) > 0 {
			last = mk.t
		}
	}
	if first == nil || last == nil || last.Sub(*first) <= 0 {
		return ""
	}
	hinge := m.RollbackDecision
	if hinge == nil {
		hinge = m.RollbackStart
	}
	const (
		w, left, right = 480.0, 64.0, 12.0
		laneH, top     = 40.0, 26.0
	)
	span := last.Sub(*first)
	x := func(t *hindsight.Time) float64 {
		return left + (w-left-right)*float64(t.Sub(*first))/float64(span)
	}
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	h := top + 2*laneH + 30
	// Drawn with presentation attributes, not classes: the chart looks the
	// same in the standalone HTML, on the web app's pages (whose policy
	// allows no inline style) and in any viewer of the SVG alone.
	p(`<svg class="lanes" viewBox="0 0 %.0f %.0f" width="100%%" font-size="10" role="img" aria-label="%s">`, w, h, html.EscapeString(lanesLabel(pm)))
	p(`<title>%s</title>`, html.EscapeString(lanesLabel(pm)))
	for i, name := range []string{"Deploy", "Rollback"} {
		y := top + float64(i)*laneH
		p(`<rect class="lane lane%d" x="%.0f" y="%.1f" width="%.0f" height="%.0f" rx="4" fill="`+laneFill+`"/>`, i, left, y, w-left-right, laneH-10)
		p(`<text class="lane-name" x="8" y="%.1f" fill="`+muted+`">%s</text>`, y+laneH/2, name)
	}
	// The deploy lane's bar runs from the first time to the hinge; the
	// rollback lane's from the hinge to the last.
	mid := last
	if hinge != nil {
		mid = hinge
	}
	p(`<rect class="bar bar0" x="%.1f" y="%.1f" width="%.1f" height="12" rx="3" fill="`+deployFill+`" opacity=".8"/>`, x(first), top+12, x(mid)-x(first))
	if hinge != nil {
		p(`<rect class="bar bar1" x="%.1f" y="%.1f" width="%.1f" height="12" rx="3" fill="`+rollbackFill+`" opacity=".8"/>`, x(hinge), top+laneH+12, x(last)-x(hinge))
		hx := x(hinge)
		p(`<line class="hinge" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="`+ink+`" stroke-dasharray="4 3"/>`, hx, top-14, hx, top+2*laneH)
		p(`<text class="hinge-label" x="%.1f" y="%.1f" fill="`+muted+`">rollback decision %s</text>`, hx+4, top-6, hinge.Clock())
	}
	for _, mk := range marks {
		if mk.t == nil {
			continue
		}
		y := top + float64(mk.lane)*laneH + 18
		p(`<circle class="dot" cx="%.1f" cy="%.1f" r="4" fill="`+ink+`"><title>%s %s</title></circle>`, x(mk.t), y, mk.name, mk.t.Clock())
	}
	p(`<text class="axis" x="%.1f" y="%.1f" fill="`+muted+`">%s</text>`, left, h-8, first.Clock())
	p(`<text class="axis end" x="%.1f" y="%.1f" fill="`+muted+`" text-anchor="end">%s</text>`, w-right, h-8, last.Clock())
	p(`<text class="axis mid" x="%.1f" y="%.1f" fill="`+muted+`" text-anchor="middle">%s</text>`, (left+w-right)/2, h-8, html.EscapeString(durationsLine(pm)))
	p(`</svg>`)
	return b.String()
}

// The chart's colours: those of the standalone HTML's stylesheet.
const (
	ink, muted, laneFill     = "#1d2430", "#5b6575", "#f4f6f9"
	deployFill, rollbackFill = "#2f6fdd", "#c2462e"
)

func lanesLabel(pm *hindsight.Postmortem) string {
	return "Timeline of the deploy and the rollback: " + durationsLine(pm)
}

func durationsLine(pm *hindsight.Postmortem) string {
	d := pm.Durations
	var parts []string
	for _, v := range []struct {
		name string
		m    *float64
	}{{"detect", d.TimeToDetect}, {"decide", d.TimeToDecide}, {"rollback", d.Rollback}, {"recover", d.TimeToRecover}} {
		if v.m != nil {
			parts = append(parts, fmt.Sprintf("%s %s", v.name, short(time.Duration(*v.m*float64(time.Minute)))))
		}
	}
	if len(parts) == 0 {
		return "no durations in the notes"
	}
	return strings.Join(parts, " · ")
}

func short(d time.Duration) string {
	mins := int(d.Round(time.Minute).Minutes())
	if mins < 60 {
		return fmt.Sprintf("%dm", mins)
	}
	return fmt.Sprintf("%dh%02dm", mins/60, mins%60)
}
