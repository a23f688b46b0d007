package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/photo"
	"github.com/hindsight-dev/hindsight/snap"
)

// Upload limits: a photo is refused over the photo reader's limits (40 MB,
// 64 megapixels, checked by the reader before decoding), typed notes over
// the text limit (8 MB).
const (
	maxUpload = photo.DefaultMaxBytes + 1<<20 // the photo plus the form's other fields
	maxText   = board.MaxSize
)

func (s *Server) snapPage(w http.ResponseWriter, r *http.Request, id *identity) error {
	s.render(w, r, id, http.StatusOK, "snap", "Snap a board", map[string]any{
		"Templates": s.templates.Names(), "Date": s.today(), "Template": "deployment"})
	return nil
}

// reviewLine is one line read from the board, for the review page.
type reviewLine struct {
	Text      string
	Uncertain bool
}

// safeName keeps an uploaded file's base name for messages and for telling
// drawings apart by extension; it never names a file on disk.
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 || b.String() == "." || b.String() == ".." {
		return "board"
	}
	return b.String()
}

var errUploadTooLarge = hindsight.Errorf(hindsight.ETOOLARGE, "the upload is over the %d MB limit for a photo", photo.DefaultMaxBytes>>20)

// readUpload returns the board the snap form sent: a photo, a drawing or
// notes file, or pasted notes, held in memory only.
func readUpload(w http.ResponseWriter, r *http.Request) (name string, data []byte, err error) {
	if err := parseUpload(w, r); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, errUploadTooLarge
		}
		if err := r.ParseForm(); err != nil {
			return "", nil, hindsight.Errorf(hindsight.EINVALID, "the form could not be read: %v", err)
		}
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
		for _, field := range []string{"photo", "file"} {
			fhs := r.MultipartForm.File[field]
			if len(fhs) == 0 || fhs[0].Size == 0 {
				continue
			}
			f, err := fhs[0].Open()
			if err != nil {
				return "", nil, err
			}
			data, err = io.ReadAll(io.LimitReader(f, photo.DefaultMaxBytes+1))
			f.Close()
			if err != nil {
				return "", nil, err
			}
			if len(data) > photo.DefaultMaxBytes {
				return "", nil, hindsight.Errorf(hindsight.ETOOLARGE, "the file is over the %d MB limit for a photo", photo.DefaultMaxBytes>>20)
			}
			return safeName(fhs[0].Filename), data, nil
		}
	}
	notes := strings.ReplaceAll(r.PostFormValue("notes"), "\r\n", "\n")
	if strings.TrimSpace(notes) == "" {
		return "", nil, hindsight.Errorf(hindsight.EINVALID, "nothing to read: take a photo, choose a file, or paste the notes")
	}
	if len(notes) > maxText {
		return "", nil, hindsight.Errorf(hindsight.ETOOLARGE, "the notes are over the %d MB limit", maxText>>20)
	}
	return "notes.txt", []byte(notes), nil
}

