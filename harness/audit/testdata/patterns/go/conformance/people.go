// Package conformance holds Ginkgo specs that run against SalesLoft
// (api.salesloft.com). They are not _test files, but they import Ginkgo and
// Gomega: test code, not the product's integration.
package conformance

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("people", func() {
	It("lists people", func() {
		resp, err := http.Get("https://api.salesloft.com/v2/people")
		Expect(err).NotTo(HaveOccurred())
		Expect(resp.StatusCode).To(Equal(http.StatusOK))
	})
})
