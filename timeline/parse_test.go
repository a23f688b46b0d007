package timeline

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// ex builds the expected Expr of a table case; Start and End are filled
// in from where Text stands in the input.
type ex struct{ Expr }

func tm(text string, hour, minute int) ex {
	return ex{Expr{Text: text, HasClock: true, Hour: hour, Minute: minute, Meridiem: meridiemText.MatchString(text)}}
}

// meridiemText finds am or pm written in a test's expression.
var meridiemText = regexp.MustCompile(`(?i)\d\s*[ap]\.?m\b`)

func rel(text string, d time.Duration, anchor string) ex {
	return ex{Expr{Text: text, Relative: true, Delta: d, Anchor: anchor}}
}

func (e ex) sec(s int) ex { e.Second, e.HasSeconds = s, true; return e }

func (e ex) zone(z string, off int) ex { e.Zone, e.Offset, e.HasZone = z, off, true; return e }

func (e ex) date(y, m, d int) ex { e.Year, e.Month, e.Day = y, m, d; return e }

func (e ex) approx() ex { e.Approx = true; return e }

func (e ex) to(end ex) ex { x := end.Expr; e.RangeEnd = &x; return e }

// place sets the offsets of e as found in s at or after from.
func (e ex) place(s string, from int) Expr {
	x := e.Expr
	x.Start = from + strings.Index(s[from:], x.Text)
	x.End = x.Start + len(x.Text)
	if x.RangeEnd != nil {
		end := ex{*x.RangeEnd}.place(s, x.Start+strings.LastIndex(x.Text, x.RangeEnd.Text))
		x.RangeEnd = &end
	}
	return x
}

func want(s string, es ...ex) []Expr {
	var out []Expr
	from := 0
	for _, e := range es {
		x := e.place(s, from)
		out = append(out, x)
		from = x.End
	}
	return out
}

const (
	h  = time.Hour
	mi = time.Minute
)

