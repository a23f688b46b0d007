package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe to write from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs hindsight serve with args on a free loopback port and
// returns its address, and a stop that cancels it as SIGINT would and
// returns what it wrote to stderr.
func startServe(t *testing.T, args ...string) (addr string, stop func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	var stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		c := &serveCommand{stdout: io.Discard, stderr: &stderr, ready: func(a string) { addrc <- a }}
		done <- c.Run(ctx, append(args, "--addr", "127.0.0.1:0"))
	}()
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	stopped := false
	stop = func() string {
		if stopped {
			return stderr.String()
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve after cancel: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
		}
		return stderr.String()
	}
	t.Cleanup(func() { stop() })
	return addr, stop
}

// TestServe starts the server on a free loopback port, checks health,
// readiness and a page as the local user, then stops it as SIGINT would.
func TestServe(t *testing.T) {
	db := historyDB(t)
	mustRun(t, "import", "--db", db, "../../examples/migration-bad-state.txt")
	addr, stop := startServe(t, "--db", db)
	for _, p := range []string{"/healthz", "/readyz", "/postmortems"} {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
		if p == "/postmortems" && !strings.Contains(string(body), "Checkout 5xx") {
			t.Errorf("the list does not show the imported postmortem")
		}
	}
	log := stop()
	for _, want := range []string{"you are the local admin", "shutting down", "path=/readyz status=200"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
}

// TestServeReadsAsSnap: the web app reads an uploaded photo the way
// hindsight snap does, with the model endpoint HINDSIGHT_MODEL_URL names
// (here a local stand-in for Ollama), and offers the --templates the user
// keeps.
func TestServeReadsAsSnap(t *testing.T) {
	var asked atomic.Int32
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		asked.Add(1)
		board := `{"columns": [{"heading": "TIMELINE", "lines": [{"text": "14:02 deploy v2.41", "sure": true}, {"text": "14:32 initiated rollback", "sure": false}]}]}`
		json.NewEncoder(w).Encode(map[string]any{"choices": []map[string]any{{"message": map[string]any{"role": "assistant", "content": board}}}})
	}))
	defer endpoint.Close()
	t.Setenv("HINDSIGHT_MODEL_URL", endpoint.URL+"/v1")
	t.Setenv("HINDSIGHT_MODEL", "qwen2.5vl")
	t.Setenv("HINDSIGHT_MODEL_TIMEOUT", "10m")
	tdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(tdir, "weekly.yaml"), []byte("name: weekly\nsections:\n  - {title: Story, part: summary, required: true}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, stop := startServe(t, "--db", historyDB(t), "--templates", tdir)

	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 64, 48))); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post("http://"+addr+"/api/v1/snap?name=board.png&template=weekly", "image/png", &img)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Lines []struct {
			Text      string
			Uncertain bool
		}
		Postmortem struct {
			Template string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST /api/v1/snap: %d %v", resp.StatusCode, err)
	}
	if asked.Load() != 1 {
		t.Errorf("the model endpoint was asked %d times, want once", asked.Load())
	}
	var text []string
	for _, l := range got.Lines {
		text = append(text, fmt.Sprintf("%s uncertain=%v", l.Text, l.Uncertain))
	}
	want := []string{"## TIMELINE uncertain=false", "14:02 deploy v2.41 uncertain=false", "14:32 initiated rollback uncertain=true"}
	if strings.Join(text, "\n") != strings.Join(want, "\n") {
		t.Errorf("lines read:\n%s\nwant:\n%s", strings.Join(text, "\n"), strings.Join(want, "\n"))
	}
	if got.Postmortem.Template != "weekly" {
		t.Errorf("template = %q, want the user's weekly", got.Postmortem.Template)
	}
	// The operator is told where photos go.
	log := stop()
	if !strings.Contains(log, "photos are read by the model qwen2.5vl at "+endpoint.URL+"/v1") {
		t.Errorf("stderr does not say where photos are sent:\n%s", log)
	}
	if !strings.Contains(log, "HINDSIGHT_MODEL_TIMEOUT (10m0s) leaves too little of a request's 5m0s here") {
		t.Errorf("stderr does not warn that the model's time limit outlasts a request:\n%s", log)
	}
}

// TestServeSettings: a half-set model endpoint or a missing templates
// folder stops serve at the start, with what to fix, not on every upload.
func TestServeSettings(t *testing.T) {
	db := historyDB(t)
	t.Run("model without a name", func(t *testing.T) {
		t.Setenv("HINDSIGHT_MODEL_URL", "http://localhost:11434/v1")
		t.Setenv("HINDSIGHT_MODEL", "")
		if code, _, errOut := runCLI(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0"); code != exitFailure || !strings.Contains(errOut, "HINDSIGHT_MODEL is not") {
			t.Errorf("exit %d, %s", code, errOut)
		}
	})
	t.Run("templates folder from the environment", func(t *testing.T) {
		t.Setenv("HINDSIGHT_TEMPLATES", filepath.Join(t.TempDir(), "nope"))
		if code, _, errOut := runCLI(t, "", "serve", "--db", db, "--addr", "127.0.0.1:0"); code != exitFailure || !strings.Contains(errOut, "HINDSIGHT_TEMPLATES") {
			t.Errorf("exit %d, %s", code, errOut)
		}
	})
}

func TestServeUsage(t *testing.T) {
	if code, _, errOut := runCLI(t, "", "serve", "--addr", "nonsense"); code != exitUsage || !strings.Contains(errOut, "want HOST:PORT") {
		t.Errorf("serve --addr nonsense: exit %d, %s", code, errOut)
	}
}

func TestUsers(t *testing.T) {
	db := historyDB(t)
	if code, _, errOut := runCLI(t, "long enough password\n", "users", "add", "dana", "--role", "editor", "--db", db); code != 0 {
		t.Fatalf("users add: %d %s", code, errOut)
	}
	if out := mustRun(t, "users", "list", "--db", db); !strings.Contains(out, "dana") || !strings.Contains(out, "editor") {
		t.Errorf("users list: %s", out)
	}
	if code, out, _ := runCLI(t, "", "users", "token", "dana", "--db", db); code != 0 || !strings.HasPrefix(out, "hs_") {
		t.Errorf("users token: %d %q", code, out)
	}
	for _, c := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"pw\n", []string{"users", "add", "sam", "--role", "editor", "--db", db}, exitFailure, "at least 8 characters"},
		{"long enough\n", []string{"users", "add", "sam", "--role", "boss", "--db", db}, exitUsage, "--role viewer, editor or admin"},
		{"", []string{"users", "add", "sam", "--role", "viewer", "--db", db}, exitFailure, "no password given"},
		{"", []string{"users", "remove", "nobody", "--db", db}, exitFailure, "no user"},
		{"", []string{"users", "frob", "--db", db}, exitUsage, "unknown command"},
	} {
		code, _, errOut := runCLI(t, c.stdin, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("hindsight %s: exit %d %q, want %d %q", strings.Join(c.args, " "), code, errOut, c.code, c.want)
		}
	}
	if out := mustRun(t, "users", "remove", "dana", "--db", db); !strings.Contains(out, "removed dana") {
		t.Errorf("users remove: %s", out)
	}
}
