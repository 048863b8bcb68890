// Package yamlpos finds where in a YAML file yaml.v3 says a problem is, so
// that every loader (configuration, contract and checklist, fixtures) names
// the file and line the same way.
package yamlpos

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// lineRef matches the position yaml.v3 puts in its messages ("line 12: ").
var lineRef = regexp.MustCompile(`line (\d+):? ?`)

// Error returns the line yaml.v3 names in err (0 when it names none) and
// the message without the "yaml: " prefix and that position. Of a
// *yaml.TypeError, the first problem is taken.
func Error(err error) (line int, msg string) {
	msg = err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(strings.TrimSpace(msg), "yaml: ")
	if m := lineRef.FindStringSubmatchIndex(msg); m != nil {
		line, _ = strconv.Atoi(msg[m[2]:m[3]]) // the group matches digits only
		msg = msg[:m[0]] + msg[m[1]:]
	}
	return line, strings.TrimLeft(msg, " :")
}
