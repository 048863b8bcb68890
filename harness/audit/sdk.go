package audit

import (
	"strings"
	"unicode"
)

// sdkOps maps community SalesLoft client methods to what they request; see
// the table in README.md.
var sdkOps = map[string]struct {
	method string
	id     bool
}{
	"list": {"GET", false}, "all": {"GET", false}, "fetch": {"GET", true}, "get": {"GET", true},
	"find": {"GET", true}, "retrieve": {"GET", true}, "create": {"POST", false},
	"update": {"PUT", true}, "delete": {"DELETE", true}, "destroy": {"DELETE", true},
}

// phpResources are the properties of the salesloft-php SalesLoftClient.
var phpResources = map[string]string{
	"people": "people", "users": "users", "cadences": "cadences", "cadencememberships": "cadence_memberships",
	"notes": "notes", "personstages": "person_stages", "accounts": "accounts", "calls": "activities/calls",
	"customfields": "custom_fields",
}

// rubyResources map rsalesloft class names whose path is not the snake
// case of the name.
var rubyResources = map[string]string{"Teams": "team", "Me": "me"}

func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sdkUsages recognises calls of community SalesLoft clients that name no
// URL: rsalesloft (Ruby), salesloft-php (PHP) and @datafire/salesloft (JS).
func sdkUsages(fm *fileModel, markers map[string]bool) {
	for _, c := range fm.calls {
		if c.route || c.mock {
			continue
		}
		segs := strings.Split(c.callee, ".")
		n := len(segs)
		op := segs[n-1]
		switch {
		case n >= 4 && segs[n-4] == "RSalesloft" && segs[n-3] == "Resources":
			res := rubyResources[segs[n-2]]
			if res == "" {
				res = snake(segs[n-2])
			}
			if m, ok := sdkOps[op]; ok {
				fm.direct = append(fm.direct, sdkUsage(c, m.method, res, m.id, "sdk:rsalesloft"))
			}
		case n >= 3 && markers["salesloftclient"] && phpResources[strings.ToLower(segs[n-2])] != "" && fm.lang == langPHP:
			res := phpResources[strings.ToLower(segs[n-2])]
			if op == "upsert" && res == "people" {
				fm.direct = append(fm.direct, sdkUsage(c, "POST", "person_upserts", false, "sdk:salesloft-php"))
				continue
			}
			if m, ok := sdkOps[op]; ok {
				fm.direct = append(fm.direct, sdkUsage(c, m.method, res, m.id, "sdk:salesloft-php"))
			}
		case n >= 3 && markers["datafire"] && indexOf(segs, "v2") >= 0 && verbOf(op) != "":
			i := indexOf(segs, "v2")
			parts := segs[i+1 : n-1]
			p := "/v2"
			for k, s := range parts {
				switch {
				case s == "json" && k == len(parts)-1:
					p += ".json"
				case s == "id" || strings.HasSuffix(s, "_id"):
					p += "/{id}"
				default:
					p += "/" + s
				}
			}
			fm.direct = append(fm.direct, rawUsage{method: verbOf(op), url: p, line: c.line, attrs: c.attrs, via: "sdk:datafire"})
		}
	}
}

func sdkUsage(c *callExpr, method, res string, id bool, via string) rawUsage {
	p := "/v2/" + res
	if id {
		p += "/{id}"
	}
	attrs := c.attrs
	if len(c.args) > 0 && len(c.args[0]) == 1 && c.args[0][0].kind == kObj {
		attrs = callAttrs(&callExpr{kw: c.args[0][0].obj})
	}
	return rawUsage{method: method, url: p, line: c.line, attrs: attrs, via: via}
}

func indexOf(segs []string, s string) int {
	for i, x := range segs {
		if x == s {
			return i
		}
	}
	return -1
}
