package document

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/hindsight-dev/hindsight"
)

//go:embed templates/*.yaml
var builtin embed.FS

// Template is a document layout: its sections in order, each showing one
// part of the postmortem, and which of them a finished document needs.
type Template struct {
	Name        string    `yaml:"name"`
	Description string    `yaml:"description"`
	Sections    []Section `yaml:"sections"`
	// Source is where the template was read from ("built in" or a path).
	Source string `yaml:"-"`
}

// Section is one section of a template.
type Section struct {
	Title string `yaml:"title"`
	// Part names what the section shows; see Parts.
	Part     string `yaml:"part"`
	Required bool   `yaml:"required"`
	// Prompt says what belongs here, for a section the notes do not fill.
	Prompt string `yaml:"prompt"`
}

// Parts lists the parts a template section can show, with what each holds.
// "notes:KIND" shows the team's own sections of that kind as written
// (for example notes:resolution, notes:went_wrong).
var Parts = map[string]string{
	"summary":           "the plain-language summary",
	"impact":            "who was affected, how and for how long (and how it was detected, when the template has no detection section)",
	"detection":         "how the problem was detected",
	"durations":         "the key durations and their milestones",
	"timeline":          "both timelines, split at the rollback decision",
	"deploy_timeline":   "the timeline up to the rollback decision",
	"rollback_timeline": "the timeline from the rollback decision",
	"failure":           "the deploy failure: failure point, category, missed gate",
	"rollback":          "every rollback attempt and its outcome",
	"recovery":          "when service was restored, and how that was confirmed",
	"trust_gap":         "whether rollback was assumed safe without being tested",
	"contributing":      "contributing factors",
	"actions":           "action items by bucket, with owner, priority and due date",
	"runbook":           "the runbook-update checklist",
	"lessons":           "lessons learned",
	"went_well":         "what went well",
	"notes":             "the notes' other sections, as written",
	"questions":         "open questions, unverified claims and what the notes lack",
	"language":          "blame-laden wording with suggestions",
}

// Validate reports the first problem with a template, in words a template
// author can act on.
func (t *Template) Validate() error {
	if t.Name == "" {
		return errors.New("the template has no name")
	}
	if len(t.Sections) == 0 {
		return fmt.Errorf("template %q has no sections", t.Name)
	}
	seen := map[string]bool{}
	for i, s := range t.Sections {
		if strings.TrimSpace(s.Title) == "" {
			return fmt.Errorf("template %q: section %d has no title", t.Name, i+1)
		}
		key := strings.ToLower(s.Title)
		if seen[key] {
			return fmt.Errorf("template %q: section %q appears twice", t.Name, s.Title)
		}
		seen[key] = true
		if _, ok := Parts[s.Part]; !ok && !strings.HasPrefix(s.Part, "notes:") {
			return fmt.Errorf("template %q: section %q shows unknown part %q; parts are %s, or notes:KIND",
				t.Name, s.Title, s.Part, strings.Join(partNames(), ", "))
		}
	}
	return nil
}

func partNames() []string {
	names := make([]string, 0, len(Parts))
	for p := range Parts {
		names = append(names, p)
	}
	sort.Strings(names)
	return names
}

// has reports whether the template shows the part.
func (t *Template) has(part string) bool {
	for _, s := range t.Sections {
		if s.Part == part {
			return true
		}
	}
	return false
}

// section returns the template section with the title (case-insensitive).
func (t *Template) section(title string) (Section, bool) {
	for _, s := range t.Sections {
		if strings.EqualFold(strings.TrimSpace(s.Title), strings.TrimSpace(title)) {
			return s, true
		}
	}
	return Section{}, false
}

// Templates holds the templates a command can use: the built-in ones and
// any read from the user's directories, which may replace a built-in one of
// the same name.
type Templates struct {
	byName map[string]*Template
}

// LoadTemplates returns the built-in templates plus those in dirs (each a
// directory of NAME.yaml files; a missing directory is an error, an empty
// dir string is skipped).
func LoadTemplates(dirs ...string) (*Templates, error) {
	ts := &Templates{byName: map[string]*Template{}}
	entries, _ := fs.Glob(builtin, "templates/*.yaml")
	for _, e := range entries {
		data, _ := builtin.ReadFile(e)
		t, err := parseTemplate(data, "built in")
		if err != nil {
			panic(fmt.Sprintf("built-in template %s: %v", e, err))
		}
		ts.byName[t.Name] = t
	}
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err == nil {
			more, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
			files = append(files, more...)
		}
		if _, statErr := os.Stat(dir); statErr != nil {
			return nil, hindsight.Errorf(hindsight.ENOTFOUND, "template directory %s: %v", dir, statErr)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, &hindsight.Error{Code: hindsight.EINVALID, Message: "read template " + f, Err: err}
			}
			t, err := parseTemplate(data, f)
			if err != nil {
				return nil, hindsight.Errorf(hindsight.EINVALID, "template %s: %v (see docs/templates.md)", f, err)
			}
			ts.byName[t.Name] = t
		}
	}
	return ts, nil
}

func parseTemplate(data []byte, source string) (*Template, error) {
	var t Template
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	t.Source = source
	return &t, t.Validate()
}

// Get returns the named template; "" names the default, deployment.
func (ts *Templates) Get(name string) (*Template, error) {
	if name == "" {
		name = "deployment"
	}
	if t, ok := ts.byName[name]; ok {
		return t, nil
	}
	return nil, hindsight.Errorf(hindsight.ENOTFOUND, "no template %q: the templates are %s (add your own with --templates DIR)",
		name, strings.Join(ts.Names(), ", "))
}

// Names lists the templates by name.
func (ts *Templates) Names() []string {
	names := make([]string, 0, len(ts.byName))
	for n := range ts.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// builtinTemplates is loaded once for callers that need no user templates.
var builtinTemplates, _ = LoadTemplates()

// Builtin returns the built-in templates.
func Builtin() *Templates { return builtinTemplates }
