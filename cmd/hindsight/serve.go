package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/web"
)

// serveCommand is "hindsight serve": the web app.
type serveCommand struct {
	stdout, stderr io.Writer
	// ready, when set, is told the address once the server listens (tests).
	ready func(addr string)
}

const serveUsage = `Usage: hindsight serve [flags]

Runs the web app: snap a board from a phone, review what was read, edit
the draft, publish it, browse the history, follow the action items, the
dashboard, and the JSON API (docs/web.md, docs/API.md).

On a loopback address with no users, everyone is the local admin. Otherwise
add accounts first: hindsight users add NAME --role viewer|editor|admin.

Flags:
      --addr HOST:PORT  where to listen (default 127.0.0.1:8080)
      --templates DIR   more templates, NAME.yaml each (or $HINDSIGHT_TEMPLATES)
` + storeFlagsUsage + `
Photos are read as hindsight snap reads them: HINDSIGHT_TESSERACT_LANG
picks the Tesseract model, HINDSIGHT_MODEL_URL and HINDSIGHT_MODEL a vision
model endpoint (see hindsight snap --help). Say them before serve:
  HINDSIGHT_MODEL_URL=http://localhost:11434/v1 HINDSIGHT_MODEL=qwen2.5vl hindsight serve

Stops cleanly on SIGINT or SIGTERM, finishing requests in flight.
`

// Run parses args and serves until ctx ends.
func (c *serveCommand) Run(ctx context.Context, args []string) error {
	fs := newFlagSet("serve")
	var sf storeFlags
	sf.register(fs)
	addr := "127.0.0.1:8080"
	fs.StringVar(&addr, "addr", addr, "")
	var tplDir string
	fs.StringVar(&tplDir, "templates", "", "")
	pos, err := parseFlags(fs, args, c.stdout, serveUsage)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve: unexpected argument %q", pos[0])
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("serve: --addr %q: want HOST:PORT, e.g. 127.0.0.1:8080 or :8080", addr)
	}
	ts, err := loadTemplates(tplDir)
	if err != nil {
		return err
	}
	read := envReadOptions()
	if read.Model.Enabled() && read.Model.Model == "" {
		// Said now, to the operator, rather than on every upload to its users.
		return hindsight.Errorf(hindsight.EINVALID, "HINDSIGHT_MODEL_URL is set but HINDSIGHT_MODEL is not: name the vision model, e.g. HINDSIGHT_MODEL=qwen2.5vl")
	}
	st, where, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	store, ok := st.(web.Store)
	if !ok {
		return hindsight.Errorf(hindsight.EINTERNAL, "the store at %s keeps no users", where)
	}
	log := slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return hindsight.Errorf(hindsight.EINVALID, "cannot listen on %s (%v): is another server using the port? choose another with --addr", addr, err)
	}
	loopback := isLoopback(ln.Addr())
	srv, err := web.New(web.Config{Store: store, Logger: log, Loopback: loopback, Now: clock,
		Templates: ts, Read: read})
	if err != nil {
		ln.Close()
		return err
	}
	users, err := store.Users(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String()
	switch {
	case len(users) == 0 && loopback:
		fmt.Fprintf(c.stderr, "hindsight: serving %s on %s (no users: you are the local admin)\n", where, url)
	case len(users) == 0:
		fmt.Fprintf(c.stderr, "hindsight: serving %s on %s; no users yet, so nobody can log in: add one with hindsight users add NAME --role admin\n", where, url)
	default:
		fmt.Fprintf(c.stderr, "hindsight: serving %s on %s (%d users)\n", where, url, len(users))
	}
	if m := read.Model; m.Enabled() {
		fmt.Fprintf(c.stderr, "hindsight: photos are read by the model %s at %s: they are sent there\n", m.Model, m.URL)
		// The request's limit counts the upload and the photo's preparation
		// too: leave them half a minute.
		if most := hs.WriteTimeout - 30*time.Second; m.Timeout > most {
			fmt.Fprintf(c.stderr, "hindsight: HINDSIGHT_MODEL_TIMEOUT (%s) leaves too little of a request's %s here: a slow answer will be cut off; set it under %s\n",
				m.Timeout, hs.WriteTimeout, most)
		}
	}
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go func() { // expired sessions out of the database, hourly
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			if err := store.DeleteExpired(ctx, clock()); err != nil && ctx.Err() == nil {
				log.Warn("delete expired sessions", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(c.stderr, "hindsight: shutting down; finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}
