package handlers

import "testing"

// TestAddressCounter: a limit holds per network and frees on give; a limit
// of 0 ("no cap", as the benchmark and --streams-per-address 0 ask)
// counts nothing, and giving back what was never counted is harmless (it
// panicked on a nil map when every event stream closed).
func TestAddressCounter(t *testing.T) {
	var none addressCounter
	for range 3 {
		if !none.take("203.0.113.0/24", 0) {
			t.Fatal("a limit of 0 refused")
		}
	}
	for range 3 {
		none.give("203.0.113.0/24")
	}
	var two addressCounter
	if !two.take("a", 2) || !two.take("a", 2) || two.take("a", 2) {
		t.Fatal("a limit of 2 does not allow exactly 2")
	}
	if !two.take("b", 2) {
		t.Fatal("another network is refused")
	}
	two.give("a")
	if !two.take("a", 2) {
		t.Fatal("a freed place is not given again")
	}
	two.give("a")
	two.give("a")
	two.give("a") // one more than taken: no negative count
	if !two.take("a", 2) || !two.take("a", 2) || two.take("a", 2) {
		t.Fatal("an extra give left the count below zero")
	}
}
