//go:build race

package loader

// raceEnabled: the kill -9 tests spawn the test binary dozens of times; a
// race build of each child takes many times longer and finds nothing in a
// killed process, so scripts/test.sh runs them in a normal build.
const raceEnabled = true
