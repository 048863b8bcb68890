package audit

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
)

// ruleInfo describes a rule for SARIF's tool.driver.rules.
var ruleInfo = []struct{ id, severity, text string }{
	{RuleUnknownEndpoint, SeverityError, "The code calls a method and path that are not in SalesLoft's v2 endpoint catalog."},
	{RuleCatalogOnly, SeverityWarning, "The operation exists but no conformance spec covers it (not modelled in the contract)."},
	{RuleLegacyJSONPath, SeverityInfo, "The path uses the legacy .json suffix."},
	{RuleAPIKeyEnv, SeverityWarning, "The code authenticates with a SalesLoft API key; partner applications must use OAuth 2.0."},
	{RuleAPIKeyHardcoded, SeverityError, "A SalesLoft API key is written in the source."},
	{RuleDeepPaging, SeverityWarning, "Deep paging (page above 100) pays a rate-limit surcharge; use an updated_at cursor."},
	{RuleWebhookAlgorithm, SeverityError, "A webhook signature check uses SHA-256; SalesLoft signs with HMAC-SHA1 of the raw body."},
	{RuleWebhookTimestamp, SeverityWarning, "A webhook check reads a timestamp header SalesLoft does not send."},
	{RuleDynamicCall, SeverityWarning, "Both the method and the path of a call come from the caller."},
	{RuleUnknownMethod, SeverityInfo, "The code does not state the HTTP method of a call."},
}

func sarifLevel(sev string) string {
	switch sev {
	case SeverityError:
		return "error"
	case SeverityWarning:
		return "warning"
	}
	return "note"
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                   `json:"tool"`
	OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results            []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifText    `json:"shortDescription"`
	FullDescription      sarifText    `json:"fullDescription"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
	// PartialFingerprints identify the result across runs (rule, file,
	// message), so code scanning does not reopen it when lines move.
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log that GitHub code
// scanning accepts: one result per finding, with the rule id, a level, and
// a location relative to the scanned root (uriBaseId %SRCROOT%).
func WriteSARIF(w io.Writer, r *Result) error {
	driver := sarifDriver{Name: "loftgate-audit", InformationURI: "https://github.com/loftgate/loftgate", Version: toolVersion()}
	index := map[string]int{}
	for i, ri := range ruleInfo {
		index[ri.id] = i
		driver.Rules = append(driver.Rules, sarifRule{ID: ri.id, Name: ri.id, ShortDescription: sarifText{ri.text}, FullDescription: sarifText{ri.text},
			DefaultConfiguration: sarifDefault{Level: sarifLevel(ri.severity)}})
	}
	run := sarifRun{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}
	for _, f := range r.Findings {
		line := f.Line
		if line < 1 {
			line = 1
		}
		run.Results = append(run.Results, sarifResult{RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel(f.Severity), Message: sarifText{f.Message},
			Locations:           []sarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLoc{URI: f.File, URIBaseID: "%SRCROOT%"}, Region: sarifRegion{StartLine: line}}}},
			PartialFingerprints: map[string]string{"loftgateFinding/v1": fingerprint(f)}})
	}
	log := sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("audit: write sarif: %w", err)
	}
	return nil
}

// fingerprint hashes what identifies a finding independently of its line.
func fingerprint(f Finding) string {
	sum := sha1.Sum([]byte(f.Rule + "\x00" + f.File + "\x00" + f.Message))
	return hex.EncodeToString(sum[:])
}

// toolVersion is the module version of the binary ("v1.2.3", or
// "(devel)"-based builds report the VCS revision when known).
func toolVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "0.0.0-unknown"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "0.0.0-" + s.Value[:12]
		}
	}
	return "0.0.0-devel"
}
