package photo

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/hindsight-dev/hindsight"
)

// handModel is the Tesseract model the reader uses unless Options.Language
// names another: Debian's English LSTM model fine-tuned on synthetic
// whiteboard lines in handwriting and print fonts (scripts/train-hand.sh;
// docs/photo.md has what it gains). It is about as fast as the English
// model it comes from.
//
//go:embed hand.traineddata
var handModel []byte

// HandLanguage is the name of the built-in model.
const HandLanguage = "hand"

// handDir is the folder the built-in model was installed in, once an
// install has succeeded; a failed one is tried again on the next read.
var handDir struct {
	sync.Mutex
	dir string
}

// installed reports whether dir holds the whole built-in model. A folder
// can lose it while the process runs: a cleaner of old temporary files
// under a long-running hindsight serve, or a user who deleted it as an
// error said to.
func installed(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, HandLanguage+".traineddata"))
	return err == nil && fi.Size() == int64(len(handModel))
}

// language returns the tessdata folder ("" for Tesseract's own) and the
// language to read with.
func language(opt *Options) (dir, lang string, err error) {
	if opt.Language != "" && opt.Language != HandLanguage {
		return "", opt.Language, nil
	}
	handDir.Lock()
	defer handDir.Unlock()
	if handDir.dir == "" || !installed(handDir.dir) {
		if handDir.dir, err = installHand(); err != nil {
			return "", "", err
		}
	}
	return handDir.dir, HandLanguage, nil
}

// installHand writes the built-in model where Tesseract can read it: a
// folder named by the model's hash in the user's cache (or the temporary
// folder), so a new model never meets an old file. The write goes through a
// temporary file and a rename, so a crash or a second process never leaves
// half a model.
func installHand() (string, error) {
	sum := sha256.Sum256(handModel)
	name := "tessdata-" + hex.EncodeToString(sum[:6])
	var firstErr error
	for _, base := range cacheBases() {
		dir := filepath.Join(base, "hindsight", name)
		if installed(dir) {
			return dir, nil
		}
		err := writeModel(dir, filepath.Join(dir, HandLanguage+".traineddata"))
		if err == nil {
			return dir, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return "", &hindsight.Error{Code: hindsight.EINTERNAL,
		Message: "cannot write the photo reader's model to a cache folder; set XDG_CACHE_HOME to a writable folder", Err: firstErr}
}

func cacheBases() []string {
	var bases []string
	if d, err := os.UserCacheDir(); err == nil {
		bases = append(bases, d)
	}
	return append(bases, os.TempDir())
}

func writeModel(dir, path string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".model-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename, this finds nothing
	if _, err := f.Write(handModel); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("install %s: %w", path, err)
	}
	return nil
}
