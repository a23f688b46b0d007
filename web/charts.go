package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/hindsight-dev/hindsight"
)

// The dashboard's charts are SVG drawn here, on the server: no script, and
// each has a table of the same figures for screen readers and printing.

// chart is one chart of the dashboard.
type chart struct {
	ID, Title, Note string
	SVG             template.HTML
	Head            []string
	Rows            [][]string
}

// series is one set of bars (or one line) in a chart.
type series struct {
	Name  string
	Class string
	V     []*float64
}

func fp(v float64) *float64 { return &v }

func fmtNum(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// barChart draws grouped vertical bars: one group per label, one bar per
// series.
func barChart(title string, labels []string, ss []series, unit string) template.HTML {
	const W, H, left, bottom, top = 640.0, 240.0, 44.0, 40.0, 12.0
	maxV := 0.0
	for _, s := range ss {
		for _, v := range s.V {
			if v != nil && *v > maxV {
				maxV = *v
			}
		}
	}
	if maxV == 0 {
		maxV = 1
	}
	step := niceStep(maxV / 4)
	top4 := math.Ceil(maxV/step) * step
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		W, H, html.EscapeString(title), html.EscapeString(title))
	plotH := H - bottom - top
	y := func(v float64) float64 { return top + plotH - v/top4*plotH }
	for g := 0.0; g <= top4+step/2; g += step {
		fmt.Fprintf(&b, `<line class="grid" x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f"/><text class="axis" x="%.0f" y="%.1f" text-anchor="end">%s</text>`,
			left, W, y(g), y(g), left-4, y(g)+4, html.EscapeString(strconv.FormatFloat(g, 'f', -1, 64)))
	}
	n := len(labels)
	if n == 0 {
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.0f" text-anchor="middle">no data</text></svg>`, W/2, H/2)
		return template.HTML(b.String())
	}
	gw := (W - left) / float64(n)
	bw := math.Max(1, (gw*0.8)/float64(len(ss)))
	every := int(math.Ceil(float64(n) / 12)) // at most 12 labels
	for i, l := range labels {
		x0 := left + float64(i)*gw + gw*0.1
		for k, s := range ss {
			if i >= len(s.V) || s.V[i] == nil {
				continue
			}
			v := *s.V[i]
			fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s %s: %s%s</title></rect>`,
				s.Class, x0+float64(k)*bw, y(v), bw, math.Max(0, top+plotH-y(v)), html.EscapeString(l), html.EscapeString(s.Name), fmtNum(&v), html.EscapeString(unit))
		}
		if i%every == 0 {
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="middle">%s</text>`, x0+gw*0.4, H-bottom+16, html.EscapeString(l))
		}
	}
	if len(ss) > 1 {
		for k, s := range ss {
			fmt.Fprintf(&b, `<rect class="%s" x="%.0f" y="%.0f" width="10" height="10"/><text class="axis" x="%.0f" y="%.0f">%s</text>`,
				s.Class, left+float64(k)*150, H-12, left+float64(k)*150+14, H-3, html.EscapeString(s.Name))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}

// hbarChart draws one horizontal bar per label (categories, outcomes).
func hbarChart(title string, counts []hindsight.Count, class string) template.HTML {
	const W, row, left = 640.0, 26.0, 170.0
	H := row*float64(len(counts)) + 8
	maxN := 1
	for _, c := range counts {
		maxN = max(maxN, c.N)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		W, H, html.EscapeString(title), html.EscapeString(title))
	for i, c := range counts {
		y := 4 + float64(i)*row
		w := (W - left - 50) * float64(c.N) / float64(maxN)
		label := strings.ReplaceAll(c.Value, "_", " ")
		fmt.Fprintf(&b, `<text class="axis" x="%.0f" y="%.1f" text-anchor="end">%s</text><rect class="%s" x="%.0f" y="%.1f" width="%.1f" height="%.0f"><title>%s: %d</title></rect><text class="axis" x="%.1f" y="%.1f">%d</text>`,
			left-6, y+row/2+4, html.EscapeString(label), class, left, y+3, w, row-8, html.EscapeString(label), c.N, left+w+4, y+row/2+4, c.N)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func niceStep(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			return m * p
		}
	}
	return 10 * p
}

// dashboardCharts builds the dashboard from the stats: the last 24 months
// with data (unknown months left out).
func dashboardCharts(st *hindsight.Stats) []chart {
	var months []hindsight.Group
	for _, g := range st.ByMonth {
		if g.Key != "unknown" {
			months = append(months, g)
		}
	}
	if len(months) > 24 {
		months = months[len(months)-24:]
	}
	labels := make([]string, len(months))
	for i, g := range months {
		labels[i] = g.Key
	}
	med := func(pick func(g hindsight.Group) hindsight.Summary) []*float64 {
		out := make([]*float64, len(months))
		for i, g := range months {
			out[i] = pick(g).Median
		}
		return out
	}
	durRows := func(pick func(g hindsight.Group) hindsight.Summary) [][]string {
		var rows [][]string
		for _, g := range months {
			s := pick(g)
			rows = append(rows, []string{g.Key, strconv.Itoa(s.N), fmtNum(s.Median), fmtNum(s.P90)})
		}
		return rows
	}
	durHead := []string{"month", "postmortems with it", "median (min)", "p90 (min)"}
	recov := func(g hindsight.Group) hindsight.Summary { return g.Recover }
	detect := func(g hindsight.Group) hindsight.Summary { return g.Detect }
	rb := func(g hindsight.Group) hindsight.Summary { return g.Rollback }
	var charts []chart
	charts = append(charts,
		chart{ID: "mttr", Title: "Time to recover (median, minutes)", Note: "impact start → recovered",
			SVG: barChart("Time to recover by month", labels, []series{{Name: "median", Class: "b1", V: med(recov)}}, " min"), Head: durHead, Rows: durRows(recov)},
		chart{ID: "ttd", Title: "Time to detect (median, minutes)", Note: "impact start → detected",
			SVG: barChart("Time to detect by month", labels, []series{{Name: "median", Class: "b2", V: med(detect)}}, " min"), Head: durHead, Rows: durRows(detect)},
		chart{ID: "rollback", Title: "Rollback duration (median, minutes)", Note: "rollback start → rollback end",
			SVG: barChart("Rollback duration by month", labels, []series{{Name: "median", Class: "b3", V: med(rb)}}, " min"), Head: durHead, Rows: durRows(rb)},
	)
	// Rollback outcome over time: attempted and succeeded per month.
	att, suc := make([]*float64, len(months)), make([]*float64, len(months))
	var orows [][]string
	for i, g := range months {
		att[i], suc[i] = fp(float64(g.Attempted)), fp(float64(g.Succeeded))
		rate := "—"
		if g.Attempted > 0 {
			rate = fmt.Sprintf("%.0f%%", 100*float64(g.Succeeded)/float64(g.Attempted))
		}
		orows = append(orows, []string{g.Key, strconv.Itoa(g.Attempted), strconv.Itoa(g.Succeeded), rate})
	}
	charts = append(charts, chart{ID: "outcomes-time", Title: "Rollbacks attempted and succeeded", Note: "a rollback that did not succeed is a failure of its own",
		SVG:  barChart("Rollbacks by month", labels, []series{{Name: "attempted", Class: "b4", V: att}, {Name: "succeeded", Class: "b1", V: suc}}, ""),
		Head: []string{"month", "attempted", "succeeded", "success rate"}, Rows: orows})
	var outRows [][]string
	for _, c := range st.Outcomes {
		outRows = append(outRows, []string{strings.ReplaceAll(c.Value, "_", " "), strconv.Itoa(c.N)})
	}
	charts = append(charts, chart{ID: "outcomes", Title: "Rollback outcomes (first attempt)", SVG: hbarChart("Rollback outcomes", st.Outcomes, "b3"),
		Head: []string{"outcome", "postmortems"}, Rows: outRows})
	var catRows [][]string
	for _, c := range st.Categories {
		catRows = append(catRows, []string{c.Value, strconv.Itoa(c.N)})
	}
	charts = append(charts, chart{ID: "categories", Title: "Failure categories", SVG: hbarChart("Failure categories", st.Categories, "b2"),
		Head: []string{"category", "postmortems"}, Rows: catRows})
	done, over := make([]*float64, len(months)), make([]*float64, len(months))
	var arows [][]string
	for i, g := range months {
		done[i], over[i] = fp(float64(g.Actions.Done)), fp(float64(g.Actions.Overdue))
		arows = append(arows, []string{g.Key, strconv.Itoa(g.Actions.Opened), strconv.Itoa(g.Actions.Done), strconv.Itoa(g.Actions.Overdue)})
	}
	charts = append(charts, chart{ID: "actions", Title: "Action items done vs overdue", Note: "by the month of the postmortem that opened them",
		SVG:  barChart("Action items by month", labels, []series{{Name: "done", Class: "b1", V: done}, {Name: "overdue", Class: "b5", V: over}}, ""),
		Head: []string{"month", "opened", "done", "overdue"}, Rows: arows})
	return charts
}
