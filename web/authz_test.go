package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/snap"
)

// The principals of the authorisation matrix, in the order of want.
var principals = []string{"anonymous", "viewer", "editor", "admin", "share link"}

// matrixCase is one request and the status each principal gets.
type matrixCase struct {
	name string
	req  func(f *fixture) req
	want [5]int
}

const (
	ok     = http.StatusOK
	see    = http.StatusSeeOther
	unauth = http.StatusUnauthorized
	forb   = http.StatusForbidden
	nf     = http.StatusNotFound
)

func get(path string) func(*fixture) req {
	return func(*fixture) req { return req{method: "GET", path: path} }
}

// matrix is every route × every principal. A viewer page sends the
// anonymous to the login page (303), a write is 401 for them; a role too
// low is 403; a share link opens its own page and nothing else (401 when
// sent as a credential).
var matrix = []matrixCase{
	{"healthz", get("/healthz"), [5]int{ok, ok, ok, ok, ok}},
	{"readyz", get("/readyz"), [5]int{ok, ok, ok, ok, ok}},
	{"static", get(assetNames["app.css"]), [5]int{ok, ok, ok, ok, ok}},
	{"login page", get("/login"), [5]int{ok, see, see, see, ok}},
	{"login", func(f *fixture) req {
		return req{method: "POST", path: "/login", form: url.Values{"name": {"admin"}, "password": {"correct horse battery"}}}
	}, [5]int{see, see, see, see, see}},
	{"share page", func(f *fixture) req { return req{method: "GET", path: "/s/" + f.share} }, [5]int{ok, ok, ok, ok, ok}},
	{"home", get("/"), [5]int{see, see, see, see, unauth}},
	{"list", get("/postmortems?q=rollback"), [5]int{see, ok, ok, ok, unauth}},
	{"postmortem", func(f *fixture) req { return req{method: "GET", path: "/postmortems/" + f.ids[0]} }, [5]int{see, ok, ok, ok, unauth}},
	{"print", func(f *fixture) req { return req{method: "GET", path: "/postmortems/" + f.ids[0] + "/print"} }, [5]int{see, ok, ok, ok, unauth}},
	{"edit page", func(f *fixture) req { return req{method: "GET", path: "/postmortems/" + f.ids[0] + "/edit"} }, [5]int{see, ok, ok, ok, unauth}},
	{"markdown page", func(f *fixture) req { return req{method: "GET", path: "/postmortems/" + f.ids[0] + "/markdown"} }, [5]int{see, ok, ok, ok, unauth}},
	{"actions", get("/actions"), [5]int{see, ok, ok, ok, unauth}},
	{"dashboard", get("/dashboard"), [5]int{see, ok, ok, ok, unauth}},
	{"account", get("/account"), [5]int{see, ok, ok, ok, unauth}},
	{"snap page", get("/snap"), [5]int{see, forb, ok, ok, unauth}},
	{"edit", func(f *fixture) req {
		return req{method: "POST", path: "/postmortems/" + f.ids[1] + "/edit", form: url.Values{"op": {"save"}}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"save markdown", func(f *fixture) req {
		sp, _ := f.store.Postmortem(context.Background(), f.ids[1], 0)
		md, _ := f.srv.lintDoc(sp.Postmortem)
		return req{method: "POST", path: "/postmortems/" + f.ids[1] + "/markdown", form: url.Values{"markdown": {string(md)}}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"document status", func(f *fixture) req {
		return req{method: "POST", path: "/postmortems/" + f.ids[1] + "/status", form: url.Values{"status": {"in_review"}}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"create share", func(f *fixture) req {
		return req{method: "POST", path: "/postmortems/" + f.ids[1] + "/shares", form: url.Values{}}
	},
		[5]int{unauth, forb, see, see, unauth}},
	{"revoke share", func(f *fixture) req {
		return req{method: "POST", path: "/shares/" + hindsight.SecretHash(f.shares[0]) + "/revoke", form: url.Values{}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"snap upload", func(f *fixture) req {
		return req{method: "POST", path: "/snap", form: url.Values{"notes": {"Timeline:\n14:02 — deploy started\n14:05 — errors climb"}}}
	}, [5]int{unauth, forb, ok, ok, unauth}},
	{"snap draft", func(f *fixture) req {
		return req{method: "POST", path: "/snap/draft", form: url.Values{"text": {"Orders outage\nTimeline:\n14:02 — deploy started\n14:05 — errors climb"}, "template": {"deployment"}}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"action status", func(f *fixture) req {
		return req{method: "POST", path: "/actions/" + f.actions[0] + "/status", form: url.Values{"to": {"in_progress"}}}
	}, [5]int{unauth, forb, see, see, unauth}},
	{"create token", func(f *fixture) req {
		return req{method: "POST", path: "/account/tokens", form: url.Values{"label": {"ci"}}}
	},
		[5]int{unauth, ok, ok, ok, unauth}},
	{"revoke token (the admin's)", func(f *fixture) req {
		return req{method: "POST", path: "/account/tokens/" + hindsight.SecretHash(f.token) + "/revoke", form: url.Values{}}
	}, [5]int{unauth, nf, nf, see, unauth}},
	{"users page", get("/admin/users"), [5]int{see, forb, forb, ok, unauth}},
	{"add user", func(f *fixture) req {
		return req{method: "POST", path: "/admin/users", form: url.Values{"name": {"newbie"}, "role": {"viewer"}, "password": {"long enough"}}}
	}, [5]int{unauth, forb, forb, see, unauth}},
	{"delete user", func(f *fixture) req {
		return req{method: "POST", path: "/admin/users/victim/delete", form: url.Values{}}
	},
		[5]int{unauth, forb, forb, see, unauth}},

	{"api list", get("/api/v1/postmortems?service=checkout"), [5]int{unauth, ok, ok, ok, unauth}},
	{"api create", func(f *fixture) req {
		return req{method: "POST", path: "/api/v1/postmortems", body: "Search outage\nTimeline:\n09:00 — config push\n09:04 — timeouts", ctype: "text/plain"}
	}, [5]int{unauth, forb, http.StatusCreated, http.StatusCreated, unauth}},
	{"api get", func(f *fixture) req { return req{method: "GET", path: "/api/v1/postmortems/" + f.ids[0]} }, [5]int{unauth, ok, ok, ok, unauth}},
	{"api put", func(f *fixture) req {
		sp, _ := f.store.Postmortem(context.Background(), f.ids[2], 0)
		md, _ := f.srv.lintDoc(sp.Postmortem)
		return req{method: "PUT", path: "/api/v1/postmortems/" + f.ids[2], body: string(md), ctype: "text/markdown"}
	}, [5]int{unauth, forb, ok, ok, unauth}},
	{"api markdown", func(f *fixture) req { return req{method: "GET", path: "/api/v1/postmortems/" + f.ids[0] + "/markdown"} }, [5]int{unauth, ok, ok, ok, unauth}},
	{"api lint", func(f *fixture) req { return req{method: "GET", path: "/api/v1/postmortems/" + f.ids[0] + "/lint"} }, [5]int{unauth, ok, ok, ok, unauth}},
	{"api revisions", func(f *fixture) req {
		return req{method: "GET", path: "/api/v1/postmortems/" + f.ids[0] + "/revisions"}
	}, [5]int{unauth, ok, ok, ok, unauth}},
	{"api document status", func(f *fixture) req {
		return req{method: "POST", path: "/api/v1/postmortems/" + f.ids[2] + "/status", body: `{"status":"in_review"}`, ctype: "application/json"}
	}, [5]int{unauth, forb, ok, ok, unauth}},
	{"api shares", func(f *fixture) req { return req{method: "GET", path: "/api/v1/postmortems/" + f.ids[0] + "/shares"} }, [5]int{unauth, ok, ok, ok, unauth}},
	{"api create share", func(f *fixture) req {
		return req{method: "POST", path: "/api/v1/postmortems/" + f.ids[0] + "/shares", body: "{}", ctype: "application/json"}
	}, [5]int{unauth, forb, http.StatusCreated, http.StatusCreated, unauth}},
	{"api revoke share", func(f *fixture) req {
		return req{method: "DELETE", path: "/api/v1/shares/" + hindsight.SecretHash(f.shares[1])}
	},
		[5]int{unauth, forb, http.StatusNoContent, http.StatusNoContent, unauth}},
	{"api search", get("/api/v1/search?q=migration"), [5]int{unauth, ok, ok, ok, unauth}},
	{"api actions", get("/api/v1/actions?all=true"), [5]int{unauth, ok, ok, ok, unauth}},
	{"api action", func(f *fixture) req { return req{method: "GET", path: "/api/v1/actions/" + f.actions[1]} }, [5]int{unauth, ok, ok, ok, unauth}},
	{"api action status", func(f *fixture) req {
		return req{method: "POST", path: "/api/v1/actions/" + f.actions[1] + "/status", body: `{"to":"accepted"}`, ctype: "application/json"}
	}, [5]int{unauth, forb, ok, ok, unauth}},
	{"api stats", get("/api/v1/stats"), [5]int{unauth, ok, ok, ok, unauth}},
	{"api snap", func(f *fixture) req {
		return req{method: "POST", path: "/api/v1/snap?name=notes.txt", body: "Timeline:\n10:00 — deploy\n10:03 — alert", ctype: "text/plain"}
	}, [5]int{unauth, forb, ok, ok, unauth}},
	{"api me", get("/api/v1/me"), [5]int{unauth, ok, ok, ok, unauth}},
	// Last: it ends the session.
	{"logout", func(f *fixture) req { return req{method: "POST", path: "/logout", form: url.Values{}} }, [5]int{see, see, see, see, see}},
}

// TestAuthorizationMatrix sends every route as each principal and checks
// the status; it fails when a route is missing from the matrix.
func TestAuthorizationMatrix(t *testing.T) {
	covered := map[string]bool{}
	for pi, who := range principals {
		t.Run(strings.ReplaceAll(who, " ", "_"), func(t *testing.T) {
			f := newFixture(t, openSQLite(t), false)
			f.addUsers()
			for _, c := range matrix {
				r := c.req(f)
				r.csrf = true // as the app's own pages send them; CSRF is tested apart
				switch who {
				case "viewer", "editor", "admin":
					r.session = f.sessions[hindsight.Role(who)]
				case "share link":
					if !strings.HasPrefix(r.path, "/s/") {
						r.bearer = f.share
					}
				}
				hr := httptest.NewRequest(r.method, r.path, nil)
				_, pattern := f.srv.mux.Handler(hr)
				covered[pattern] = true
				w := f.do(r)
				if w.Code != c.want[pi] {
					t.Errorf("%s %s as %s: status %d, want %d (%s)", r.method, r.path, who, w.Code, c.want[pi], firstLine(w.Body.String()))
				}
				if w.Code == see && c.want[pi] == see && r.method == "GET" && who == "anonymous" {
					if loc := w.Header().Get("Location"); !strings.HasPrefix(loc, "/login") {
						t.Errorf("GET %s as anonymous: redirected to %q, want the login page", r.path, loc)
					}
				}
			}
		})
	}
	f := newFixture(t, openSQLite(t), false)
	var missing []string
	for _, rt := range f.srv.Routes() {
		if !covered[rt.Method+" "+rt.Pattern] {
			missing = append(missing, rt.Method+" "+rt.Pattern)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("routes missing from the authorisation matrix: %v", missing)
	}
}

func firstLine(s string) string {
	if i := strings.Index(s, "error-message"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// TestCSRF: a form or API write by cookie without the token, or with a
// wrong one, or from another site, is refused; a token (Bearer) request
// needs none.
func TestCSRF(t *testing.T) {
	f := newFixture(t, openSQLite(t), false)
	f.addUsers()
	ed := f.sessions[hindsight.RoleEditor]
	statusForm := url.Values{"status": {"in_review"}}
	cases := []struct {
		name string
		r    req
		want int
	}{
		{"form without token", req{method: "POST", path: "/postmortems/" + f.ids[0] + "/status", form: statusForm, session: ed}, forb},
		{"form with a wrong token", req{method: "POST", path: "/postmortems/" + f.ids[0] + "/status",
			form: url.Values{"status": {"in_review"}, csrfField: {sessionCSRF("another session")}}, session: ed}, forb},
		{"api by cookie without header", req{method: "POST", path: "/api/v1/postmortems/" + f.ids[0] + "/status",
			body: `{"status":"in_review"}`, ctype: "application/json", session: ed}, forb},
		{"login without token", req{method: "POST", path: "/login", form: url.Values{"name": {"admin"}, "password": {"correct horse battery"}}}, forb},
		{"cross-site form with token", req{method: "POST", path: "/postmortems/" + f.ids[0] + "/status", form: statusForm, session: ed, csrf: true,
			header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, forb},
		{"form with token", req{method: "POST", path: "/postmortems/" + f.ids[0] + "/status", form: statusForm, session: ed, csrf: true}, see},
		{"bearer token needs none", req{method: "POST", path: "/api/v1/postmortems/" + f.ids[1] + "/status",
			body: `{"status":"in_review"}`, ctype: "application/json", bearer: f.token}, ok},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			w := f.do(c.r)
			if w.Code != c.want {
				t.Errorf("status %d, want %d: %s", w.Code, c.want, firstLine(w.Body.String()))
			}
		})
	}
	// Nothing changed by the refused requests.
	sp, err := f.store.Postmortem(context.Background(), f.ids[0], 0)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Revision != 2 {
		t.Errorf("revision %d after one accepted status change, want 2", sp.Revision)
	}
}

// TestUploadsNeverActive: an SVG or HTML board with script is read as a
// board, never served as itself; the page that shows what was read escapes
// it, and the headers forbid inline script.
func TestUploadsNeverActive(t *testing.T) {
	f := newFixture(t, openSQLite(t), true)
	evil := map[string]string{
		"evil.svg":  `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><text x="1" y="1">14:02 deploy started</text></svg>`,
		"evil.html": `<html><body><script>alert(3)</script><p>14:02 — deploy <img src=x onerror=alert(4)> started</p></body></html>`,
		"evil.jpg":  `<html><script>alert(5)</script></html>`,
	}
	for name, body := range evil {
		for _, field := range []string{"photo", "file"} {
			t.Run(name+"_"+field, func(t *testing.T) {
				w := f.postMultipart("/snap", field, name, []byte(body))
				got := w.Body.String()
				for _, bad := range []string{"<script>alert", "onload=\"alert", "onerror=alert", "<svg xmlns", "data:image/svg", "data:text/html"} {
					if strings.Contains(got, bad) {
						t.Errorf("the response to %s holds %q unescaped", name, bad)
					}
				}
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q", ct)
				}
				checkSecurityHeaders(t, w)
			})
		}
	}
	// Saved with script in its text, a postmortem page escapes it.
	w := f.do(req{method: "POST", path: "/snap/draft", csrf: true, form: url.Values{
		"text": {"<script>alert(6)</script> outage\nTimeline:\n14:02 — deploy <img src=x onerror=alert(7)>\n14:05 — errors"}}})
	if w.Code != see {
		t.Fatalf("draft: %d %s", w.Code, firstLine(w.Body.String()))
	}
	loc := strings.TrimSuffix(w.Header().Get("Location"), "/edit?done=created")
	for _, p := range []string{loc, loc + "/edit", loc + "/print", loc + "/markdown"} {
		w := f.do(req{method: "GET", path: p})
		if w.Code != ok {
			t.Fatalf("GET %s: %d", p, w.Code)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<img"} {
			if strings.Contains(w.Body.String(), bad) {
				t.Errorf("GET %s holds %q unescaped", p, bad)
			}
		}
	}
}

func checkSecurityHeaders(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	h := w.Header()
	csp := h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src 'unsafe-inline'") ||
		(!strings.Contains(csp, "script-src 'self'") && !strings.Contains(csp, "default-src 'none'")) {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
		t.Errorf("headers %v", h)
	}
}

// TestUploadPostmortemJSON: a postmortem in JSON (snap --format json)
// uploaded on the snap page becomes a draft as it is; other JSON is
// refused, saying what Hindsight reads.
func TestUploadPostmortemJSON(t *testing.T) {
	f := newFixture(t, openSQLite(t), true)
	pm, err := snap.Bytes("board.txt", []byte("TIMELINE\n14:02 deploy v2.41\n14:09 5xx alerts fire\n14:32 rolled back to v2.40\n"), snap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pm.Template = "database"
	data, err := json.Marshal(pm)
	if err != nil {
		t.Fatal(err)
	}
	w := f.postMultipart("/snap", "file", "pm.json", data)
	loc := w.Header().Get("Location")
	if w.Code != see || !strings.HasSuffix(loc, "/edit?done=created") {
		t.Fatalf("upload of pm.json: %d %q %s", w.Code, loc, firstLine(w.Body.String()))
	}
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/postmortems/"), "/edit?done=created")
	var got struct {
		Template, Status string
		MilestoneClocks  struct {
			RollbackEnd *string `json:"rollback_end"`
		} `json:"milestone_clocks"`
	}
	body := f.do(req{method: "GET", path: "/api/v1/postmortems/" + id}).Body.Bytes()
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("GET the draft: %v: %s", err, body)
	}
	if p := got; p.Template != "database" || p.Status != "draft" || p.MilestoneClocks.RollbackEnd == nil || *p.MilestoneClocks.RollbackEnd != "14:32" {
		t.Errorf("the draft made from pm.json: template %q, status %q, rollback end %v; want database, draft, 14:32: %s", p.Template, p.Status, p.MilestoneClocks.RollbackEnd, body)
	}
	w = f.postMultipart("/snap", "file", "package.json", []byte(`{"name": "x"}`))
	if w.Code == see || !strings.Contains(w.Body.String(), "holds JSON, not notes") {
		t.Errorf("upload of package.json: %d %s", w.Code, firstLine(w.Body.String()))
	}
	// One broken by an edit says what is wrong with it.
	broken := strings.Replace(string(data), `"timeline":[`, `"timeline":5,"x":[`, 1)
	w = f.postMultipart("/snap", "file", "pm.json", []byte(broken))
	if body := w.Body.String(); w.Code != http.StatusBadRequest || !strings.Contains(body, "is a postmortem in JSON that Hindsight cannot read") {
		t.Errorf("upload of a pm.json with \"timeline\": 5: %d %s", w.Code, body[strings.Index(body, "<main"):][:400])
	}
}

// countingReader counts what the server read of a request body.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestUploadTooLarge: an upload over the limit is refused after reading no
// more than the limit, with the file first and the CSRF field after it
// (the CSRF check reads the form), and nothing of it is written to disk.
// It was read whole (200 MB), spilling to a temporary file, and only then
// refused.
func TestUploadTooLarge(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := newFixture(t, openSQLite(t), true)
	for _, size := range []int{2 * maxUpload, 20 << 20} {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			fw, _ := mw.CreateFormFile("photo", "board.jpg")
			chunk := bytes.Repeat([]byte{0xff}, 1<<20)
			fw.Write([]byte("\xff\xd8\xff\xe0")) // a JPEG, by its start
			for written := 0; written < size; written += len(chunk) {
				if _, err := fw.Write(chunk); err != nil {
					pw.CloseWithError(err)
					return
				}
			}
			mw.WriteField(csrfField, strings.Repeat("c", 32))
			pw.CloseWithError(mw.Close())
		}()
		body := &countingReader{r: pr}
		hr := httptest.NewRequest("POST", "/snap", body)
		hr.Header.Set("Content-Type", mw.FormDataContentType())
		hr.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("c", 32)})
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, hr)
		pr.CloseWithError(io.ErrClosedPipe)
		if size > maxUpload {
			if w.Code != http.StatusRequestEntityTooLarge || body.n > maxUpload+64<<10 {
				t.Errorf("%d MB upload: status %d after reading %d MB; want 413 after at most the %d MB limit",
					size>>20, w.Code, body.n>>20, maxUpload>>20)
			}
		} else if w.Code == http.StatusForbidden || w.Code == http.StatusRequestEntityTooLarge {
			t.Errorf("%d MB upload, under the limit: status %d", size>>20, w.Code)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("%d MB upload: %d files written to the temporary folder (%s)", size>>20, len(left), left[0].Name())
		}
	}
}

// TestSafeNext: where a login or a form sends the browser back is a path
// on this site; a tab or line break, which browsers drop ("/\t/evil" is
// "//evil"), makes it the home page.
func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/actions?owner=sam": "/actions?owner=sam", "/postmortems/x": "/postmortems/x", "": "/",
		"//evil.example": "/", "https://evil.example": "/", "/\\evil": "/", "/\t/evil.example": "/",
		"/\n/evil.example": "/", "/\r/evil.example": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
