// Package web is Hindsight's web app, "hindsight serve": server-rendered
// pages (html/template, mobile first, working without JavaScript) to snap a
// board from a phone, review what was read, edit the draft, publish it,
// browse the history and follow the action items, a dashboard of SVG
// charts drawn on the server, and a JSON API for everything the pages do
// (docs/API.md). Templates and static files are embedded; nothing is loaded
// from anywhere else.
//
// Who may do what is in auth.go: on loopback with no users, one local
// admin; otherwise accounts with roles, sessions and API tokens kept in the
// history's database, so app servers hold no state.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/document"
	"github.com/hindsight-dev/hindsight/snap"
)

// Store is what the web app needs of the history: the postmortem store and
// its users and credentials. Both sqlite.DB and postgres.DB are one.
type Store interface {
	hindsight.Store
	hindsight.AuthStore
}

// Config configures a Server.
type Config struct {
	Store Store
	// Logger receives the request log; nil for slog.Default().
	Logger *slog.Logger
	// Loopback says the server listens on a loopback address only: with no
	// users in the database, everyone is the local admin.
	Loopback bool
	// Templates are the document templates; nil for the built-in ones.
	Templates *document.Templates
	// Read configures how uploaded boards are read (Tesseract, limits).
	Read snap.ReadOptions
	// Now is the clock; nil for time.Now.
	Now func() time.Time
	// SessionTTL is how long a login lasts; default 30 days.
	SessionTTL time.Duration
}

// Server is the web app. Its Handler is safe for concurrent use.
type Server struct {
	store     Store
	log       *slog.Logger
	loopback  bool
	templates *document.Templates
	read      snap.ReadOptions
	now       func() time.Time
	ttl       time.Duration
	mux       *http.ServeMux
	pages     *pageSet
	cache     *pageCache

	usersMu      sync.Mutex
	usersChecked time.Time
	hasUsers     bool
}

// New returns a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web: no store")
	}
	s := &Server{store: cfg.Store, log: cfg.Logger, loopback: cfg.Loopback, templates: cfg.Templates, read: cfg.Read,
		now: cfg.Now, ttl: cfg.SessionTTL, cache: newPageCache(512)}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.templates == nil {
		s.templates = document.Builtin()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.ttl <= 0 {
		s.ttl = 30 * 24 * time.Hour
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.wrap(rt))
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &identity{}, strings.HasPrefix(r.URL.Path, "/api/"), hindsight.Errorf(hindsight.ENOTFOUND, "no page at %s", r.URL.Path))
	})
	return s, nil
}

// Access is who may use a route.
type Access int

// Accesses, least to most.
const (
	Public Access = iota // anyone (health, static files, login, share links)
	Viewer               // a logged-in viewer, editor or admin
	Editor
	Admin
)

func (a Access) role() hindsight.Role {
	switch a {
	case Editor:
		return hindsight.RoleEditor
	case Admin:
		return hindsight.RoleAdmin
	}
	return hindsight.RoleViewer
}

// Route is one route of the app: what the authorisation matrix test walks.
type Route struct {
	Method, Pattern string
	Access          Access
	API             bool
	h               func(w http.ResponseWriter, r *http.Request, id *identity) error
}

// Routes lists every route the server answers.
func (s *Server) Routes() []Route { return s.routes() }

