package ocr

import (
	"image"
	"image/color"
	"image/draw"
	"os/exec"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

// A long doubtful Han word is read again; a sure one, a short one (a
// caption), a Latin one are not. A reading is taken when it is a Han value about as
// long as the word and clearly surer, in doubt.
func TestHanValues(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("申请人", 100, 50, 90, 30, 0.95), han("苏州市喜瑞饪料制品有限公司", 220, 50, 400, 30, 0.0)}},
		{Words: []labrelay.Word{han("地址", 100, 100, 60, 30, 0.95), han("江苏省苏州市吴中区工业大道141号12栋6楼", 220, 100, 500, 30, 0.3)}},
		{Words: []labrelay.Word{han("生产商", 100, 150, 90, 30, 0.95), han("上海通达硅胶制品有限公司", 220, 150, 400, 30, 0.9)}},
		{Words: []labrelay.Word{han("合格", 100, 200, 60, 30, 0.2), han("Shenzhen Huaxin", 220, 200, 300, 30, 0.2), han("检测开始日期", 600, 200, 180, 30, 0.3)}},
		{Words: []labrelay.Word{han("生产厂家", 100, 250, 120, 30, 0.95), han("武汉市秦源光电科技有限公司", 220, 250, 400, 30, 0.1)}},
	}
	got := findHanValues(rows, 30)
	if len(got) != 3 || got[0].row != 0 || got[0].from != 1 || got[1].row != 1 || got[2].row != 4 {
		t.Fatalf("words %+v, want rows 0, 1 and 4, their values", got)
	}
	applyHanValues(rows, got, []hanRead{
		{"苏州市嘉瑞塑料制品有限公司", 0.88},
		{"江苏省苏州市吴中区工业大道141号12栋6楼", 0.4}, // not clearly surer
		{"武汉", 0.9}, // too short
	})
	if w := rows[0].Words[1]; w.Text != "苏州市嘉瑞塑料制品有限公司" || w.Conf != disagreeConf {
		t.Errorf("row 0: %+v, want the reading in doubt", w)
	}
	if w := rows[1].Words[1]; w.Conf != 0.3 {
		t.Errorf("row 1: %+v, want the word kept", w)
	}
	if w := rows[4].Words[1]; w.Text != "武汉市秦源光电科技有限公司" {
		t.Errorf("row 4: %+v, want the word kept", w)
	}
}

// A company's name on grey paper, misread at 0, reads right in a real
// worker, in doubt; a sure caption is left alone.
func TestReadHanValuesWorker(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	const name = "苏州市嘉瑞塑料制品有限公司"
	face := face300(t, cjkFont, "fonts-droid-fallback")
	defer face.Close()
	g := image.NewGray(image.Rect(0, 0, 1400, 300))
	draw.Draw(g, g.Rect, image.NewUniform(color.Gray{Y: 200}), image.Point{}, draw.Src)
	for _, s := range []struct {
		x    int
		text string
	}{{100, "申请人"}, {350, name}} {
		d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(s.x, 150)}
		d.DrawString(s.text)
	}
	// a scan's: drawn at 150 dpi, read at 300, blurred
	g = scan.Blur(pageimage.Scale(pageimage.Scale(g, 0.5), 2))
	ink := func(x0, x1 int) labrelay.Box {
		var r image.Rectangle
		for y := range g.Rect.Dy() {
			for x := x0; x < x1; x++ {
				if g.Pix[y*g.Stride+x] < 130 {
					r = r.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		return labrelay.Box{X: float64(r.Min.X), Y: float64(r.Min.Y), W: float64(r.Dx()), H: float64(r.Dy())}
	}
	c, v := ink(0, 340), ink(340, 1400)
	rows := []labrelay.Row{{Words: []labrelay.Word{
		{Text: "申请人", Conf: 0.95, Box: c},
		{Text: "苏州市喜瑞饪料制品有限公司", Conf: 0, Box: v},
	}}}
	r := &Reader{}
	defer r.Close()
	if err := r.readHanValues(t.Context(), g, 300, 1, rows, v.H); err != nil {
		t.Fatal(err)
	}
	if got := rows[0].Words[1]; got.Text != name || got.Conf > disagreeConf || got.Conf < minReadConf {
		t.Errorf("value read %q at %.2f, want %s in doubt", got.Text, got.Conf, name)
	}
	if got := rows[0].Words[0]; got.Text != "申请人" || got.Conf != 0.95 {
		t.Errorf("caption %+v, want it left", got)
	}
}
