package contract

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/loftgate/loftgate/contracts"
)

// checklistSource names the embedded checklist in errors.
const checklistSource = "contracts/checklist.yaml"

// Level says whether a checklist Item is required.
type Level string

// Levels of a checklist Item.
const (
	// LevelMust marks an item whose failure fails the run.
	LevelMust Level = "MUST"
	// LevelShould marks an item whose failure is reported but does not fail the run.
	LevelShould Level = "SHOULD"
)

// Areas a checklist Item may belong to; each has a suite under suites/.
var areas = []string{"oauth", "me", "errors", "ratelimit", "paging", "cadence", "webhooks", "migration", "records"}

// itemID is the form of an item ID: upper-case words joined by dashes, e.g. "AUTH-CODE-EXCHANGE".
var itemID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)

// faultName is the form of a simulator fault in `--fault` syntax:
// name[=value][@METHOD /path][#count], e.g. "drop_field=email@GET /v2/me".
var faultName = regexp.MustCompile(`^[a-z][a-z0-9_]*(=[^@#]+)?(@[A-Z]+ /\S+)?(#\d+)?$`)

// Checklist is the migration checklist: the items loftgate's specs prove.
type Checklist struct {
	// Version is the checklist's version, e.g. "1.0.0".
	Version string `yaml:"version"`
	// Items are the checklist items, in document order.
	Items []Item `yaml:"items"`
}

// Item is one checklist item. Every spec carries the Ginkgo label of the item it proves.
type Item struct {
	// ID is the stable identifier, e.g. "AUTH-REFRESH-ROTATION"; also the spec label.
	ID string `yaml:"id"`
	// Title is a short name for tables.
	Title string `yaml:"title"`
	// Level is LevelMust or LevelShould.
	Level Level `yaml:"level"`
	// Area is the suite the item belongs to: oauth, me, errors, ratelimit, paging, cadence,
	// webhooks or migration.
	Area string `yaml:"area"`
	// Source says where the requirement comes from, e.g. "API-FACTS §1.1".
	Source string `yaml:"source"`
	// Fault is the simulator fault, in `--fault` syntax, that makes the
	// item's check fail, or "" when none does.
	Fault string `yaml:"fault"`
	// Note explains an empty Fault, or how the fault is used.
	Note string `yaml:"note"`
	// Description states the requirement in MUST/SHOULD words.
	Description string `yaml:"description"`
}

// LoadChecklist returns the embedded checklist (contracts/checklist.yaml).
func LoadChecklist() (*Checklist, error) {
	return ParseChecklist(contracts.Checklist, checklistSource)
}

// ParseChecklist parses and checks a checklist: a version, and items with unique well-formed IDs,
// a known level and area, and every text field filled in (a Note when Fault is empty). Errors are
// *ParseError naming source and the line of the offending item.
func ParseChecklist(data []byte, source string) (*Checklist, error) {
	var cl Checklist
	fail, err := decodeList(data, source, &cl, "fix the checklist item")
	if err != nil {
		return nil, err
	}
	if cl.Version == "" {
		return nil, fail(-1, "the checklist has no version")
	}
	if len(cl.Items) == 0 {
		return nil, fail(-1, "the checklist has no items")
	}
	seen := map[string]bool{}
	for i, it := range cl.Items {
		switch {
		case !itemID.MatchString(it.ID):
			return nil, fail(i, "item %d: id %q must be upper-case words joined by dashes", i+1, it.ID)
		case seen[it.ID]:
			return nil, fail(i, "item %s: the id is used twice", it.ID)
		case it.Level != LevelMust && it.Level != LevelShould:
			return nil, fail(i, "item %s: level %q must be MUST or SHOULD", it.ID, it.Level)
		case !slices.Contains(areas, it.Area):
			return nil, fail(i, "item %s: area %q must be one of %v", it.ID, it.Area, areas)
		case it.Title == "" || it.Source == "" || it.Description == "":
			return nil, fail(i, "item %s: title, source and description are required", it.ID)
		case it.Fault == "" && it.Note == "":
			return nil, fail(i, "item %s: an item without a fault needs a note saying why", it.ID)
		case it.Fault != "" && !faultName.MatchString(it.Fault):
			return nil, fail(i, "item %s: fault %q is not in the simulator's --fault syntax name[=value][@METHOD /path][#count]", it.ID, it.Fault)
		}
		seen[it.ID] = true
	}
	return &cl, nil
}

// Item returns the item with the given ID.
func (c *Checklist) Item(id string) (Item, bool) {
	for _, it := range c.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// itemLines returns the line of each entry of the top-level "items" (or "operations") sequence.
func itemLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		key := m.Content[i].Value
		if key != "items" && key != "operations" {
			continue
		}
		var lines []int
		for _, n := range m.Content[i+1].Content {
			lines = append(lines, n.Line)
		}
		return lines
	}
	return nil
}

// decodeList decodes a YAML file of list entries (checklist items, catalog
// operations) into v, strictly (unknown keys are errors), and returns a
// function that builds a *ParseError naming the line of entry i.
func decodeList(data []byte, source string, v any, hint string) (func(i int, format string, args ...any) error, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(err, source)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return nil, yamlError(err, source)
	}
	lines := itemLines(&root)
	return func(i int, format string, args ...any) error {
		line := 0
		if i >= 0 && i < len(lines) {
			line = lines[i]
		}
		return &ParseError{Source: source, Line: line, Reason: fmt.Sprintf(format, args...), Hint: hint}
	}, nil
}
