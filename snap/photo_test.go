package snap_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board/photo"
	"github.com/hindsight-dev/hindsight/snap"
)

// TestPhotoEndToEnd snaps whiteboard photos and checks the postmortem
// against the one the board's exact text gives (the ground truth typed in):
// the same timeline clocks, milestones and durations. It asserts all of it
// for the photos the reader reads well (print and block capitals: 03's
// clock times are decoded by the clock pass, and its "WWGRATION" is
// corrected to the "migration" that gives the deploy start). For the
// handwriting photos it asserts what the reader gets today as a floor (so
// many times and milestones right, no more milestones at a wrong time than
// it gets today, which is worse than a missing one, and the fixes read as
// action items) and logs the rest; docs/photo.md records all.
func TestPhotoEndToEnd(t *testing.T) {
	dir := sharedDir(t, filepath.Join("whiteboard", "images"))
	if _, err := exec.LookPath("tesseract"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract is missing under CI=true: scripts/ci-deps.sh installs it")
		}
		t.Skip("tesseract not installed")
	}
	ro := snap.ReadOptions{Photo: photo.Options{Timeout: 5 * 60e9}} // a test of accuracy, not speed
	const (
		floor = iota // at least times and milestones right, and no milestone wrong
		all          // clocks, milestones and durations
		logOnly
	)
	for _, tc := range []struct {
		image                      string
		assert                     int
		times, milestones, actions int // the floor
		wrong                      int // the most milestones at a wrong time
	}{
		{image: "01_print_easy", assert: all}, {image: "02_comic_blue_easy", assert: all},
		{image: "03_humor_caps_easy", assert: all}, {image: "04_marker_caps_medium", assert: all},
		{image: "05_tomson_medium", assert: logOnly}, // the hours come out wrong
		// "deploy" and "16:35" are read since lines read as one are read
		// again (board/photo/merged.go), 16:50 (read surely as 16:59) since
		// the clock pass weighs how often each minute is written; "crash"
		// is still misread, so the impact start is the deploy start, 16:20.
		{"06_dkg_hand_medium", floor, 5, 3, 4, 1},
		// The rollback start: "14:32 - initiated rollback" is read with its
		// "rollback" since ruled lines are told from thin handwriting, and
		// its time as 14:22.
		{"07_stevehand_medium", floor, 5, 5, 4, 1},
	} {
		t.Run(tc.image, func(t *testing.T) {
			gt, err := snap.File(filepath.Join(dir, tc.image+".gt.txt"), nil, snap.Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, err := snap.ReadBoard(context.Background(), filepath.Join(dir, tc.image+".jpg"), nil, ro)
			if err != nil {
				t.Fatal(err)
			}
			got := snap.Board(b, snap.Options{})
			want, have := facts(gt), facts(got)
			switch tc.assert {
			case all:
				if diff := cmp.Diff(want, have); diff != "" {
					t.Errorf("%s: photo postmortem differs from the board's text (-text +photo):\n%s", tc.image, diff)
				}
			default:
				found := 0
				for _, c := range want.Clocks {
					if strings.Contains(" "+strings.Join(have.Clocks, " ")+" ", " "+c+" ") {
						found++
					}
				}
				right := 0
				for k, v := range want.Milestones {
					if have.Milestones[k] == v {
						right++
					}
				}
				t.Logf("%s: %d of %d timeline times read, %d of %d milestones right (-text +photo):\n%s",
					tc.image, found, len(want.Clocks), right, len(want.Milestones), cmp.Diff(want, have))
				if tc.assert != floor {
					break
				}
				if found < tc.times || right < tc.milestones {
					t.Errorf("%s: %d times and %d milestones right, want at least %d and %d", tc.image, found, right, tc.times, tc.milestones)
				}
				// The fixes column is read as one: its heading, as read, is a
				// heading ("FOES" was not).
				if n := len(got.ActionItems); n < tc.actions {
					t.Errorf("%s: %d action items, want at least %d (the board has %d)", tc.image, n, tc.actions, len(gt.ActionItems))
				}
				var wrong []string
				for k, v := range have.Milestones {
					switch w, ok := want.Milestones[k]; {
					case !ok:
						wrong = append(wrong, fmt.Sprintf("%s at %s, but the board has none", k, v))
					case w != v:
						wrong = append(wrong, fmt.Sprintf("%s at %s, but the board says %s", k, v, w))
					}
				}
				if len(wrong) > tc.wrong {
					t.Errorf("%s: %d milestones at a wrong time, want at most %d: %s", tc.image, len(wrong), tc.wrong, strings.Join(wrong, "; "))
				}
			}
		})
	}
}

type pmFacts struct {
	Clocks     []string
	Milestones map[string]string
	Durations  map[string]float64
}

func facts(pm *hindsight.Postmortem) pmFacts {
	f := pmFacts{Milestones: map[string]string{}, Durations: map[string]float64{}}
	for _, e := range pm.Timeline {
		if e.At != nil {
			f.Clocks = append(f.Clocks, e.At.Clock())
		}
	}
	m := pm.Milestones
	for name, t := range map[string]*hindsight.Time{"deploy_start": m.DeployStart, "impact_start": m.ImpactStart,
		"detected": m.Detected, "rollback_decision": m.RollbackDecision, "rollback_start": m.RollbackStart,
		"rollback_end": m.RollbackEnd, "recovered": m.Recovered} {
		if t != nil {
			f.Milestones[name] = t.Clock()
		}
	}
	d := pm.Durations
	for name, v := range map[string]*float64{"time_to_detect": d.TimeToDetect, "time_to_decide": d.TimeToDecide,
		"rollback": d.Rollback, "time_to_recover": d.TimeToRecover} {
		if v != nil {
			f.Durations[name] = *v
		}
	}
	return f
}
