package ocr

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// On a page with Han, doubtful Latin capitals as wide per letter as a Han
// character is tall are read again, their leader dots left out of the
// crop; narrow, sure or known words are not. A CJK reading clearly surer,
// or the same in two models, replaces the word and keeps its dots.
func TestWideLatin(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("商标", 180, 50, 70, 34, 0.9), han(":", 425, 55, 5, 20, 0.9), han("N/A", 461, 50, 61, 31, 0.9)}},
		{Words: []labrelay.Word{han("SAA", 180, 100, 145, 34, 0.6), han(".....", 343, 126, 52, 6, 0.8), han("21/12/2024", 460, 100, 212, 32, 0.9)}},
		{Words: []labrelay.Word{han("BIS...", 180, 150, 215, 34, 0.4), han("Suzhou", 460, 150, 132, 30, 0.9)}},
		{Words: []labrelay.Word{han("MDL", 180, 200, 78, 26, 0.97), han("UoM", 300, 200, 60, 26, 0.6), han("Cd", 400, 200, 30, 34, 0.5)}},
		{Words: []labrelay.Word{han("BR", 2038, 250, 64, 30, 0.68), han("测试结果", 2130, 250, 152, 34, 0.9)}},
	}
	got := findWideLatin(rows, 32)
	if len(got) != 3 || got[0].row != 1 || got[1].row != 2 || got[2].row != 4 {
		t.Fatalf("words %+v, want SAA, BIS..., BR", got)
	}
	if b := got[1].box; b.W > 130 {
		t.Errorf("BIS... crop %d wide: its dots are in", b.W)
	}
	applyWideLatin(rows, got, [][]hanRead{
		{{"笠胡日其", 0.07}, {"制造商", 0.9}, {"要求", 0.68}},
		{{"签发日期", 0.96}, {"制造商", 0.92}, {"要求", 0.77}},
	})
	for _, c := range []struct {
		row  int
		want string
	}{{1, "签发日期"}, {2, "制造商..."}, {4, "要求"}} {
		if w := rows[c.row].Words[0]; w.Text != c.want || w.Conf > disagreeConf {
			t.Errorf("row %d: %q at %.2f, want %q in doubt", c.row, w.Text, w.Conf, c.want)
		}
	}
	rows[3].Words[1].Text = "UoM"
	applyWideLatin(rows, []hanPrefix{{row: 3, from: 1, to: 2, conf: 0.6}}, [][]hanRead{{{"单位", 0.7}}, {{"里", 0.6}}})
	if w := rows[3].Words[1]; w.Text != "UoM" {
		t.Errorf("a reading neither clearly surer nor agreed replaced UoM: %q", w.Text)
	}
}

// Beside a sure Han name, a Latin word a little narrower (赵敏 read "XR",
// 1.04 wide per letter) is read again, and a sure CJK reading replaces it
// though not surer; away from one, the word stays as it was.
func TestWideLatinBesideHanName(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("签发", 180, 50, 70, 34, 0.95), han("UKAS", 400, 50, 120, 34, 0.95)}},
		{Words: []labrelay.Word{han("李建国", 178, 2486, 109, 35, 0.95), han("XR", 1300, 2486, 73, 35, 0.74)}},
		{Words: []labrelay.Word{han("Lot", 178, 2586, 60, 35, 0.95), han("XR", 1300, 2586, 73, 35, 0.74)}},
	}
	got := findWideLatin(rows, 32)
	if len(got) != 1 || got[0].row != 1 || !got[0].name {
		t.Fatalf("words %+v, want the XR beside 李建国 only", got)
	}
	applyWideLatin(rows, got, [][]hanRead{{{"赵敏", 0.67}}})
	if w := rows[1].Words[1]; w.Text != "赵敏" || w.Conf > disagreeConf {
		t.Errorf("name read %q at %.2f, want 赵敏 in doubt", w.Text, w.Conf)
	}
}

// A crop that took in the Han word beside the wide one reads it too
// ("佐藤健" for "eRe" before "健"): the neighbour's characters are not the
// word's, or the name reads "佐藤 健 健".
func TestWideLatinNeighbourRead(t *testing.T) {
	rows := []labrelay.Row{{Words: []labrelay.Word{han("eRe", 178, 2492, 97, 35, 0.3), han("健", 275, 2488, 28, 54, 0.88)}}}
	applyWideLatin(rows, []hanPrefix{{row: 0, from: 0, to: 1, conf: 0.3, name: true}}, [][]hanRead{{{"佐藤健", 0.92}}})
	if got := rows[0].Text(); got != "佐藤 健" {
		t.Errorf("row reads %q, want 佐藤 健", got)
	}
}

// A wide word inside a Han prefix or name run is read with its run, not
// alone: the run's replacement would move it.
func TestWideLatinNotInRuns(t *testing.T) {
	ws := []hanPrefix{{row: 1, from: 1, to: 2}, {row: 1, from: 3, to: 4}, {row: 2, from: 0, to: 1}}
	got := notIn(ws, []hanPrefix{{row: 1, from: 0, to: 2}, {row: 2, from: 1, to: 3}})
	if len(got) != 2 || got[0].from != 3 || got[1].row != 2 {
		t.Errorf("got %+v, want the words outside the runs", got)
	}
}

// On a page the re-reads found Japanese, chi_sim's simplified forms are
// put back in the forms Japanese prints; kana and Latin stay.
func TestToJapanese(t *testing.T) {
	rows := []labrelay.Row{{Words: []labrelay.Word{han("水银", 100, 50, 60, 30, 0.9), han("Mercury", 200, 50, 100, 30, 0.9)}},
		{Words: []labrelay.Word{han("PBB类", 100, 100, 90, 30, 0.9), han("フタル酸", 200, 100, 120, 30, 0.9), han("报告书番号", 400, 100, 150, 30, 0.9)}}}
	toJapanese(rows)
	var got []string
	for _, r := range rows {
		for _, w := range r.Words {
			got = append(got, w.Text)
		}
	}
	if s := strings.Join(got, " "); s != "水銀 Mercury PBB類 フタル酸 報告書番号" {
		t.Errorf("got %q", s)
	}
}
