//go:build !race

package server

import "time"

// slowlorisP99 is G-18's bound on a request beside slowloris connections.
const slowlorisP99 = 100 * time.Millisecond
