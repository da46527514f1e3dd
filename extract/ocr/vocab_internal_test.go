package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

func TestPageVocabulary(t *testing.T) {
	row := func(text string, conf float64) labrelay.Row {
		return labrelay.Row{Words: []labrelay.Word{{Text: text, Conf: conf}}}
	}
	rows := []labrelay.Row{
		row("Overall migration, 10% ethanol", 0.95),
		row("Overall migration, olive oil", 0.93),
		row("Overail migration, 3% acetic acid", 0.6), // i for l
		row("Overal| migration", 0.5),                 // | for l
		row("Ethanol", 0.6),                           // seen once surely: no vocabulary
		row("Ovexall", 0.6),                           // x/r is no confusion known
		row("10O00", 0.6),                             // a number is never read from others
		row("Overall", 0.95),
		row("Overali olive oil", 0.88), // doubtful: changed, and capped
		row("10000", 0.95), row("10000", 0.95),
		row("Technolagy Park Road", 0.7), // a photo's o read as a
		row("Technology Co., Ltd.", 0.95), row("Technology Park", 0.92),
		row("Migración global, etanol", 0.93), row("Migración global, aceite", 0.95),
		row("Migración giobai, ácido", 0.7), // two glyphs in six: changed
		row("Pb Pd Hg", 0.5),                // short words never
	}
	pageVocabulary(rows)
	for i, want := range []struct {
		text string
		conf float64
	}{
		{"Overall migration, 10% ethanol", 0.95}, {"Overall migration, olive oil", 0.93},
		{"Overall migration, 3% acetic acid", 0.6}, {"Overall migration", 0.5},
		{"Ethanol", 0.6}, {"Ovexall", 0.6}, {"10O00", 0.6}, {"Overall", 0.95}, {"Overall olive oil", vocabConf},
		{"10000", 0.95}, {"10000", 0.95}, {"Technology Park Road", 0.7},
		{"Technology Co., Ltd.", 0.95}, {"Technology Park", 0.92},
		{"Migración global, etanol", 0.93}, {"Migración global, aceite", 0.95},
		{"Migración global, ácido", 0.7}, {"Pb Pd Hg", 0.5},
	} {
		if w := rows[i].Words[0]; w.Text != want.text || w.Conf != want.conf {
			t.Errorf("row %d: %q at %.2f, want %q at %.2f", i, w.Text, w.Conf, want.text, want.conf)
		}
	}
}
