package memory

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package when a goroutine outlives the tests:
// the store starts some while decoding a snapshot and must join them all.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
