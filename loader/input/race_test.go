//go:build race

package input

// raceEnabled widens the wall-clock bounds of the timing tests.
const raceEnabled = true
