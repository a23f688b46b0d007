package photo

import (
	"bufio"
	"bytes"
	"html"
	"regexp"
	"strconv"
)

// hocrWord is a word of Tesseract's hOCR output with the LSTM's choices at
// each of its timesteps (lstm_choice_mode=1).
type hocrWord struct {
	page  int // 1 for the first image
	box   rect
	steps []step
}

var (
	hocrPageRe   = regexp.MustCompile(`class='ocr_page'`)
	hocrWordRe   = regexp.MustCompile(`class='ocrx_word' id='[^']*' title='bbox (\d+) (\d+) (\d+) (\d+);`)
	hocrStepRe   = regexp.MustCompile(`class='ocrx_cinfo' id='timestep`)
	hocrChoiceRe = regexp.MustCompile(`class='ocrx_cinfo' id='choice[^']*' title='x_confs ([0-9.]+)'>([^<]*)</span>`)
)

// parseHOCR reads the words and their timesteps from hOCR written with
// lstm_choice_mode=1: one line per word, timestep and choice.
func parseHOCR(data []byte) []hocrWord {
	var words []hocrWord
	page := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		b := sc.Bytes()
		if hocrPageRe.Match(b) {
			page++
			continue
		}
		if m := hocrWordRe.FindSubmatch(b); m != nil {
			var n [4]float64
			for i := range n {
				n[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
			}
			words = append(words, hocrWord{page: page, box: rect{n[0], n[1], n[2], n[3]}})
			continue
		}
		if len(words) == 0 {
			continue
		}
		w := &words[len(words)-1]
		if hocrStepRe.Match(b) {
			w.steps = append(w.steps, nil)
		}
		for _, m := range hocrChoiceRe.FindAllSubmatch(b, -1) {
			if len(w.steps) == 0 {
				continue
			}
			p, err := strconv.ParseFloat(string(m[1]), 64)
			if err != nil {
				continue
			}
			s := &w.steps[len(w.steps)-1]
			*s = append(*s, choice{text: html.UnescapeString(string(m[2])), p: p / 100})
		}
	}
	return words
}