func (s *Server) routes() []Route {
	p := func(method, pattern string, a Access, h func(http.ResponseWriter, *http.Request, *identity) error) Route {
		return Route{Method: method, Pattern: pattern, Access: a, h: h, API: strings.HasPrefix(pattern, "/api/")}
	}
	return []Route{
		p("GET", "/healthz", Public, s.healthz),
		p("GET", "/readyz", Public, s.readyz),
		p("GET", "/static/{name}", Public, s.static),
		p("GET", "/login", Public, s.loginPage),
		p("POST", "/login", Public, s.login),
		p("POST", "/logout", Public, s.logout),
		p("GET", "/s/{token}", Public, s.sharePage),

		p("GET", "/{$}", Viewer, s.home),
		p("GET", "/postmortems", Viewer, s.listPage),
		p("GET", "/postmortems/{id}", Viewer, s.postmortemPage),
		p("GET", "/postmortems/{id}/print", Viewer, s.printPage),
		p("GET", "/postmortems/{id}/edit", Viewer, s.editPage),
		p("POST", "/postmortems/{id}/edit", Editor, s.edit),
		p("GET", "/postmortems/{id}/markdown", Viewer, s.markdownPage),
		p("POST", "/postmortems/{id}/markdown", Editor, s.saveMarkdown),
		p("POST", "/postmortems/{id}/status", Editor, s.setDocStatus),
		p("POST", "/postmortems/{id}/shares", Editor, s.createShare),
		p("POST", "/shares/{hash}/revoke", Editor, s.revokeShare),
		p("GET", "/snap", Editor, s.snapPage),
		p("POST", "/snap", Editor, s.snapUpload),
		p("POST", "/snap/draft", Editor, s.snapDraft),
		p("GET", "/actions", Viewer, s.actionsPage),
		p("POST", "/actions/{id}/status", Editor, s.actionStatus),
		p("GET", "/dashboard", Viewer, s.dashboardPage),
		p("GET", "/account", Viewer, s.accountPage),
		p("POST", "/account/tokens", Viewer, s.createToken),
		p("POST", "/account/tokens/{hash}/revoke", Viewer, s.revokeToken),
		p("GET", "/admin/users", Admin, s.usersPage),
		p("POST", "/admin/users", Admin, s.addUser),
		p("POST", "/admin/users/{name}/delete", Admin, s.deleteUser),

		p("GET", "/api/v1/postmortems", Viewer, s.apiList),
		p("POST", "/api/v1/postmortems", Editor, s.apiCreate),
		p("GET", "/api/v1/postmortems/{id}", Viewer, s.apiGet),
		p("PUT", "/api/v1/postmortems/{id}", Editor, s.apiPut),
		p("GET", "/api/v1/postmortems/{id}/markdown", Viewer, s.apiMarkdown),
		p("GET", "/api/v1/postmortems/{id}/lint", Viewer, s.apiLint),
		p("GET", "/api/v1/postmortems/{id}/revisions", Viewer, s.apiRevisions),
		p("POST", "/api/v1/postmortems/{id}/status", Editor, s.apiDocStatus),
		p("GET", "/api/v1/postmortems/{id}/shares", Viewer, s.apiShares),
		p("POST", "/api/v1/postmortems/{id}/shares", Editor, s.apiCreateShare),
		p("DELETE", "/api/v1/shares/{hash}", Editor, s.apiRevokeShare),
		p("GET", "/api/v1/search", Viewer, s.apiSearch),
		p("GET", "/api/v1/actions", Viewer, s.apiActions),
		p("GET", "/api/v1/actions/{id}", Viewer, s.apiAction),
		p("POST", "/api/v1/actions/{id}/status", Editor, s.apiActionStatus),
		p("GET", "/api/v1/stats", Viewer, s.apiStats),
		p("POST", "/api/v1/snap", Editor, s.apiSnap),
		p("GET", "/api/v1/me", Viewer, s.apiMe),
	}
}

// Handler returns the app: logging, panic recovery, security headers and
// cross-origin protection around the routes.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	var h http.Handler = s.mux
	h = cop.Handler(h)
	h = s.headers(h)
	h = s.recover(h)
	return s.logRequests(h)
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// pageCSP is the policy of the app's pages: its own script and styles only,
// images from itself and data: URIs (the photo under review), no frames.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// documentCSP is the policy of the standalone documents (print, share):
// render.HTML's inline styles, nothing else.
const documentCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
		if isTLS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func isTLS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// wrap resolves who is asking, checks the route's access and the CSRF
