// Package model reads a whiteboard photo with a vision model behind an
// OpenAI-compatible chat-completions endpoint (Ollama, vLLM, llama.cpp's
// server, a hosted API). It is for handwriting, which Tesseract reads
// poorly. Nothing is sent anywhere unless an endpoint is configured; the
// photo is downscaled before it is sent; the answer is validated, and every
// line the model is not sure of is marked Uncertain (so [UNVERIFIED] in the
// postmortem).
package model

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hindsight-dev/hindsight"
	"github.com/hindsight-dev/hindsight/board"
	"github.com/hindsight-dev/hindsight/board/photo"
)

// Options configure the model reader.
type Options struct {
	// URL is the API's base URL, e.g. http://localhost:11434/v1 for Ollama.
	// Empty means no model: nothing is sent.
	URL string
	// Model names the model, e.g. qwen2.5vl.
	Model string
	// Key is sent as a bearer token when set.
	Key string
	// Timeout limits one reading; default 120s (a vision model on a CPU is
	// slow).
	Timeout time.Duration
	// MaxSide is the longest side, in pixels, of the image sent; default 1600.
	MaxSide int
	// Client sends the request; default http.DefaultClient with Timeout.
	Client *http.Client
	// Photo holds the photo checks (limits, HEIC converter).
	Photo photo.Options
}

// Defaults.
const (
	DefaultTimeout = 120 * time.Second
	DefaultMaxSide = 1600
	maxAnswer      = 1 << 20 // bytes of answer read
	maxLines       = 2000
	maxLineLen     = 500
)

// FromEnv reads the options from HINDSIGHT_MODEL_URL, HINDSIGHT_MODEL,
// HINDSIGHT_MODEL_KEY and HINDSIGHT_MODEL_TIMEOUT (a Go duration, "3m", or
// a number of seconds, "90", "1.5").
func FromEnv() Options {
	o := Options{URL: os.Getenv("HINDSIGHT_MODEL_URL"), Model: os.Getenv("HINDSIGHT_MODEL"), Key: os.Getenv("HINDSIGHT_MODEL_KEY")}
	t := strings.TrimSpace(os.Getenv("HINDSIGHT_MODEL_TIMEOUT"))
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		t += "s" // "90", "1.5": seconds
	}
	if d, err := time.ParseDuration(t); err == nil && d > 0 {
		o.Timeout = d
	}
	return o
}

// Enabled reports whether an endpoint is configured.
func (o Options) Enabled() bool { return strings.TrimSpace(o.URL) != "" }

// Prompt is what the model is asked.
const Prompt = `You transcribe photos of whiteboards from deployment postmortems.
Copy the text exactly as written: do not correct, complete, translate or summarise it, and do not add anything that is not on the board.
Read column by column, left to right; within a column, top to bottom. Keep each written line as one line.
Answer with JSON only, in this shape:
{"columns": [{"heading": "TIMELINE", "lines": [{"text": "14:02 deploy v2.41 to prod", "sure": true}]}]}
Set "sure" to false for every line you cannot read with confidence. Use an empty heading when a column has none.`

// Read reads a whiteboard photo with the model.
func Read(ctx context.Context, name string, data []byte, opt Options) (*board.Board, error) {
	if !opt.Enabled() {
		return nil, hindsight.Errorf(hindsight.EINVALID, "no model endpoint is configured: set HINDSIGHT_MODEL_URL (and HINDSIGHT_MODEL)")
	}
	if opt.Model == "" {
		return nil, hindsight.Errorf(hindsight.EINVALID, "HINDSIGHT_MODEL is not set: name the vision model to use, e.g. HINDSIGHT_MODEL=qwen2.5vl")
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxSide <= 0 {
		opt.MaxSide = DefaultMaxSide
	}
	img, err := photo.Upright(ctx, name, data, opt.MaxSide, opt.Photo)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	content, err := ask(ctx, opt, img)
	if err != nil {
		return nil, err
	}
	return parseAnswer(name, content)
}

type message struct {
	Role    string `json:"role"`
	Content any    `json:"content"`
}

type part struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	ImageURL *imageURL `json:"image_url,omitempty"`
}

type imageURL struct {
	URL string `json:"url"`
}

type request struct {
	Model          string            `json:"model"`
	Messages       []message         `json:"messages"`
	Temperature    float64           `json:"temperature"`
	ResponseFormat map[string]string `json:"response_format"`
}

