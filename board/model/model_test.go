package model_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board/model"
	"github.com/hindsight-dev/hindsight/snap"
)

// photoPNG is a 1800x1200 "photo": over the 1200 limit the tests set, so
// the reader must downscale it.
func photoPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 1800, 1200))
	for i := range img.Pix {
		img.Pix[i] = 230
	}
	for x := 100; x < 1700; x++ {
		img.SetGray(x, 600, color.Gray{20})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const goodAnswer = `{"columns": [
 {"heading": "TIMELINE", "lines": [
   {"text": "14:02 deploy v2.41 to prod", "sure": true},
   {"text": "14:09 5xx alerts fire", "sure": true},
   {"text": "14:32 initiated rollback", "sure": false},
   "14:47 rollback complete",
   {"text": "15:10 all clear"}]},
 {"heading": "FIXES", "lines": ["add canary gate @dana P1 due 2026-12-01"]}]}`

// fake is an OpenAI-compatible endpoint that checks each request's shape
// and answers with content (or fails as told).
type fake struct {
	t       *testing.T
	content string
	status  int
	delay   time.Duration
	raw     string // a whole body to send instead of a chat completion
	got     *http.Request
	body    map[string]any
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.got = r
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		f.t.Errorf("request %s %s, want POST /v1/chat/completions", r.Method, r.URL.Path)
	}
	if err := json.NewDecoder(r.Body).Decode(&f.body); err != nil {
		f.t.Errorf("request body is not JSON: %v", err)
	}
	if f.delay > 0 {
		select {
		case <-time.After(f.delay):
		case <-r.Context().Done():
			return
		}
	}
	if f.status != 0 {
		w.WriteHeader(f.status)
		w.Write([]byte(`{"error": {"message": "model 'qwen2.5vl' not found"}}`))
		return
	}
	if f.raw != "" {
		w.Write([]byte(f.raw))
		return
	}
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": "qwen2.5vl",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": f.content}}},
	})
}

func serve(t *testing.T, f *fake) model.Options {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return model.Options{URL: srv.URL + "/v1", Model: "qwen2.5vl", Key: "sk-test", Timeout: 5 * time.Second, MaxSide: 1200}
}

