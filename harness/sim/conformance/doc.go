// Package conformance holds the tests that the simulator answers every operation the contract
// models in full the way the contract says, serves every /v2 operation of the contract with an
// answer the contract accepts, and accepts exactly the requests the contract accepts (for the
// bodies in agree_test.go). It is a package of its own
// so that package sim stays independent of package contract (DESIGN.md "Independence"): the
// simulator imports nothing of the client side, and this test imports both.
package conformance
