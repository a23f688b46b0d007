package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/hindsight-dev/hindsight"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// asset is one embedded static file, served under a name with its checksum
// ("app.3f2a9c1e.css") so it can be cached for ever.
type asset struct {
	name, ctype string
	body        []byte
}

var assets, assetNames = loadAssets()

func loadAssets() (map[string]*asset, map[string]string) {
	byHashed := map[string]*asset{}
	names := map[string]string{}
	ents, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range ents {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
		ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
			".svg": "image/svg+xml", ".ico": "image/x-icon"}[ext]
		byHashed[hashed] = &asset{name: hashed, ctype: ctype, body: b}
		names[e.Name()] = "/static/" + hashed
	}
	return byHashed, names
}

func (s *Server) static(w http.ResponseWriter, r *http.Request, _ *identity) error {
	a := assets[r.PathValue("name")]
	if a == nil {
		return hindsight.Errorf(hindsight.ENOTFOUND, "no static file %s", r.PathValue("name"))
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.body)
	return nil
}

// pageSet holds every page template, each parsed with the layout once at
// start-up.
type pageSet struct {
	pages map[string]*template.Template
}

var funcs = template.FuncMap{
	"asset": func(name string) string { return assetNames[name] },
	"human": func(s any) string { return strings.ReplaceAll(fmt.Sprint(s), "_", " ") },
	"join":  strings.Join,
	"minutes": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return fmt.Sprintf("%.0f min", *p)
	},
	"add": func(a, b int) int { return a + b },
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"contains": func(list []string, s string) bool {
		for _, v := range list {
			if v == s {
				return true
			}
		}
		return false
	},
	"str":  func(v any) string { return fmt.Sprint(v) },
	"list": func(xs ...string) []string { return xs },
	// field is a form field of the draft page: the value the user typed
	// when the form came back with errors, else the model's.
	"field": func(v *editView, name, label, value string) formField {
		f := formField{Name: name, Label: label, Value: value, Error: v.Errors[name]}
		if raw, ok := v.Raw[name]; ok {
			f.Value = raw
		}
		return f
	},
	"val": func(v *editView, name, value string) string {
		if raw, ok := v.Raw[name]; ok {
			return raw
		}
		return value
	},
}

type formField struct{ Name, Label, Value, Error string }

func parsePages() (*pageSet, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		ps.pages[base] = t
	}
	return ps, nil
}

// view is what every page template gets.
type view struct {
	Title string
	Page  string
	Me    *identity
	CSRF  string
	Flash string
	Data  any
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a page; a template failure is a bug, logged, and answered
// with a plain 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, id *identity, status int, page, title string, data any) {
	t := s.pages.pages[page]
	if t == nil {
		panic("no page template " + page)
	}
	v := &view{Title: title, Page: page, Me: id, Data: data, Flash: flashes[r.URL.Query().Get("done")]}
	v.CSRF = s.csrfToken(w, r, id)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout.html", v); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// flashes are the messages a redirect may ask a page to show (?done=…):
// fixed texts, never text from the URL.
var flashes = map[string]string{
	"saved":     "Saved.",
	"unchanged": "Nothing changed since the last revision.",
	"kept":      "Saved. The document shows some action items with a status they had before; the history keeps their current status. Change a status on the action items list.",
	"status":    "Status changed.",
	"shared":    "Share link created: copy it below.",
	"revoked":   "Share link revoked.",
	"created":   "Draft saved. Check the timeline and action items, then move it to review.",
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// pageCache keeps rendered postmortem bodies by ID and content hash: the
// Markdown rendering and sanitising is the costly part of a postmortem page.
type pageCache struct {
	mu  sync.Mutex
	max int
	m   map[string]cachedBody
}

type cachedBody struct {
	body, lanes template.HTML
}

func newPageCache(max int) *pageCache { return &pageCache{max: max, m: map[string]cachedBody{}} }

func (c *pageCache) get(key string) (cachedBody, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *pageCache) put(key string, v cachedBody) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		for k := range c.m { // drop an arbitrary entry
			delete(c.m, k)
			break
		}
	}
	c.m[key] = v
}
