package run

import (
	"strings"
	"testing"

	"github.com/loftgate/loftgate/harness/contract"
)

func TestCheckLabelFilter(t *testing.T) {
	cl, err := contract.LoadChecklist()
	if err != nil {
		t.Fatal(err)
	}
	for _, ok := range []string{"", "AUTH-REFRESH-ROTATION", "/^AUTH-/ && !AUTH-SCOPE", "ME-IDENTITY || (AUTH-REFRESH-EARLY)", "/AUTH-REFRES-X/", "loftgate:no-traffic"} {
		if err := checkLabelFilter(ok, cl); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	err = checkLabelFilter("ME-IDENTITY || !AUTH-REFRES-ROTATION", cl)
	if err == nil || !strings.Contains(err.Error(), `"AUTH-REFRESH-ROTATION"`) {
		t.Errorf("typo: got %v, want the nearest item named", err)
	}
}
