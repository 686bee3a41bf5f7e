//go:build race

package memory

// raceEnabled: the kill tests spawn the test binary a hundred times; a
// race build multiplies that by ten and finds nothing in a killed child,
// so scripts/test.sh runs them in a normal build.
const raceEnabled = true