func TestReadSuccess(t *testing.T) {
	f := &fake{content: goodAnswer}
	opt := serve(t, f)
	b, err := model.Read(context.Background(), "board.png", photoPNG(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	// The request: the key, the model, the prompt, and a downscaled image.
	if got := f.got.Header.Get("Authorization"); got != "Bearer sk-test" {
		t.Errorf("Authorization = %q", got)
	}
	if f.body["model"] != "qwen2.5vl" {
		t.Errorf("model = %v", f.body["model"])
	}
	msgs, _ := f.body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("messages = %v", f.body["messages"])
	}
	user := msgs[1].(map[string]any)["content"].([]any)
	url := user[1].(map[string]any)["image_url"].(map[string]any)["url"].(string)
	data, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(url, "data:image/jpeg;base64,"))
	if err != nil {
		t.Fatalf("image URL: %v", err)
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width > 1200 || cfg.Height > 1200 {
		t.Errorf("sent image %dx%d (%v), want at most 1200 on a side", cfg.Width, cfg.Height, err)
	}
	// The board: headings, lines, and the line the model was unsure of.
	var lines []string
	for _, bl := range b.Blocks {
		l := bl.Text
		if bl.Uncertain {
			l += " (unsure)"
		}
		lines = append(lines, l)
	}
	want := "## TIMELINE|14:02 deploy v2.41 to prod|14:09 5xx alerts fire|14:32 initiated rollback (unsure)|14:47 rollback complete|15:10 all clear||## FIXES|add canary gate @dana P1 due 2026-12-01"
	if got := strings.Join(lines, "|"); got != want {
		t.Errorf("board = %q\nwant    %q", got, want)
	}
	// And it makes a postmortem, the unsure line marked [UNVERIFIED].
	pm := snap.Board(b, snap.Options{Year: 2026, Month: 11, Day: 20})
	if d := pm.Durations.TimeToRecover; d == nil || *d != 68 {
		t.Errorf("time to recover = %v, want 68", d)
	}
	found := false
	for _, u := range pm.Unverified {
		if strings.Contains(u.Text, "initiated rollback") && strings.Contains(u.Reason, "unsure") {
			found = true
		}
	}
	if !found {
		t.Errorf("the unsure line is not unverified: %+v", pm.Unverified)
	}
}

func TestReadFencedAnswer(t *testing.T) {
	opt := serve(t, &fake{content: "```json\n" + goodAnswer + "\n```"})
	if _, err := model.Read(context.Background(), "board.png", photoPNG(t), opt); err != nil {
		t.Errorf("a fenced JSON answer: %v", err)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    *fake
		opt  func(model.Options) model.Options
		want string
	}{
		{"not JSON", &fake{content: "I see a whiteboard with a timeline."}, nil, "not JSON"},
		{"wrong shape", &fake{content: `{"text": "14:02 deploy"}`}, nil, "no columns"},
		{"bad line", &fake{content: `{"columns": [{"heading": "X", "lines": [42]}]}`}, nil, "neither text"},
		{"empty board", &fake{content: `{"columns": [{"heading": "", "lines": []}]}`}, nil, "no text"},
		{"not a chat completion", &fake{raw: `<html>nginx</html>`}, nil, "OpenAI-compatible"},
		{"HTTP 401", &fake{status: 401}, nil, "HINDSIGHT_MODEL_KEY"},
		{"HTTP 404", &fake{status: 404}, nil, "ollama pull qwen2.5vl"},
		{"HTTP 429", &fake{status: 429}, nil, "rate-limiting"},
		{"HTTP 500", &fake{status: 500}, nil, "HTTP 500"},
		{"timeout", &fake{content: goodAnswer, delay: 3 * time.Second},
			func(o model.Options) model.Options { o.Timeout = 300 * time.Millisecond; return o }, "did not answer within"},
		{"endpoint down", &fake{}, func(o model.Options) model.Options { o.URL = "http://127.0.0.1:1/v1"; return o }, "cannot reach"},
		{"no model named", &fake{}, func(o model.Options) model.Options { o.Model = ""; return o }, "HINDSIGHT_MODEL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := serve(t, tc.f)
			if tc.opt != nil {
				opt = tc.opt(opt)
			}
			_, err := model.Read(context.Background(), "board.png", photoPNG(t), opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Read = %v, want an error containing %q", err, tc.want)
			}
			if hindsight.ErrorCode(err) == hindsight.EINTERNAL {
				t.Errorf("error code internal for %v; these are the user's to act on", err)
			}
		})
	}
}

// TestNothingSentUnlessConfigured: without an endpoint, snap reads photos
// with Tesseract and never dials out; model.Read refuses.
func TestNothingSentUnlessConfigured(t *testing.T) {
	if model.FromEnv().Enabled() {
		t.Skip("HINDSIGHT_MODEL_URL is set in this environment")
	}
	if _, err := model.Read(context.Background(), "board.png", photoPNG(t), model.Options{}); err == nil || !strings.Contains(err.Error(), "HINDSIGHT_MODEL_URL") {
		t.Errorf("Read without an endpoint = %v", err)
	}
}

// TestTimeoutFromEnv: HINDSIGHT_MODEL_TIMEOUT takes a Go duration or a
// number of seconds; "3" was silently ignored, leaving the 2-minute wait.
func TestTimeoutFromEnv(t *testing.T) {
	for in, want := range map[string]time.Duration{"3": 3 * time.Second, "1.5": 1500 * time.Millisecond, "90s": 90 * time.Second, "5m": 5 * time.Minute, "soon": 0, "": 0, "-4": 0} {
		t.Setenv("HINDSIGHT_MODEL_TIMEOUT", in)
		if got := model.FromEnv().Timeout; got != want {
			t.Errorf("HINDSIGHT_MODEL_TIMEOUT=%q: timeout %v, want %v", in, got, want)
		}
	}
}
