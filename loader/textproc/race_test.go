//go:build race

package textproc

// raceEnabled: the race detector slows code down ~10×, so timing bounds
// are not checked under it.
const raceEnabled = true