// findCases are inputs and the expressions Find must return. Cases whose
// whole input is one expression are also checked with Parse; cases with
// none must fail Parse.
var findCases = []struct {
	name string
	in   string
	want []ex
}{
	// clocks
	{"colon", "14:32", []ex{tm("14:32", 14, 32)}},
	{"colon one-digit hour", "9:05", []ex{tm("9:05", 9, 5)}},
	{"colon midnight", "00:00", []ex{tm("00:00", 0, 0)}},
	{"colon last minute", "23:59", []ex{tm("23:59", 23, 59)}},
	{"colon in sentence", "deploy began at 14:32 and failed", []ex{tm("14:32", 14, 32)}},
	{"colon before colon", "14:32: deploy", []ex{tm("14:32", 14, 32)}},
	{"colon end of sentence", "It failed at 14:32.", []ex{tm("14:32", 14, 32)}},
	{"colon in parens", "(14:32)", []ex{tm("14:32", 14, 32)}},
	{"colon in bold", "**14:32**", []ex{tm("14:32", 14, 32)}},
	{"colon in italics", "*14:08* patched", []ex{tm("14:08", 14, 8)}},
	{"colon in backticks", "since `07:38`", []ex{tm("07:38", 7, 38)}},
	{"colon in html", "<b>12:57</b>", []ex{tm("12:57", 12, 57)}},
	{"seconds", "14:32:05", []ex{tm("14:32:05", 14, 32).sec(5)}},
	{"seconds zero", "14:32:00", []ex{tm("14:32:00", 14, 32).sec(0)}},
	{"seconds fraction", "14:32:05.123", []ex{tm("14:32:05.123", 14, 32).sec(5)}},
	{"dotted", "14.32", []ex{tm("14.32", 14, 32)}},
	{"dotted in sentence", "at 09.15 we rolled back", []ex{tm("09.15", 9, 15)}},
	{"dotted end of sentence", "rolled back at 14.32.", []ex{tm("14.32", 14, 32)}},
	{"dotted pm", "2.32pm", []ex{tm("2.32pm", 14, 32)}},
	{"h form", "14h32", []ex{tm("14h32", 14, 32)}},
	{"h form one digit", "9h05", []ex{tm("9h05", 9, 5)}},
	{"pm attached", "2:32pm", []ex{tm("2:32pm", 14, 32)}},
	{"PM spaced", "2:32 PM", []ex{tm("2:32 PM", 14, 32)}},
	{"am", "9:15am", []ex{tm("9:15am", 9, 15)}},
	{"AM spaced", "9:15 AM", []ex{tm("9:15 AM", 9, 15)}},
	{"hour pm", "2pm", []ex{tm("2pm", 14, 0)}},
	{"hour PM spaced", "2 PM", []ex{tm("2 PM", 14, 0)}},
	{"hour p.m.", "2 p.m.", []ex{tm("2 p.m.", 14, 0)}},
	{"hour a.m. in sentence", "at 11 a.m. the pager", []ex{tm("11 a.m.", 11, 0)}},
	{"hour AM", "8AM", []ex{tm("8AM", 8, 0)}},
	{"noon", "12pm", []ex{tm("12pm", 12, 0)}},
	{"midnight am", "12am", []ex{tm("12am", 0, 0)}},
	{"12:30 am", "12:30 am", []ex{tm("12:30 am", 0, 30)}},
	{"24-hour with PM", "14:32 PM", []ex{tm("14:32 PM", 14, 32)}},
	{"military Z", "1432Z", []ex{tm("1432Z", 14, 32).zone("Z", 0)}},
	{"military UTC", "1432 UTC", []ex{tm("1432 UTC", 14, 32).zone("UTC", 0)}},
	{"military UTC attached", "0905UTC", []ex{tm("0905UTC", 9, 5).zone("UTC", 0)}},
	{"two clocks", "14:32 deploy, 14:40 alert", []ex{tm("14:32", 14, 32), tm("14:40", 14, 40)}},
	{"three clocks", "09:00 a, 09:05 b; 09:10 c", []ex{tm("09:00", 9, 0), tm("09:05", 9, 5), tm("09:10", 9, 10)}},
	{"clock after en dash", "deploy–14:32", []ex{tm("14:32", 14, 32)}},
	{"clock in table", "| 14:32 | deploy |", []ex{tm("14:32", 14, 32)}},
	{"clock question", "Was it 14:30?", []ex{tm("14:30?", 14, 30).approx()}},

	// zones
	{"zone UTC", "14:32 UTC", []ex{tm("14:32 UTC", 14, 32).zone("UTC", 0)}},
	{"zone utc lower", "14:32 utc", []ex{tm("14:32 utc", 14, 32).zone("UTC", 0)}},
	{"zone Z", "14:32Z", []ex{tm("14:32Z", 14, 32).zone("Z", 0)}},
	{"zone Z after a space", "14:32 Z rollback", []ex{tm("14:32 Z", 14, 32).zone("Z", 0)}},
	{"a word with Z is no zone", "14:32 Zone B", []ex{tm("14:32", 14, 32)}},
	{"zone GMT", "14:32 GMT", []ex{tm("14:32 GMT", 14, 32).zone("GMT", 0)}},
	{"zone PST", "14:32 PST", []ex{tm("14:32 PST", 14, 32).zone("PST", -8*3600)}},
	{"zone PDT", "7:02am PDT", []ex{tm("7:02am PDT", 7, 2).zone("PDT", -7*3600)}},
	{"zone EST", "14:32 EST", []ex{tm("14:32 EST", 14, 32).zone("EST", -5*3600)}},
	{"zone CST", "14:32 CST", []ex{tm("14:32 CST", 14, 32).zone("CST", -6*3600)}},
	{"zone CET", "14:32 CET", []ex{tm("14:32 CET", 14, 32).zone("CET", 3600)}},
	{"zone CEST", "14:32 CEST", []ex{tm("14:32 CEST", 14, 32).zone("CEST", 7200)}},
	{"zone BST", "14:32 BST", []ex{tm("14:32 BST", 14, 32).zone("BST", 3600)}},
	{"zone IST", "14:32 IST", []ex{tm("14:32 IST", 14, 32).zone("IST", 5*3600+1800)}},
	{"zone JST", "14:32 JST", []ex{tm("14:32 JST", 14, 32).zone("JST", 9*3600)}},
	{"zone AEDT", "14:32 AEDT", []ex{tm("14:32 AEDT", 14, 32).zone("AEDT", 11*3600)}},
	{"zone offset", "14:32 +02:00", []ex{tm("14:32 +02:00", 14, 32).zone("+02:00", 7200)}},
	{"zone offset compact", "14:32 +0200", []ex{tm("14:32 +0200", 14, 32).zone("+02:00", 7200)}},
	{"zone negative offset compact", "14:32 -0700", []ex{tm("14:32 -0700", 14, 32).zone("-07:00", -7*3600)}},
	{"zone offset attached", "14:32+05:30", []ex{tm("14:32+05:30", 14, 32).zone("+05:30", 5*3600+1800)}},
	{"zone parenthesised", "14:32 (UTC)", []ex{tm("14:32 (UTC)", 14, 32).zone("UTC", 0)}},
	{"zone parenthesised CEST", "Around 09:50 (CEST), we deployed", []ex{tm("Around 09:50 (CEST)", 9, 50).zone("CEST", 7200).approx()}},
	{"zone UTC+2", "14:32 UTC+2", []ex{tm("14:32 UTC+2", 14, 32).zone("UTC+2", 7200)}},
	{"zone GMT-8", "14:32 GMT-8", []ex{tm("14:32 GMT-8", 14, 32).zone("GMT-8", -8*3600)}},
	{"zone UTC+05:30", "14:32 UTC+05:30", []ex{tm("14:32 UTC+05:30", 14, 32).zone("UTC+05:30", 5*3600+1800)}},
	{"zone (GMT+1)", "at 09:41 (GMT+1), we", []ex{tm("09:41 (GMT+1)", 9, 41).zone("GMT+1", 3600)}},
	{"zone pm PST", "2:32 PM PST", []ex{tm("2:32 PM PST", 14, 32).zone("PST", -8*3600)}},
	{"zone seconds", "14:32:05 UTC", []ex{tm("14:32:05 UTC", 14, 32).sec(5).zone("UTC", 0)}},
	{"zone then slash", "10:00 CET/CEST", []ex{tm("10:00 CET", 10, 0).zone("CET", 3600)}},
	{"zone unknown word", "14:32 ABC", []ex{tm("14:32", 14, 32)}},
	{"zone lower pst is not one", "14:32 pst", []ex{tm("14:32", 14, 32)}},
	{"zone in html", "<b>12:57 UTC</b> – The package", []ex{tm("12:57 UTC", 12, 57).zone("UTC", 0)}},

	// dated
	{"iso date space", "2026-11-20 14:32", []ex{tm("2026-11-20 14:32", 14, 32).date(2026, 11, 20)}},
	{"iso date at", "2026-11-20 at 14:32", []ex{tm("2026-11-20 at 14:32", 14, 32).date(2026, 11, 20)}},
	{"iso date comma", "2026-11-20, 14:32", []ex{tm("2026-11-20, 14:32", 14, 32).date(2026, 11, 20)}},
	{"iso date slash", "2026/11/20 14:32", []ex{tm("2026/11/20 14:32", 14, 32).date(2026, 11, 20)}},
	{"iso date zone", "2026-01-29 11:10 UTC: index", []ex{tm("2026-01-29 11:10 UTC", 11, 10).date(2026, 1, 29).zone("UTC", 0)}},
	{"iso T Z", "2026-11-20T14:32Z", []ex{tm("2026-11-20T14:32Z", 14, 32).date(2026, 11, 20).zone("Z", 0)}},
	{"iso T offset", "2026-11-20T14:32:05+02:00", []ex{tm("2026-11-20T14:32:05+02:00", 14, 32).sec(5).date(2026, 11, 20).zone("+02:00", 7200)}},
	{"iso T negative offset", "2026-11-20T14:32:05-07:00", []ex{tm("2026-11-20T14:32:05-07:00", 14, 32).sec(5).date(2026, 11, 20).zone("-07:00", -7*3600)}},
	{"iso T fraction Z", "2026-11-20T14:32:05.250Z", []ex{tm("2026-11-20T14:32:05.250Z", 14, 32).sec(5).date(2026, 11, 20).zone("Z", 0)}},
	{"iso T no zone", "since `2023-02-05T07:38`.", []ex{tm("2023-02-05T07:38", 7, 38).date(2023, 2, 5)}},
	{"table cell", "| 2021-02-15 06:05 | Alert fired |", []ex{tm("2021-02-15 06:05", 6, 5).date(2021, 2, 15)}},
	{"table cell padded", "| 2019-11-30 08:24     | warning |", []ex{tm("2019-11-30 08:24", 8, 24).date(2019, 11, 30)}},
	{"month day", "Nov 20 14:32", []ex{tm("Nov 20 14:32", 14, 32).date(0, 11, 20)}},
	{"month day comma", "Nov 20, 14:32", []ex{tm("Nov 20, 14:32", 14, 32).date(0, 11, 20)}},
	{"month day year", "Nov 20, 2026 14:32", []ex{tm("Nov 20, 2026 14:32", 14, 32).date(2026, 11, 20)}},
	{"month day year comma", "Nov 20, 2026, 14:32", []ex{tm("Nov 20, 2026, 14:32", 14, 32).date(2026, 11, 20)}},
	{"full month ordinal at", "December 23rd at 17:30 UTC", []ex{tm("December 23rd at 17:30 UTC", 17, 30).date(0, 12, 23).zone("UTC", 0)}},
	{"weekday month day", "Tuesday, March 19, 10:36 UTC", []ex{tm("March 19, 10:36 UTC", 10, 36).date(0, 3, 19).zone("UTC", 0)}},
	{"month dot", "Nov. 20 2:32pm", []ex{tm("Nov. 20 2:32pm", 14, 32).date(0, 11, 20)}},
	{"sept", "Sept 3 09:00", []ex{tm("Sept 3 09:00", 9, 0).date(0, 9, 3)}},
	{"day month year comma", "20 Nov 2026, 14:32", []ex{tm("20 Nov 2026, 14:32", 14, 32).date(2026, 11, 20)}},
	{"day month year", "20 Nov 2026 14:32", []ex{tm("20 Nov 2026 14:32", 14, 32).date(2026, 11, 20)}},
	{"day month", "20 Nov 14:32", []ex{tm("20 Nov 14:32", 14, 32).date(0, 11, 20)}},
	{"ordinal of month", "On the 1st of November 14:49 AWS sent", []ex{tm("1st of November 14:49", 14, 49).date(0, 11, 1)}},
	{"ordinal of month year at", "20th of November 2026 at 14:32", []ex{tm("20th of November 2026 at 14:32", 14, 32).date(2026, 11, 20)}},
	{"day-first slash", "20/11/2026 14:32", []ex{tm("20/11/2026 14:32", 14, 32).date(2026, 11, 20)}},
	{"day-first ambiguous", "06/04/2023 21:42 - A notification", []ex{tm("06/04/2023 21:42", 21, 42).date(2023, 4, 6)}},
	{"month-first when day over 12", "11/20/2026 14:32", []ex{tm("11/20/2026 14:32", 14, 32).date(2026, 11, 20)}},
	{"day-first dashes", "28-07-2017 14:32", []ex{tm("28-07-2017 14:32", 14, 32).date(2017, 7, 28)}},
	{"day-first dots", "27.11.2023 09:00", []ex{tm("27.11.2023 09:00", 9, 0).date(2023, 11, 27)}},
	{"log style bracket", "[03-26 02:50] kubelet restarted", []ex{tm("03-26 02:50", 2, 50).date(0, 3, 26)}},
	{"log style bracket seconds", "[12-31 23:59:59] last", []ex{tm("12-31 23:59:59", 23, 59).sec(59).date(0, 12, 31)}},
	{"log style without bracket mid-line", "pages 03-26 02:50", []ex{tm("02:50", 2, 50)}},
	{"date alone then clock", "On 2026-11-20 the deploy at 14:32", []ex{tm("14:32", 14, 32)}},
	{"dated range", "2026-11-20 14:32–14:45", []ex{tm("2026-11-20 14:32–14:45", 14, 32).date(2026, 11, 20).to(tm("14:45", 14, 45))}},
	{"leap day", "2024-02-29 10:00", []ex{tm("2024-02-29 10:00", 10, 0).date(2024, 2, 29)}},
	{"not a leap day", "2023-02-29 10:00", []ex{tm("10:00", 10, 0)}},

	// ranges
	{"range en dash", "14:32–14:45", []ex{tm("14:32–14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range hyphen", "14:32-14:45", []ex{tm("14:32-14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range spaced hyphen", "14:32 - 14:45", []ex{tm("14:32 - 14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range spaced en dash", "14:32 – 14:45 deploy", []ex{tm("14:32 – 14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range em dash", "14:32—14:45", []ex{tm("14:32—14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range to", "14:32 to 14:45", []ex{tm("14:32 to 14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range until", "14:32 until 14:45", []ex{tm("14:32 until 14:45", 14, 32).to(tm("14:45", 14, 45))}},
	{"range pm on end", "2:30–2:45pm", []ex{tm("2:30–2:45pm", 14, 30).to(tm("2:45pm", 14, 45))}},
	{"range am then pm", "11:30–1:15pm", []ex{tm("11:30–1:15pm", 11, 30).to(tm("1:15pm", 13, 15))}},
	{"range bare hours", "2-3pm", []ex{tm("2-3pm", 14, 0).to(tm("3pm", 15, 0))}},
	{"range AM with zone", "8AM - 10AM CET", []ex{tm("8AM - 10AM CET", 8, 0).zone("CET", 3600).to(tm("10AM CET", 10, 0).zone("CET", 3600))}},
	{"range zone on end", "14:32–14:45 UTC", []ex{tm("14:32–14:45 UTC", 14, 32).zone("UTC", 0).to(tm("14:45 UTC", 14, 45).zone("UTC", 0))}},
	{"range zone on start", "14:32 UTC to 14:45", []ex{tm("14:32 UTC to 14:45", 14, 32).zone("UTC", 0).to(tm("14:45", 14, 45).zone("UTC", 0))}},
	{"range across midnight", "23:50-00:10", []ex{tm("23:50-00:10", 23, 50).to(tm("00:10", 0, 10))}},
	{"range in parens", "(during support hours 10:00-17:00)", []ex{tm("10:00-17:00", 10, 0).to(tm("17:00", 17, 0))}},
	{"range with seconds", "14:32:05-14:32:50", []ex{tm("14:32:05-14:32:50", 14, 32).sec(5).to(tm("14:32:50", 14, 32).sec(50))}},
	{"range end dated", "2026-11-20 23:50 to 2026-11-21 00:10", []ex{tm("2026-11-20 23:50 to 2026-11-21 00:10", 23, 50).date(2026, 11, 20).to(tm("2026-11-21 00:10", 0, 10).date(2026, 11, 21))}},
	{"range bad end", "14:32-25:00", []ex{tm("14:32", 14, 32)}},
	{"range approx", "~14:32–14:45", []ex{tm("~14:32–14:45", 14, 32).approx().to(tm("14:45", 14, 45))}},
	{"dash then text", "14:32 - deploy", []ex{tm("14:32", 14, 32)}},
	{"range arrow", "14:00->14:30 errors elevated", []ex{tm("14:00->14:30", 14, 0).to(tm("14:30", 14, 30))}},
	{"range spaced arrow", "14:00 -> 14:30", []ex{tm("14:00 -> 14:30", 14, 0).to(tm("14:30", 14, 30))}},
	{"range long arrow", "14:00 --> 14:30", []ex{tm("14:00 --> 14:30", 14, 0).to(tm("14:30", 14, 30))}},
	{"range unicode arrow", "14:00 → 14:30", []ex{tm("14:00 → 14:30", 14, 0).to(tm("14:30", 14, 30))}},
	{"range fat arrow", "14:00 => 14:30", []ex{tm("14:00 => 14:30", 14, 0).to(tm("14:30", 14, 30))}},
	{"arrow then text", "14:11 -> pods OOMKilled", []ex{tm("14:11", 14, 11)}},
	{"arrow then number", "21:18 p99 4s -> 12s", []ex{tm("21:18", 21, 18)}},

	// relative
	{"T+ minutes", "T+5m", []ex{rel("T+5m", 5*mi, AnchorStart)}},
	{"T+ compound", "T+1h30m", []ex{rel("T+1h30m", 90*mi, AnchorStart)}},
	{"T+ compound spaced", "T+1h 30m", []ex{rel("T+1h 30m", 90*mi, AnchorStart)}},
	{"T+ seconds", "T+90s", []ex{rel("T+90s", 90*time.Second, AnchorStart)}},
	{"T + min", "T + 5 min", []ex{rel("T + 5 min", 5*mi, AnchorStart)}},
	{"T+ hours", "T+2h: rollback done", []ex{rel("T+2h", 2*h, AnchorStart)}},
	{"plus min", "+10 min", []ex{rel("+10 min", 10*mi, AnchorPrevious)}},
	{"plus m", "+10m", []ex{rel("+10m", 10*mi, AnchorPrevious)}},
	{"plus minutes later", "+10 minutes later", []ex{rel("+10 minutes later", 10*mi, AnchorPrevious)}},
	{"plus in sentence", "then +15 min: alert", []ex{rel("+15 min", 15*mi, AnchorPrevious)}},
	{"minutes later", "10 minutes later the alert fired", []ex{rel("10 minutes later", 10*mi, AnchorPrevious)}},
	{"mins later", "10 mins later", []ex{rel("10 mins later", 10*mi, AnchorPrevious)}},
	{"approx minutes later", "~10 minutes later", []ex{rel("~10 minutes later", 10*mi, AnchorPrevious).approx()}},
	{"about hours later", "about 2 hours later", []ex{rel("about 2 hours later", 2*h, AnchorPrevious).approx()}},
	{"an hour later", "an hour later", []ex{rel("an hour later", h, AnchorPrevious)}},
	{"An hour later", "An hour later, recovered", []ex{rel("An hour later", h, AnchorPrevious)}},
	{"a minute later", "a minute later", []ex{rel("a minute later", mi, AnchorPrevious)}},
	{"half an hour later", "half an hour later", []ex{rel("half an hour later", 30*mi, AnchorPrevious)}},
	{"decimal hours later", "1.5 hours later", []ex{rel("1.5 hours later", 90*mi, AnchorPrevious)}},
	{"hours and minutes later", "2 hours and 10 minutes later", []ex{rel("2 hours and 10 minutes later", 2*h+10*mi, AnchorPrevious)}},
	{"seconds later", "30 seconds later", []ex{rel("30 seconds later", 30*time.Second, AnchorPrevious)}},
	{"relative then clock", "T+5m then at 14:40", []ex{rel("T+5m", 5*mi, AnchorStart), tm("14:40", 14, 40)}},

	// approximate
	{"tilde", "~14:30", []ex{tm("~14:30", 14, 30).approx()}},
	{"tilde spaced", "~ 14:30", []ex{tm("~ 14:30", 14, 30).approx()}},
	{"approx", "approx 14:30", []ex{tm("approx 14:30", 14, 30).approx()}},
	{"approx dot", "approx. 14:30", []ex{tm("approx. 14:30", 14, 30).approx()}},
	{"approximately", "approximately 14:30", []ex{tm("approximately 14:30", 14, 30).approx()}},
	{"about", "about 14:30", []ex{tm("about 14:30", 14, 30).approx()}},
	{"around", "around 14:30", []ex{tm("around 14:30", 14, 30).approx()}},
	{"Around capital", "Around 14:30 we", []ex{tm("Around 14:30", 14, 30).approx()}},
	{"circa", "circa 14:30", []ex{tm("circa 14:30", 14, 30).approx()}},
	{"ca.", "ca. 14:30", []ex{tm("ca. 14:30", 14, 30).approx()}},
	{"roughly", "roughly 2pm", []ex{tm("roughly 2pm", 14, 0).approx()}},
	{"trailing question", "14:30?", []ex{tm("14:30?", 14, 30).approx()}},
	{"around with zone", "normal operation around 12:30 UTC.", []ex{tm("around 12:30 UTC", 12, 30).zone("UTC", 0).approx()}},
	{"at around", "at around 14:30", []ex{tm("around 14:30", 14, 30).approx()}},
	{"about without time", "about the deploy at 14:30", []ex{tm("14:30", 14, 30)}},

	// not times
	{"version v", "v1.14.3", nil},
	{"version", "1.14.3", nil},
	{"version short", "v2.3", nil},
	{"go version", "go1.26", nil},
	{"version in name", "nodes-1.16.13", nil},
	{"version one-digit dotted", "1.30 version nodes", nil},
	{"version four parts", "release 0.2.119", nil},
	{"ratio", "3:1", nil},
	{"aspect ratio", "16:9", nil},
	{"ip", "10.0.0.1", nil},
	{"ip port", "192.168.1.10:8080", nil},
	{"port", ":8080", nil},
	{"host port", "localhost:5432", nil},
	{"host https", "host:443", nil},
	{"percent", "99.95%", nil},
	{"percent clock-like", "12.30%", nil},
	{"pi", "3.14159", nil},
	{"decimal", "0.5", nil},
	{"decimal one-digit hour", "2.32", nil},
	{"hour out of range", "25:00", nil},
	{"minute out of range", "14:61", nil},
	{"one-digit minute", "1:2", nil},
	{"three-digit minute", "14:320", nil},
	{"price", "$14.99", nil},
	{"price clock-like", "$14.30", nil},
	{"duration took", "took 10 minutes", nil},
	{"duration for", "for 5m", nil},
	{"duration compound", "5h 09m", nil},
	{"issue", "#1432", nil},
	{"bare four digits", "1432", nil},
	{"four digits with a zone other than UTC", "1432 PST", nil},
	{"four digits glued to UTC", "0000 UTC0", nil},
	{"year", "2026", nil},
	{"bare hour", "14", nil},
	{"id", "PM2021-002", nil},
	{"arch", "x86_64", nil},
	{"placeholder", "HH:MM", nil},
	{"glued letters", "a14:32b", nil},
	{"glued before", "a14:32", nil},
	{"glued after", "14:32b", nil},
	{"colon chain", "1:23:45:67", nil},
	{"ipv6", "fe80::1:2", nil},
	{"hour pm out of range", "13pm", nil},
	{"ms unit", "+10ms", nil},
	{"plus without unit", "+10", nil},
	{"date alone", "2026-11-20", nil},
	{"date with month alone", "Nov 20", nil},
	{"mmdd mid-line", "pages 10-12 were", nil},
	{"dotted continued", "10.15.2", nil},
	{"dotted percent comma", "uptime 12.30%, fine", nil},
	{"no digits", "the deploy went out and nobody noticed", nil},
	{"T without plus", "T5m", nil},
	{"later without duration", "later that day", nil},
	{"empty", "", nil},
}

func TestFind(t *testing.T) {
	for _, tc := range findCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(tc.in)
			w := want(tc.in, tc.want...)
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("Find(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, tc := range findCases {
		whole := len(tc.want) == 1 && tc.want[0].Text == tc.in
		if !whole && len(tc.want) != 0 {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in)
			if !whole {
				if err == nil {
					t.Errorf("Parse(%q) = %+v, want an error", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(want(tc.in, tc.want...)[0], got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}
