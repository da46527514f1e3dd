package labrelay_test

import (
	"testing"

	"github.com/labrelay/labrelay"
)

func TestBoxUnion(t *testing.T) {
	tests := []struct {
		name string
		a, b labrelay.Box
		want labrelay.Box
	}{
		{"disjoint", labrelay.Box{X: 10, Y: 20, W: 5, H: 5}, labrelay.Box{X: 30, Y: 2, W: 10, H: 4}, labrelay.Box{X: 10, Y: 2, W: 30, H: 23}},
		{"inside", labrelay.Box{X: 0, Y: 0, W: 100, H: 50}, labrelay.Box{X: 10, Y: 10, W: 1, H: 1}, labrelay.Box{X: 0, Y: 0, W: 100, H: 50}},
		{"zero is empty", labrelay.Box{}, labrelay.Box{X: 7, Y: 8, W: 1, H: 2}, labrelay.Box{X: 7, Y: 8, W: 1, H: 2}},
		{"empty right", labrelay.Box{X: 7, Y: 8, W: 1, H: 2}, labrelay.Box{}, labrelay.Box{X: 7, Y: 8, W: 1, H: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Union(tt.b); got != tt.want {
				t.Errorf("%v.Union(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
	ws := []labrelay.Word{{Box: labrelay.Box{X: 5, Y: 5, W: 1, H: 1}}, {Box: labrelay.Box{X: 1, Y: 9, W: 2, H: 2}}}
	if got, want := labrelay.WordsBox(ws), (labrelay.Box{X: 1, Y: 5, W: 5, H: 6}); got != want {
		t.Errorf("WordsBox = %v, want %v", got, want)
	}
	if got := labrelay.WordsBox(nil); got != (labrelay.Box{}) {
		t.Errorf("WordsBox(nil) = %v, want the zero box", got)
	}
}
