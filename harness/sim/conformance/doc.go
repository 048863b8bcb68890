// Package conformance holds the test that the simulator answers every operation the contract
// models in full the way the contract says, and serves each of them. It is a package of its own
// so that package sim stays independent of package contract (DESIGN.md "Independence"): the
// simulator imports nothing of the client side, and this test imports both.
package conformance