// token, runs the handler and reports its error.
func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := s.identify(r)
		if err != nil && rt.Access == Public {
			id = &identity{} // a bad credential on a public route: just anonymous
		} else if err != nil {
			s.fail(w, r, &identity{}, rt.API, err)
			return
		}
		if rt.Access > Public {
			if id.Role == "" {
				if rt.API || r.Method != http.MethodGet {
					s.fail(w, r, id, rt.API, errUnauthenticated)
					return
				}
				http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if !id.Role.Can(rt.Access.role()) {
				s.fail(w, r, id, rt.API, errForbidden)
				return
			}
		}
		if unsafeMethod(r.Method) {
			if err := s.checkCSRF(w, r, id, rt.API); err != nil {
				s.fail(w, r, id, rt.API, err)
				return
			}
		}
		if err := rt.h(w, r, id); err != nil {
			s.fail(w, r, id, rt.API, err)
		}
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// httpError is an error with its own HTTP status (authentication,
// authorisation, CSRF, method).
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

var (
	errUnauthenticated = &httpError{http.StatusUnauthorized, "log in first (or send an API token: Authorization: Bearer …)"}
	errForbidden       = &httpError{http.StatusForbidden, "your role does not allow this; ask an admin"}
	errCSRF            = &httpError{http.StatusForbidden, "the form has expired or did not come from this site: reload the page and try again"}
)

// statusOf maps an error to its HTTP status: the one place codes become
// statuses.
func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.status
	}
	switch hindsight.ErrorCode(err) {
	case hindsight.EINVALID:
		return http.StatusBadRequest
	case hindsight.ENOTFOUND:
		return http.StatusNotFound
	case hindsight.ETOOLARGE:
		return http.StatusRequestEntityTooLarge
	case hindsight.ECONFLICT:
		return http.StatusConflict
	case hindsight.EMISSING:
		return http.StatusServiceUnavailable
	}
	if errors.Is(err, context.Canceled) {
		return 499
	}
	return http.StatusInternalServerError
}

// message is what a user is told: the error's own message, except for
// internal errors, which are logged and not shown.
func message(err error) string {
	var he *httpError
	var e *hindsight.Error
	switch {
	case errors.As(err, &he):
		return he.msg
	case errors.As(err, &e) && e.Code != hindsight.EINTERNAL:
		return e.Message
	}
	return "something went wrong on our side; it has been logged"
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, id *identity, api bool, err error) {
	st := statusOf(err)
	if st >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if api {
		writeJSON(w, st, map[string]any{"error": map[string]string{"code": codeOf(err, st), "message": message(err)}})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, id, st, "error", "Error", map[string]any{"Status": st, "StatusText": http.StatusText(st), "Message": webMessage(err)})
}

// cliAdvice are how the messages of the readers and the store begin their
// advice for the command line.
var cliAdvice = []string{": see 'hindsight ", "; check it with 'hindsight ", "; make one with: hindsight ", "; fix it, or run hindsight ",
	": run 'hindsight ", "; to change it, run 'hindsight ", " (see hindsight ", ", or change it with 'hindsight "}

// webMessage is err's message for a web page: without the advice for the
// command line, which the page's own links and forms take the place of.
func webMessage(err error) string {
	msg := message(err)
	for _, a := range cliAdvice {
		if i := strings.Index(msg, a); i > 0 {
			msg = msg[:i]
			if a == "; fix it, or run hindsight " {
				msg += "; fix it"
			}
		}
	}
	return msg
}

func codeOf(err error, status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "unauthenticated"
	case http.StatusForbidden:
		return "forbidden"
	}
	return hindsight.ErrorCode(err)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ *identity) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 when the store answers a query within two seconds.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request, _ *identity) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if _, err := s.store.Postmortems(ctx, hindsight.PostmortemFilter{Limit: 1}); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("the store does not answer\n"))
		return nil
	}
	w.Write([]byte("ready\n"))
	return nil
}

func (s *Server) today() string { return s.now().Format("2006-01-02") }