type response struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// ask sends the image and returns the model's answer text.
func ask(ctx context.Context, opt Options, img []byte) (string, error) {
	body, _ := json.Marshal(request{
		Model: opt.Model,
		Messages: []message{
			{Role: "system", Content: Prompt},
			{Role: "user", Content: []part{
				{Type: "text", Text: "Transcribe this whiteboard."},
				{Type: "image_url", ImageURL: &imageURL{URL: "data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(img)}},
			}},
		},
		ResponseFormat: map[string]string{"type": "json_object"},
	})
	endpoint := strings.TrimRight(opt.URL, "/") + "/chat/completions"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return "", hindsight.Errorf(hindsight.EINVALID, "HINDSIGHT_MODEL_URL %q is not a URL: %v", opt.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if opt.Key != "" {
		req.Header.Set("Authorization", "Bearer "+opt.Key)
	}
	client := opt.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", transportError(ctx, opt, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return "", transportError(ctx, opt, err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", statusError(opt, resp.StatusCode, raw)
	}
	if len(raw) > maxAnswer {
		return "", hindsight.Errorf(hindsight.EINVALID, "the model's answer is over %d KB: not a board's text; try another model", maxAnswer>>10)
	}
	var r response
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Choices) == 0 {
		return "", hindsight.Errorf(hindsight.EINVALID, "%s did not answer like an OpenAI-compatible chat-completions API (%s); check HINDSIGHT_MODEL_URL (it usually ends in /v1)",
			endpoint, snippet(raw))
	}
	return r.Choices[0].Message.Content, nil
}

func transportError(ctx context.Context, opt Options, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return hindsight.Errorf(hindsight.EINVALID, "the model at %s did not answer within %s; a model on a CPU can be slow: set HINDSIGHT_MODEL_TIMEOUT=5m, or unset HINDSIGHT_MODEL_URL to read the photo with Tesseract",
			opt.URL, opt.Timeout)
	}
	var nerr net.Error
	if errors.As(err, &nerr) || strings.Contains(err.Error(), "connection refused") {
		return &hindsight.Error{Code: hindsight.EINVALID, Err: err,
			Message: fmt.Sprintf("cannot reach the model endpoint at %s: is it running (for Ollama: ollama serve)? Or unset HINDSIGHT_MODEL_URL to read the photo with Tesseract", opt.URL)}
	}
	return &hindsight.Error{Code: hindsight.EINVALID, Message: "ask the model at " + opt.URL, Err: err}
}

func statusError(opt Options, code int, body []byte) error {
	var hint string
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		hint = "check HINDSIGHT_MODEL_KEY"
	case code == http.StatusNotFound:
		hint = fmt.Sprintf("check that HINDSIGHT_MODEL_URL ends in /v1 and that the model %q exists (for Ollama: ollama pull %s)", opt.Model, opt.Model)
	case code == http.StatusTooManyRequests:
		hint = "the endpoint is rate-limiting: try again in a minute"
	case code >= 500:
		hint = "the endpoint failed; its logs will say why"
	default:
		hint = "the endpoint refused the request"
	}
	return hindsight.Errorf(hindsight.EINVALID, "the model endpoint answered HTTP %d (%s): %s", code, snippet(body), hint)
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	if s == "" {
		s = "empty body"
	}
	return s
}

// answer is the JSON the model is asked for. A line may be a bare string.
type answer struct {
	Columns []struct {
		Heading string            `json:"heading"`
		Lines   []json.RawMessage `json:"lines"`
	} `json:"columns"`
}

type line struct {
	Text string `json:"text"`
	Sure *bool  `json:"sure"`
}

// parseAnswer validates the model's answer and turns it into a board.
func parseAnswer(name, content string) (*board.Board, error) {
	content = strings.TrimSpace(content)
	// Some models wrap JSON in a Markdown fence despite being asked not to.
	if strings.HasPrefix(content, "```") {
		content = strings.TrimPrefix(content, "```json")
		content = strings.TrimPrefix(content, "```")
		content = strings.TrimSuffix(strings.TrimSpace(content), "```")
	}
	malformed := func(why string) error {
		return hindsight.Errorf(hindsight.EINVALID, "%s: the model's answer is not the board text asked for (%s): %s; try another model, or unset HINDSIGHT_MODEL_URL to read the photo with Tesseract",
			name, why, snippet([]byte(content)))
	}
	var a answer
	dec := json.NewDecoder(strings.NewReader(content))
	if err := dec.Decode(&a); err != nil {
		return nil, malformed("not JSON")
	}
	if len(a.Columns) == 0 {
		return nil, malformed("no columns")
	}
	b := &board.Board{Name: name}
	add := func(text string, uncertain bool) {
		b.Blocks = append(b.Blocks, board.Block{Text: text, Line: len(b.Blocks) + 1, Source: "model", Uncertain: uncertain})
	}
	total := 0
	for i, col := range a.Columns {
		if i > 0 {
			add("", false)
		}
		if h := clean(col.Heading); h != "" {
			add("## "+h, false)
		}
		for _, raw := range col.Lines {
			var l line
			if err := json.Unmarshal(raw, &l.Text); err != nil {
				if err := json.Unmarshal(raw, &l); err != nil {
					return nil, malformed("a line is neither text nor {text, sure}")
				}
			}
			text := clean(l.Text)
			if text == "" {
				continue
			}
			if len(text) > maxLineLen {
				return nil, malformed("a line is too long for a whiteboard")
			}
			if total++; total > maxLines {
				return nil, malformed("more lines than a whiteboard holds")
			}
			add(text, l.Sure != nil && !*l.Sure)
		}
	}
	if total == 0 {
		return nil, hindsight.Errorf(hindsight.EINVALID, "%s: the model found no text on the board; check the photo, or read it with Tesseract", name)
	}
	return b, nil
}

// clean keeps a line to one line of printable text.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\t' || r < ' ' }), " ")
}
