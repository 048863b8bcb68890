package spec

import (
	"reflect"
	"strings"
	"testing"
)

func TestDiffJSON(t *testing.T) {
	a := map[string]any{"k": []any{1.0, 2.0}, "gone": true, "same": "x"}
	b := map[string]any{"k": []any{1.0, 3.0, 4.0}, "new": nil, "same": "x"}
	tests := []struct {
		arrays Arrays
		want   []Difference
	}{
		{ByIndex, []Difference{
			{Path: "r.gone", A: true, OnlyA: true},
			{Path: "r.k[1]", A: 2.0, B: 3.0},
			{Path: "r.k[2]", B: 4.0, OnlyB: true},
			{Path: "r.new", OnlyB: true},
		}},
		{Whole, []Difference{
			{Path: "r.gone", A: true, OnlyA: true},
			{Path: "r.k", A: a["k"], B: b["k"]},
			{Path: "r.new", OnlyB: true},
		}},
	}
	for _, tt := range tests {
		if got := DiffJSON("r", a, b, tt.arrays); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DiffJSON(arrays %d) = %+v, want %+v", tt.arrays, got, tt.want)
		}
	}
	if got := DiffJSON("r", a, a, ByIndex); len(got) != 0 {
		t.Errorf("equal values: got %+v", got)
	}
}

func TestShortJSON(t *testing.T) {
	if got := ShortJSON(map[string]any{"a": 1}); got != `{"a":1}` {
		t.Errorf("ShortJSON = %q", got)
	}
	if got := ShortJSON(strings.Repeat("x", 200)); len(got) != maxShown+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("long value not cut: %q", got)
	}
}
