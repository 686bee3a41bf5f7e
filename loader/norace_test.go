//go:build !race

package loader

// raceEnabled: see race_test.go.
const raceEnabled = false
