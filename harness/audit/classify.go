package audit

import (
	"bytes"
	goparser "go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"github.com/loftgate/loftgate/harness/audit/internal/rules"
)

// Languages an extractor understands.
const (
	langGo       = "go"
	langJS       = "javascript"
	langTS       = "typescript"
	langPython   = "python"
	langRuby     = "ruby"
	langPHP      = "php"
	langJava     = "java"
	langKotlin   = "kotlin"
	langCSharp   = "csharp"
	langElixir   = "elixir"
	langManifest = "manifest"
	langDoc      = "doc"
)

var extLang = map[string]string{
	".go": langGo,
	".js": langJS, ".mjs": langJS, ".cjs": langJS, ".jsx": langJS,
	".ts": langTS, ".tsx": langTS, ".mts": langTS, ".cts": langTS,
	".py": langPython,
	".rb": langRuby, ".rake": langRuby,
	".php":  langPHP,
	".java": langJava,
	".kt":   langKotlin, ".kts": langKotlin,
	".cs": langCSharp,
	".ex": langElixir, ".exs": langElixir,
	".yaml": langManifest, ".yml": langManifest, ".json": langManifest,
	".md": langDoc, ".rst": langDoc, ".adoc": langDoc, ".txt": langDoc, ".html": langDoc,
}

// languageOf returns the language of a file name, or "" for files no
// extractor reads.
func languageOf(name string) string {
	return extLang[strings.ToLower(path.Ext(name))]
}

// vendoredDirs are directories of third-party or build output, never the
// team's own code.
var vendoredDirs = map[string]bool{
	"node_modules": true, "vendor": true, "third_party": true, "bower_components": true,
	".git": true, ".hg": true, ".svn": true, "__pycache__": true, ".venv": true, "venv": true,
	".tox": true, ".mypy_cache": true, ".pytest_cache": true, "site-packages": true,
	"Pods": true, "_build": true, "deps": true, ".gradle": true, ".idea": true, ".vscode": true,
	".bundle": true, "coverage": true, ".terraform": true,
}

// generatedDirs are build outputs and generated code.
var generatedDirs = map[string]bool{
	"dist": true, "build": true, "target": true, "out": true, "obj": true, "bin": true,
	".next": true, ".nuxt": true, "generated": true, "__generated__": true,
}

// nonCallDirs hold tests, mocks, fixtures, documentation and examples of
// responses: SalesLoft paths there are not calls the product makes.
var nonCallDirs = map[string]bool{
	"test": true, "tests": true, "__tests__": true, "spec": true, "specs": true,
	"testdata": true, "fixtures": true, "fixture": true, "__fixtures__": true,
	"mocks": true, "__mocks__": true, "mock": true, "stubs": true, "cassettes": true,
	"docs": true, "doc": true, "e2e": true, "testing": true,
}

// dirClass classifies a directory name: "vendored", "generated", "non-call"
// or "".
func dirClass(name string) string {
	switch {
	case vendoredDirs[name]:
		return SkipVendored
	case generatedDirs[name]:
		return SkipGenerated
	case nonCallDirs[strings.ToLower(name)]:
		return "non-call"
	}
	return ""
}

// generatedName reports file names that are generated or lock files.
func generatedName(name string) bool {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".min.js"), strings.HasSuffix(lower, ".pb.go"),
		strings.HasSuffix(lower, ".g.cs"), strings.HasSuffix(lower, ".designer.cs"),
		strings.Contains(lower, "_generated."), strings.Contains(lower, ".generated."),
		strings.HasSuffix(lower, ".lock"), lower == "package-lock.json", lower == "go.sum",
		lower == "npm-shrinkwrap.json", lower == "pnpm-lock.yaml", lower == "composer.lock":
		return true
	}
	return false
}

var generatedMarker = []byte("DO NOT EDIT")

// generatedContent reports a file whose first lines say it is generated
// (the Go convention, also used by protoc, openapi-generator and others).
func generatedContent(data []byte) bool {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	i := bytes.Index(head, generatedMarker)
	if i < 0 {
		return false
	}
	return bytes.Contains(bytes.ToLower(head[:i]), []byte("generated"))
}

// nonCallName reports test, mock and spec files by name.
func nonCallName(name string) bool {
	lower := strings.ToLower(name)
	base := strings.TrimSuffix(lower, path.Ext(lower))
	switch {
	case strings.HasSuffix(lower, "_test.go"),
		strings.HasSuffix(base, ".test"), strings.HasSuffix(base, ".spec"),
		strings.HasPrefix(lower, "test_") && strings.HasSuffix(lower, ".py"),
		strings.HasSuffix(base, "_test"), strings.HasSuffix(base, "_spec"),
		lower == "conftest.py",
		strings.HasSuffix(base, "test") && (strings.HasSuffix(lower, ".java") || strings.HasSuffix(lower, ".kt") || strings.HasSuffix(lower, ".cs") || strings.HasSuffix(lower, ".php")),
		strings.HasSuffix(base, "tests") && (strings.HasSuffix(lower, ".java") || strings.HasSuffix(lower, ".kt") || strings.HasSuffix(lower, ".cs")),
		strings.HasPrefix(base, "mock_"), strings.HasSuffix(base, "_mock"), strings.HasSuffix(base, ".mock"),
		strings.HasSuffix(lower, ".stories.tsx"), strings.HasSuffix(lower, ".stories.ts"):
		return true
	}
	return false
}

// goTestCode reports a Go file that imports a test package (rules
// go_test_imports: testing, net/http/httptest, Ginkgo, Gomega, ...): specs,
// test helpers and fakes are test code wherever they live, as a Ginkgo
// suite's spec files need not end in _test.go. Only the import block is
// parsed.
func goTestCode(data []byte, r *rules.Rules) bool {
	f, _ := goparser.ParseFile(token.NewFileSet(), "", data, goparser.ImportsOnly)
	if f == nil {
		return false
	}
	for _, im := range f.Imports {
		if p, err := strconv.Unquote(im.Path.Value); err == nil && r.GoTestImport(p) {
			return true
		}
	}
	return false
}
