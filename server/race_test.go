//go:build race

package server

import "time"

// slowlorisP99 allows the race detector's slowdown (several times) on a
// machine shared with the other packages' tests.
const slowlorisP99 = 400 * time.Millisecond
