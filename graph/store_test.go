package graph

import (
	"encoding/base64"
	"errors"
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []Cursor{
		{ID: "CN"},
		{Date: "2024-07-14", ID: "e0123456789abcdef01234567"},
		{ID: "वांग यी/\"'`$x"},
		{Date: "", ID: "\u202eevil"},
	} {
		s := c.Encode()
		got, err := DecodeCursor(s)
		if err != nil || got == nil || *got != c {
			t.Errorf("DecodeCursor(Encode(%+v)) = %+v, %v", c, got, err)
		}
		for _, r := range s {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				t.Errorf("cursor %q is not URL-safe", s)
				break
			}
		}
	}
	if c, err := DecodeCursor(""); c != nil || err != nil {
		t.Errorf(`DecodeCursor("") = %v, %v; want the start`, c, err)
	}
}

func TestDecodeCursorMalformed(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	for _, s := range []string{
		"%%%",
		"not base64!",
		enc([]byte("not json")),
		enc([]byte(`{}`)),
		enc([]byte(`{"d":"2024-01-01"}`)),
		enc([]byte(`{"i":""}`)),
		enc([]byte(`{"i":5}`)),
		enc([]byte(`["i"]`)),
		enc([]byte(`null`)),
		base64.StdEncoding.EncodeToString([]byte(`{"i":"CN"}`)) + "=", // padded standard encoding
	} {
		if c, err := DecodeCursor(s); !errors.Is(err, ErrInvalid) {
			t.Errorf("DecodeCursor(%q) = %+v, %v; want ErrInvalid", s, c, err)
		}
	}
}

func TestPageLimit(t *testing.T) {
	for first, want := range map[int]int{-1: DefaultPageSize, 0: DefaultPageSize, 1: 1, 20: 20, MaxPageSize: MaxPageSize, MaxPageSize + 1: MaxPageSize, 1 << 62: MaxPageSize} {
		if got := (Page{First: first}).Limit(); got != want {
			t.Errorf("Page{First: %d}.Limit() = %d, want %d", first, got, want)
		}
	}
}
