package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
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

// TestServe starts the server on a free loopback port, checks health,
// readiness and a page as the local user, then stops it as SIGINT would.
func TestServe(t *testing.T) {
	db := historyDB(t)
	mustRun(t, "import", "--db", db, "../../examples/migration-bad-state.txt")
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	var stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		c := &serveCommand{stdout: io.Discard, stderr: &stderr, ready: func(a string) { addrc <- a }}
		done <- c.Run(ctx, []string{"--db", db, "--addr", "127.0.0.1:0"})
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
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
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
	log := stderr.String()
	for _, want := range []string{"you are the local admin", "shutting down", "path=/readyz status=200"} {
		if !strings.Contains(log, want) {
			t.Errorf("stderr lacks %q:\n%s", want, log)
		}
	}
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
