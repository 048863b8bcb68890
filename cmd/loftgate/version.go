package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildInfo is what `loftgate version` prints.
type buildInfo struct {
	version   string // the release or module version, or "dev"
	revision  string // the VCS commit the binary was built from
	time      string // the commit's time
	modified  bool   // the work tree had uncommitted changes
	goVersion string
	platform  string
}

// readBuildInfo collects the version, the VCS stamp Go embeds in a binary
// built inside a git checkout, and the Go version.
func readBuildInfo() buildInfo {
	b := buildInfo{version: toolVersion(), goVersion: runtime.Version(), platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.revision = s.Value
		case "vcs.time":
			b.time = s.Value
		case "vcs.modified":
			b.modified = s.Value == "true"
		}
	}
	return b
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, the commit it was built from and the Go version",
		Long: `Print loftgate's version (the release tag, the module version of a
` + "`go install`" + `ed binary, or "dev"), the git commit and commit time it was
built from (when built inside a checkout), and the Go version.
` + "`loftgate --version`" + ` prints the version alone. It always exits 0.`,
		Example: `  loftgate version
  loftgate --version`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			readBuildInfo().write(cmd.OutOrStdout())
			return nil
		},
	}
}

// write prints the version, the commit and its time when known, and Go's version.
func (b buildInfo) write(out io.Writer) {
	fmt.Fprintf(out, "loftgate %s\n", b.version)
	if b.revision != "" {
		rev := b.revision
		if b.modified {
			rev += " (modified)"
		}
		fmt.Fprintf(out, "commit:  %s\n", rev)
	}
	if b.time != "" {
		fmt.Fprintf(out, "time:    %s\n", b.time)
	}
	fmt.Fprintf(out, "go:      %s %s\n", b.goVersion, b.platform)
}
