package rules

import "testing"

// A caption is never a value, in whatever pair of languages it is printed;
// a name with a title or a company's two names is.
func TestNotValueBilingualCaptions(t *testing.T) {
	for _, s := range []string{"発注番号/BUYER PO", "バッチ番号 Heat No.", "Standards Applied / Método de ensayo", "Test Item / Descripción de la muestra", "COLOUR 色", "Colour ( 色 )"} {
		if !notValue(s) {
			t.Errorf("notValue(%q) = false, want true (a caption)", s)
		}
	}
	for _, s := range []string{"Patrick Ng (Technical Manager)", "Shenzhen Everlink Cable Co., Ltd.", "深圳市华信电子有限公司 Shenzhen Huaxin Electronics Co., Ltd.", "Cling film", "Melamine plate", "Natural 天然", "Red 红色"} {
		if notValue(s) {
			t.Errorf("notValue(%q) = true, want false (a value)", s)
		}
	}
}

// A caption wrapped over two lines leaves a line that ends with a
// preposition or an article: no value. A value ending in a letter that
// is no such word stays one.
func TestOpenEndedIsNoValue(t *testing.T) {
	for _, s := range []string{"PERIODO DE", "ESTADO DE LA", "DEL", "Origen Made in", "Name of", "ORIGEN", "Herkunft"} {
		if !notValue(s) {
			t.Errorf("notValue(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"Vitamin E", "Model Y", "Cutting die", "Interior trim panel", "Kaida Automotive Systems S.A. de C.V.", "5th Floor, Plant 4, Science and", "Brightwave Optoelectronics S.A. de", "Xinghu Industrial Park of"} {
		if notValue(s) {
			t.Errorf("notValue(%q) = true, want false", s)
		}
	}
}
