package hindsight

import (
	"encoding/json"
	"fmt"
	"time"
)

// Time is a moment as the notes state it: a wall-clock date and time, and
// the zone only when the notes name one. Hindsight never invents a zone.
//
// Wall always carries a date so that times can be ordered and subtracted;
// when the notes give no date, Wall sits on a reference day (year 1) plus
// any midnight rollovers, and DateKnown is false.
type Time struct {
	// Wall is the date and clock time. Its location is a fixed zone when
	// ZoneKnown, and UTC (meaning "no zone stated") otherwise.
	Wall time.Time
	// DateKnown reports whether the date came from the document.
	DateKnown bool
	// ZoneKnown reports whether the notes stated a zone or offset.
	ZoneKnown bool
	// Zone is the zone as written ("UTC", "PST", "+02:00"), empty when none.
	Zone string
	// Seconds reports whether the notes gave seconds.
	Seconds bool
}

// ISO returns the ISO 8601 form used by the JSON contract: with its offset
// when the zone is known, without one when it is not, and "" when no date
// can be known.
func (t Time) ISO() string {
	if !t.DateKnown {
		return ""
	}
	if !t.ZoneKnown {
		return t.Wall.Format("2006-01-02T15:04:05")
	}
	_, off := t.Wall.Zone()
	if off == 0 {
		return t.Wall.Format("2006-01-02T15:04:05Z")
	}
	return t.Wall.Format("2006-01-02T15:04:05-07:00")
}

// Clock returns the clock time, "15:04" or "15:04:05" when seconds were given.
func (t Time) Clock() string {
	if t.Seconds {
		return t.Wall.Format("15:04:05")
	}
	return t.Wall.Format("15:04")
}

// Date returns the date as YYYY-MM-DD, or "" when it is not known.
func (t Time) Date() string {
	if !t.DateKnown {
		return ""
	}
	return t.Wall.Format("2006-01-02")
}

// Sub returns t-u. When both zones are known the real difference is
// returned; otherwise the wall clocks are compared, since the notes put both
// times in the same (unstated) zone.
func (t Time) Sub(u Time) time.Duration {
	if t.ZoneKnown && u.ZoneKnown {
		return t.Wall.Sub(u.Wall)
	}
	return wallOf(t.Wall).Sub(wallOf(u.Wall))
}

// Before reports whether t is before u (see Sub).
func (t Time) Before(u Time) bool { return t.Sub(u) < 0 }

func wallOf(w time.Time) time.Time {
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
}

// String returns the ISO form when the date is known, the clock otherwise.
func (t Time) String() string {
	if s := t.ISO(); s != "" {
		return s
	}
	return t.Clock()
}

// MarshalJSON writes the ISO form, or null when the date is not known.
func (t Time) MarshalJSON() ([]byte, error) {
	if s := t.ISO(); s != "" {
		return json.Marshal(s)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads the ISO form written by MarshalJSON.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*t = Time{}
		return nil
	}
	pt, err := ParseISO(*s)
	if err != nil {
		return err
	}
	*t = pt
	return nil
}

// ParseISO reads the forms ISO returns.
func ParseISO(s string) (Time, error) {
	if w, err := time.Parse(time.RFC3339, s); err == nil {
		zone := "Z"
		if _, off := w.Zone(); off != 0 {
			zone = w.Format("-07:00")
		} else {
			w = w.UTC()
		}
		return Time{Wall: w, DateKnown: true, ZoneKnown: true, Zone: zone, Seconds: w.Second() != 0}, nil
	}
	if w, err := time.Parse("2006-01-02T15:04:05", s); err == nil {
		return Time{Wall: w, DateKnown: true, Seconds: w.Second() != 0}, nil
	}
	return Time{}, fmt.Errorf("time %q is not ISO 8601 (want 2006-01-02T15:04:05 with an optional offset)", s)
}

// Minutes returns d in minutes, rounded to one decimal place.
func Minutes(d time.Duration) float64 {
	m := d.Minutes()
	if m < 0 {
		return -float64(int64(-m*10+0.5)) / 10
	}
	return float64(int64(m*10+0.5)) / 10
}

// clockOnly reads "15:04" or "15:04:05" onto the reference day.
func clockOnly(s string) *Time {
	for _, layout := range []string{"15:04:05", "15:04"} {
		if w, err := time.Parse(layout, s); err == nil {
			w = time.Date(1, 1, 1, w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
			return &Time{Wall: w, Seconds: layout == "15:04:05"}
		}
	}
	return nil
}