func (s *Server) snapUpload(w http.ResponseWriter, r *http.Request, id *identity) error {
	// refuse shows the snap form again, with what was typed and why the
	// upload cannot be read.
	refuse := func(err error) error {
		if hindsight.ErrorCode(err) == hindsight.EINTERNAL {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, id, statusOf(err), "snap", "Snap a board", map[string]any{
			"Templates": s.templates.Names(), "Date": r.PostFormValue("date"), "Template": r.PostFormValue("template"),
			"Notes": r.PostFormValue("notes"), "Error": message(err)})
		return nil
	}
	name, data, err := readUpload(w, r)
	if err != nil {
		return refuse(err)
	}
	// A postmortem in JSON broken by an edit says so, not that it is some
	// other JSON.
	if pm, ok, err := hindsight.ReadJSON(name, data); ok {
		switch {
		case err != nil:
			return refuse(err)
		case len(data) > maxText: // the limit save and import have for a postmortem, not a photo's
			return refuse(hindsight.Errorf(hindsight.ETOOLARGE, "%s is a postmortem in JSON over the %d MB limit for a postmortem", name, maxText>>20))
		}
		// A postmortem already made (snap --format json): nothing to read
		// or review; it becomes a draft as it is.
		t, err := s.templates.Get(pm.Template)
		if err != nil {
			t, err = s.templates.Get("")
		}
		if err != nil {
			return err
		}
		pm.ID, pm.Status, pm.Template = "", "draft", t.Name
		res, _, err := s.saveDoc(r.Context(), pm, 0, id.User)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/postmortems/"+url.PathEscape(res.ID)+"/edit?done=created", http.StatusSeeOther)
		return nil
	}
	b, err := snap.ReadBytes(r.Context(), name, data, s.read)
	if err != nil {
		return refuse(err)
	}
	data2 := map[string]any{"Name": name, "Date": r.PostFormValue("date"), "Template": r.PostFormValue("template")}
	if name == "notes.txt" || !spatial(b) {
		data2["Text"] = string(data)
		if name != "notes.txt" {
			data2["Text"] = boardText(b)
		}
	} else {
		data2["Lines"] = reviewLines(b)
	}
	// A raster photo is shown beside the text as a data: URI of its own
	// sniffed type; nothing else uploaded is ever shown as itself.
	if photo.Sniff(data) {
		switch ct := http.DetectContentType(data); ct {
		case "image/jpeg", "image/png":
			data2["Photo"] = urlSafeDataURI(ct, data)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, id, http.StatusOK, "review", "Review what was read", data2)
	return nil
}

// urlSafeDataURI is the photo as a data: URI. ct is image/jpeg or
// image/png, sniffed from the bytes, so the URI is trusted as an image
// source; it never holds SVG or HTML.
func urlSafeDataURI(ct string, data []byte) template.URL {
	return template.URL("data:" + ct + ";base64," + base64.StdEncoding.EncodeToString(data))
}

func spatial(b *board.Board) bool {
	for _, bl := range b.Blocks {
		if bl.Pos != nil {
			return true
		}
	}
	return false
}

func boardText(b *board.Board) string {
	var sb strings.Builder
	for _, bl := range b.Blocks {
		sb.WriteString(bl.Text)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// reviewLines are the board's lines with a blank line between columns, as
// photo.Text writes them, and the reader's doubt on each.
func reviewLines(b *board.Board) []reviewLine {
	var out []reviewLine
	i := 0
	for _, l := range strings.Split(strings.TrimRight(photo.Text(b), "\n"), "\n") {
		if l == "" || i >= len(b.Blocks) {
			out = append(out, reviewLine{})
			continue
		}
		out = append(out, reviewLine{Text: b.Blocks[i].Text, Uncertain: b.Blocks[i].Uncertain})
		i++
	}
	return out
}

// snapDraft builds the postmortem from the reviewed text and saves it as a
// draft.
func (s *Server) snapDraft(w http.ResponseWriter, r *http.Request, id *identity) error {
	ctx := r.Context()
	r.Body = http.MaxBytesReader(w, r.Body, maxText+1<<20)
	if err := r.ParseForm(); err != nil {
		return hindsight.Errorf(hindsight.ETOOLARGE, "the reviewed text is over the %d MB limit", maxText>>20)
	}
	var opt snap.Options
	if d := r.PostFormValue("date"); d != "" {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return hindsight.Errorf(hindsight.EINVALID, "%q is not a date: use YYYY-MM-DD", d)
		}
		opt.Year, opt.Month, opt.Day = t.Year(), int(t.Month()), t.Day()
	}
	t, err := s.templates.Get(r.PostFormValue("template"))
	if err != nil {
		return err
	}
	name := safeName(r.PostFormValue("name"))
	var pm *hindsight.Postmortem
	if lines, ok := r.PostForm["line"]; ok {
		// Lines the reader was unsure of stay [UNVERIFIED] unless corrected.
		unsure := map[string]bool{}
		for _, u := range r.PostForm["unsure"] {
			unsure[u] = true
		}
		orig := r.PostForm["orig"]
		b := &board.Board{Name: name}
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			key := itoa(i)
			changed := i >= len(orig) || orig[i] != l
			b.Blocks = append(b.Blocks, board.Block{Text: l, Line: len(b.Blocks) + 1, Source: "ocr", Uncertain: unsure[key] && !changed})
		}
		if len(b.Blocks) == 0 {
			return hindsight.Errorf(hindsight.EINVALID, "every line is empty: go back and keep some text")
		}
		pm = snap.Board(b, opt)
	} else {
		text := strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n")
		if strings.TrimSpace(text) == "" {
			return hindsight.Errorf(hindsight.EINVALID, "the text is empty: go back and paste the notes")
		}
		pm, err = snap.Bytes(name, []byte(text), opt)
		if err != nil {
			return err
		}
	}
	pm.Template, pm.Status = t.Name, "draft"
	res, _, err := s.saveDoc(ctx, pm, 0, id.User)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/postmortems/"+url.PathEscape(res.ID)+"/edit?done=created", http.StatusSeeOther)
	return nil
}
