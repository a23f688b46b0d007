package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/postgres"
	"github.com/hindsight-dev/hindsight/snap"
	"github.com/hindsight-dev/hindsight/sqlite"
	"github.com/hindsight-dev/hindsight/storetest"
)

// testNow is the tests' clock: after the examples' due dates, so some
// action items are overdue.
var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// fixture is a server over a real store, seeded with the examples, with a
// user of each role logged in, an API token and a share link.
type fixture struct {
	t        *testing.T
	srv      *Server
	h        http.Handler
	store    Store
	ids      []string // the examples' postmortem IDs
	sessions map[hindsight.Role]string
	token    string   // the admin's API token
	share    string   // a share link's secret for ids[0]
	shares   []string // more share links' secrets for ids[0], to revoke
	actions  []string // tracked action items' IDs
}

func openSQLite(t *testing.T) Store {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	t.Cleanup(func() { db.Close() })
	return db
}

func openPostgres(t *testing.T) Store {
	t.Helper()
	dsn := storetest.PostgresSchema(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	t.Cleanup(func() { db.Close() })
	return db
}

func newFixture(t *testing.T, st Store, loopback bool) *fixture {
	t.Helper()
	ctx := context.Background()
	srv, err := New(Config{Store: st, Loopback: loopback, Now: func() time.Time { return testNow },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, srv: srv, h: srv.Handler(), store: st, sessions: map[hindsight.Role]string{}}
	for _, name := range []string{"migration-bad-state.txt", "flag-rollback-failed-forward-fix.txt", "config-push-clean-rollback.md"} {
		pm, err := snap.File(filepath.Join("..", "examples", name), nil, snap.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := srv.saveDoc(ctx, pm, 0, "seed")
		if err != nil {
			t.Fatalf("seed %s: %v", name, err)
		}
		f.ids = append(f.ids, res.ID)
	}
	return f
}

// addUsers adds a viewer, an editor and an admin, each with a session.
func (f *fixture) addUsers() {
	ctx := context.Background()
	hash, err := HashPassword("correct horse battery")
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range hindsight.Roles {
		if err := f.store.PutUser(ctx, &hindsight.User{Name: string(r), Role: r}, hash); err != nil {
			f.t.Fatal(err)
		}
		secret, h := hindsight.NewSecret("s_")
		if err := f.store.PutCredential(ctx, &hindsight.Credential{Hash: h, Kind: hindsight.CredSession, User: string(r), Expires: testNow.Add(time.Hour)}); err != nil {
			f.t.Fatal(err)
		}
		f.sessions[r] = secret
	}
	secret, h := hindsight.NewSecret("hs_")
	if err := f.store.PutCredential(ctx, &hindsight.Credential{Hash: h, Kind: hindsight.CredToken, User: "admin", Label: "test"}); err != nil {
		f.t.Fatal(err)
	}
	f.token = secret
	f.srv.usersChanged()
	share, err := f.srv.newShare(ctx, f.ids[0], &identity{User: "editor"})
	if err != nil {
		f.t.Fatal(err)
	}
	f.share = share
	for i := 0; i < 2; i++ {
		sh, err := f.srv.newShare(ctx, f.ids[0], &identity{User: "editor"})
		if err != nil {
			f.t.Fatal(err)
		}
		f.shares = append(f.shares, sh)
	}
	if err := f.store.PutUser(ctx, &hindsight.User{Name: "victim", Role: hindsight.RoleViewer}, hash); err != nil {
		f.t.Fatal(err)
	}
	list, err := f.store.ActionItems(ctx, hindsight.ActionFilter{Today: "2026-11-21"})
	if err != nil || len(list.Items) < 2 {
		f.t.Fatalf("action items: %v, %v", list, err)
	}
	f.actions = []string{list.Items[0].ID, list.Items[1].ID}
}

// req is one request of a test.
type req struct {
	method, path string
	form         url.Values // a urlencoded form (the CSRF field is added)
	body         string     // a raw body, with ctype
	ctype        string
	session      string // the session cookie
	bearer       string
	csrf         bool // add the right CSRF token
	header       map[string]string
}

func (f *fixture) do(r req) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	ctype := r.ctype
	if r.form != nil {
		form := url.Values{}
		for k, v := range r.form {
			form[k] = v
		}
		if r.csrf {
			if r.session != "" {
				form.Set(csrfField, sessionCSRF(r.session))
			} else {
				form.Set(csrfField, strings.Repeat("c", 32))
			}
		}
		body, ctype = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	} else if r.body != "" {
		body = strings.NewReader(r.body)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if ctype != "" {
		hr.Header.Set("Content-Type", ctype)
	}
	if r.session != "" {
		hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.session})
		if r.csrf {
			hr.Header.Set(csrfHeader, sessionCSRF(r.session))
		}
	} else if r.csrf {
		hr.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("c", 32)})
		hr.Header.Set(csrfHeader, strings.Repeat("c", 32))
	}
	if r.bearer != "" {
		hr.Header.Set("Authorization", "Bearer "+r.bearer)
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, hr)
	return w
}

// sharedDir returns ../shared/NAME beside the repository: skipped when
// absent, a failure under CI=true.
func sharedDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing, and CI=true: CI must run with ../shared beside the checkout", dir)
		}
		t.Skipf("%s not present (it sits beside the repository in development and CI)", dir)
	}
	return dir
}

// postMultipart sends a file in a multipart form, with the CSRF cookie and
// field, as the local user or the session given.
func (f *fixture) postMultipart(path, field, name string, data []byte, extra ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, strings.Repeat("c", 32))
	for i := 0; i+1 < len(extra); i += 2 {
		mw.WriteField(extra[i], extra[i+1])
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		f.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	hr := httptest.NewRequest("POST", path, &buf)
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	hr.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("c", 32)})
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, hr)
	return w
}

func openBenchSQLite(b *testing.B) *sqlite.DB {
	db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "h.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}
