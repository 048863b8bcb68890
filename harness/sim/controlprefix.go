package sim

// ControlPrefix starts the paths of the simulator's control API (faults,
// clock, deliveries), which are not SalesLoft's: the contract never
// validates them, and replay answers them from the fixtures like any call.
const ControlPrefix = "/_sim/"
