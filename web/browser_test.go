package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's chromium: skipped when it is missing, a
// failure under CI=true (scripts/ci-deps.sh installs it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("HINDSIGHT_CHROMIUM"), "/usr/bin/chromium", "chromium"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is missing, and CI=true: the browser tests must run in CI (scripts/ci-deps.sh installs it)")
	}
	t.Skip("chromium not installed (apt-get install chromium); skipping the browser tests")
	return ""
}

// artifacts is where screenshots go: $HINDSIGHT_ARTIFACTS, else a
// temporary directory.
func artifacts(t *testing.T) string {
	dir := os.Getenv("HINDSIGHT_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	dir, _ = filepath.Abs(filepath.Join(dir, "browser"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives the app in real Chromium on a phone-sized viewport:
// the snap flow with a whiteboard photo (correct a line, save, find it in
// the list), editing a timeline event and an action item, a status change
// on the board showing on the dashboard, and publishing. One browser for
// every step; a screenshot after each.
func TestBrowser(t *testing.T) {
	chromium := chromiumPath(t)
	photo, err := filepath.Abs(filepath.Join(sharedDir(t, "whiteboard"), "images", "01_print_easy.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	out := artifacts(t)
	f := newFixture(t, openSQLite(t), true)
	ts := httptest.NewServer(f.h)
	defer ts.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(390, 844),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	shot := func(t *testing.T, name string) {
		t.Helper()
		img, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Errorf("screenshot %s: %v", name, err)
			return
		}
		p := filepath.Join(out, name+".png")
		if err := os.WriteFile(p, img, 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot: %s", p)
	}
	// submit clicks a form's button (click) and waits for the page of the answer,
	// with its message: a message the page had before (the draft's own)
	// does not count, or the next navigation would cut the answer off.
	submit := func(click chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Evaluate[chromedp.Void](`window.hsBefore = true`), click,
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				// The page navigates: evaluating may fail until the answer
				// has loaded, so ask again until it says so.
				for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
					ok, err := chromedp.Evaluate[bool](`!window.hsBefore && document.readyState === 'complete' && document.querySelector('.flash') !== null`)(ctx, tg)
					if err == nil && ok {
						return nil
					}
				}
				return fmt.Errorf("no answer with a message within 20 s")
			}))
	}
	do := func(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			shot(t, "failed-"+strings.ReplaceAll(what, " ", "-"))
			t.Fatalf("%s: %v", what, err)
		}
	}
	read := func(t *testing.T, what string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	var id, action string

	t.Run("snap", func(t *testing.T) {
		do(t, "open snap", chromedp.Navigate(ts.URL+"/snap"), chromedp.WaitVisible(chromedp.ID("photo")))
		shot(t, "01-snap")
		do(t, "upload the photo",
			chromedp.SetUploadFiles(chromedp.ID("photo"), []string{photo}),
			chromedp.SetValue(chromedp.ID("date"), "2026-11-20"),
			chromedp.Click(chromedp.ID("read")),
			chromedp.WaitVisible(chromedp.ID("review-form")))
		shot(t, "02-review")
		// Correct a line the reader got wrong: "| 4. owner: …" has a stray bar.
		idx, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.from(document.querySelectorAll('input[name=line]')).findIndex(e => e.value.includes('owner: @mike'))`))
		if err != nil || idx < 0 {
			t.Fatalf("the review page has no line with the owner @mike (%d, %v)", idx, err)
		}
		src, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".photo img"), "src"))
		if err != nil || !strings.HasPrefix(src.Value, "data:image/jpeg;base64,") {
			t.Errorf("the photo is shown as %.40q (%v), want a JPEG data: URI", src.Value, err)
		}
		do(t, "correct the line", chromedp.SetValue(chromedp.ID(fmt.Sprintf("line-%d", idx)), "4. runbook owner: @mike due 2026-12-04"))
		do(t, "continue", chromedp.Click(chromedp.ID("continue")), chromedp.WaitVisible(chromedp.ID("edit-form")))
		shot(t, "03-draft")
		loc := read(t, "location", chromedp.Location())
		u, _ := url.Parse(loc)
		id = strings.TrimSuffix(strings.TrimPrefix(u.Path, "/postmortems/"), "/edit")
		if id == "" || strings.Contains(id, "/") {
			t.Fatalf("the draft is at %q", loc)
		}
		do(t, "save", submit(chromedp.Click(chromedp.ID("save"))))
		do(t, "open the list", chromedp.Navigate(ts.URL+"/postmortems"), chromedp.WaitVisible(chromedp.ID("postmortem-list")))
		list := read(t, "the list", chromedp.OuterHTML(chromedp.ID("postmortem-list")))
		shot(t, "04-list")
		if !strings.Contains(list, "/postmortems/"+id) {
			t.Errorf("the list does not link to %s", id)
		}
	})
	if id == "" {
		t.Fatal("no draft: the remaining steps need it")
	}

	t.Run("edit timeline and action item", func(t *testing.T) {
		do(t, "open the draft", chromedp.Navigate(ts.URL+"/postmortems/"+id+"/edit"), chromedp.WaitVisible(chromedp.ID("ev-0-time")))
		do(t, "retime and reword an event",
			chromedp.SetValue(chromedp.ID("ev-0-time"), "14:03"),
			chromedp.SetValue(chromedp.ID("ev-0-text"), "deploy v2.41 to prod started (canary skipped)"),
			submit(chromedp.Click(chromedp.ID("save"))))
		tm := read(t, "time", chromedp.Value(chromedp.ID("ev-0-time")))
		text := read(t, "text", chromedp.Value(chromedp.ID("ev-0-text")))
		if tm != "14:03" || !strings.Contains(text, "canary skipped") {
			t.Errorf("event 0 after saving: %q %q", tm, text)
		}
		// Enter in a field (a phone keyboard's "Go") saves: the first row's
		// disabled "↑" was the form's default button, and Enter did nothing.
		do(t, "retitle and press Enter",
			chromedp.SetValue(chromedp.ID("title"), "Checkout 5xx after v2.41"),
			submit(chromedp.SendKeys(chromedp.ID("title"), "\n")))
		if title := read(t, "title", chromedp.Value(chromedp.ID("title"))); title != "Checkout 5xx after v2.41" {
			t.Errorf("title after Enter: %q", title)
		}
		// Add an action item, then give it an owner, a priority and a due date.
		do(t, "add an action item",
			chromedp.SetValue(chromedp.ID("new-act-text"), "Rehearse helm rollback with the cache flush"),
			chromedp.SetValue(chromedp.ID("new-act-bucket"), "rollback_trust"),
			submit(chromedp.Click(chromedp.CSS(`button[value="add-act"]`))))
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('li.action').length`))
		if err != nil || n == 0 {
			t.Fatalf("no action items after adding one (%v)", err)
		}
		k := fmt.Sprintf("act-%d-", n-1)
		do(t, "edit the action item",
			chromedp.SetValue(chromedp.ID(k+"owner"), "dana"),
			chromedp.SetValue(chromedp.ID(k+"priority"), "P1"),
			chromedp.SetValue(chromedp.ID(k+"due"), "2026-11-01"),
			submit(chromedp.Click(chromedp.ID("save"))))
		owner := read(t, "owner", chromedp.Value(chromedp.ID(k+"owner")))
		due := read(t, "due", chromedp.Value(chromedp.ID(k+"due")))
		aid := read(t, "action id", chromedp.Text(chromedp.CSS(fmt.Sprintf("#act-%d .aid", n-1))))
		shot(t, "05-edited")
		if owner != "dana" || due != "2026-11-01" || !strings.HasPrefix(aid, "A-") {
			t.Errorf("action item after saving: owner %q due %q id %q", owner, due, aid)
		}
		action = aid
	})
	if action == "" {
		t.Fatal("no action item: the remaining steps need it")
	}

	t.Run("status change on the board and the dashboard", func(t *testing.T) {
		do(t, "dashboard before", chromedp.Navigate(ts.URL+"/dashboard"), chromedp.WaitVisible(chromedp.ID("kpi-done")))
		before := read(t, "done before", chromedp.Text(chromedp.ID("kpi-done")))
		item := "#item-" + action
		do(t, "open the board", chromedp.Navigate(ts.URL+"/actions"), chromedp.WaitVisible(chromedp.CSS(item)))
		cls, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(item), "class"))
		if err != nil || !strings.Contains(cls.Value, "is-overdue") {
			t.Errorf("%s is not shown overdue (class %q, %v)", action, cls.Value, err)
		}
		shot(t, "06-board")
		do(t, "mark it done",
			chromedp.SetValue(chromedp.ID("to-"+action), "done"),
			chromedp.SetValue(chromedp.ID("note-"+action), "rehearsed on staging, PR 5150"),
			chromedp.Click(chromedp.CSS(item+" button")),
			chromedp.WaitVisible(chromedp.CSS("#col-done "+item)))
		shot(t, "07-board-done")
		do(t, "dashboard after", chromedp.Navigate(ts.URL+"/dashboard"), chromedp.WaitVisible(chromedp.ID("kpi-done")))
		after := read(t, "done after", chromedp.Text(chromedp.ID("kpi-done")))
		shot(t, "08-dashboard")
		if b, a := atoiOr(before), atoiOr(after); a != b+1 {
			t.Errorf("dashboard done: %s → %s, want one more", before, after)
		}
	})

	t.Run("publish", func(t *testing.T) {
		do(t, "open the postmortem", chromedp.Navigate(ts.URL+"/postmortems/"+id), chromedp.WaitVisible(chromedp.CSS("svg.lanes")))
		// The chart is drawn in its colours (it was black bars over the lane
		// names), and no element has a style the page's policy would block.
		fill := read(t, "bar colour", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('svg.lanes .bar0')).fill`))
		styled := read(t, "styled elements", chromedp.Evaluate[string](`Array.from(document.querySelectorAll('body [style]')).map(e => e.outerHTML.slice(0, 80)).join('\n')`))
		if fill != "rgb(47, 111, 221)" || styled != "" {
			t.Errorf("postmortem page: deploy bar fill %q (want rgb(47, 111, 221)); elements with a style attribute: %q", fill, styled)
		}
		do(t, "move to review",
			chromedp.WaitVisible(chromedp.CSS(`button[value="in_review"]`)),
			chromedp.Click(chromedp.CSS(`button[value="in_review"]`)), chromedp.WaitVisible(chromedp.ID("publish")))
		do(t, "publish", chromedp.Click(chromedp.ID("publish")), chromedp.WaitVisible(chromedp.CSS(".status-published")))
		status := read(t, "status", chromedp.Text(chromedp.ID("doc-status")))
		shot(t, "09-published")
		if status != "published" {
			t.Errorf("status %q after publishing", status)
		}
	})
}

func atoiOr(s string) int {
	n := 0
	fmt.Sscan(strings.TrimSpace(s), &n)
	return n
}
