package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// A Chinese public lab's letterhead has no company form: a testing word
// and an institution's ("质量检验中心") make it the lab's name.
func TestLetterheadHanInstitute(t *testing.T) {
	l := synth(
		row(tcell{200, "商丘市恒达质量检验中心"}),
		row(tcell{160, "河南省商丘市梁园区高新大道26号"}),
		row(tcell{40, "报告编号"}, tcell{160, "SU-GS-2530467-02"}),
		row(tcell{40, "委托单位"}, tcell{160, "东莞市诚安五金制品有限公司"}),
	)
	if got := generic(t, l)[labrelay.FieldLabName]; got != "商丘市恒达质量检验中心" {
		t.Errorf("lab_name = %q", got)
	}
}

// A Chinese address (province and city first, or a road's number) is no
// party's name; a company's name with 路 in it is one.
func TestHanAddressIsNoPartyName(t *testing.T) {
	for s, addr := range map[string]bool{
		"福建省厦门市湖里区福永街道凤凰路184":   true,
		"福建 省 厦门 市 湖 里 区 福永 街道": true, // as a scan parts it
		"深圳市宝安区福永街道凤凰路215号":     true,
		"厦门市诚安电子有限公司":           false,
		"深圳市新路灯饰有限公司":           false,
		"商丘市恒达质量检验中心":           false,
	} {
		if got := noPartyName(s) != ""; got != addr {
			t.Errorf("noPartyName(%q) refuses: %v, want %v", s, got, addr)
		}
	}
}

// A code beside a Chinese name ("C26-04417" under "委托编号" next to
// the client's caption) is no English translation of it; an English name
// is.
func TestTranslationWantsWords(t *testing.T) {
	han := candidate{value: "厦门市诚安电子有限公司", page: 1, line: 5}
	if translation(han, candidate{value: "C26-04417", page: 1, line: 7}) {
		t.Error("a code is taken for the name's translation")
	}
	if !translation(han, candidate{value: "Xiamen Chengan Electronics Co., Ltd.", page: 1, line: 6}) {
		t.Error("the English name is not taken for the translation")
	}
}

// Chinese prints no spaces between its characters: those OCR and text
// layers put into a Chinese value go; a Japanese name keeps its one, and
// Latin values and other fields are left as read.
func TestCloseHanSpaces(t *testing.T) {
	for _, c := range []struct{ field, in, want string }{
		{labrelay.FieldApplicantName, "厦门 市 通达 汽车 电子 股份 有 限 公 司", "厦门市通达汽车电子股份有限公司"},
		{labrelay.FieldApplicantAddress, "河南省商丘市梁园区高新大道26 号10 栋4楼", "河南省商丘市梁园区高新大道26号10栋4楼"},
		{labrelay.FieldSignatoryName, "刘 芳", "刘芳"},
		{labrelay.FieldSignatoryName, "高橋 誠", "高橋 誠"},
		{labrelay.FieldApplicantName, "Shenzhen Ruifeng Co., Ltd. 深圳 瑞丰", "Shenzhen Ruifeng Co., Ltd. 深圳 瑞丰"},
		{labrelay.FieldReportNumber, "报告 123", "报告 123"},
		{labrelay.FieldProductName, "”橡胶密封圈", "橡胶密封圈"},
		{labrelay.FieldProductName, "“橡胶”密封圈", "“橡胶”密封圈"},
	} {
		if got := closeHanSpaces(c.field, c.in); got != c.want {
			t.Errorf("closeHanSpaces(%s, %q) = %q, want %q", c.field, c.in, got, c.want)
		}
	}
}

// A scan's Chinese letterhead is read against its copies (the footer,
// the next page's header): a character most copies read otherwise is
// theirs, at a corrected confidence.
func TestHanLetterheadCopiesVote(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"东莞市安泰检测技术有限公司", 800, 120, 700, 50}},
		{{"广东省东莞市长安镇兴业路209号", 820, 190, 600, 30}},
		{{"报告编号", 180, 500, 160, 30}, {"DHG25-8359", 552, 500, 260, 30}},
		{{"委托单位", 180, 560, 160, 30}, {"厦门市诚安电子有限公司", 552, 560, 480, 30}},
		{{"东莞市宏泰检测技术有限公司 广东省东莞市长安镇兴业路209号", 180, 3270, 1200, 25}},
		{{"东莞市宏泰检测技术有限公司", 180, 3300, 500, 25}},
	})
	if got := generic(t, l)[labrelay.FieldLabName]; got != "东莞市宏泰检测技术有限公司" {
		t.Errorf("lab_name = %q", got)
	}
}

// A scan's letterhead, and the footer's name read in its place, are as
// sure as OCR read them: a character misread in the letterhead's large
// type is one OCR doubts.
func TestHanLetterheadTakesOCRConfidence(t *testing.T) {
	for _, footer := range []bool{false, true} {
		rows := [][]ocrWord{
			{{"武汉市安泰质量检验中心", 800, 120, 600, 50}},
			{{"报告编号", 180, 500, 160, 30}, {"DHG25-8359", 552, 500, 260, 30}},
			{{"委托单位", 180, 560, 160, 30}, {"厦门市诚安电子有限公司", 552, 560, 480, 30}},
		}
		if footer {
			rows[0] = []ocrWord{{"武汉市 BPR", 800, 120, 300, 50}, {"公司", 1200, 120, 300, 50}}
			rows = append(rows, []ocrWord{{"武汉市安泰检测技术有限公司 湖北省武汉市东西湖区新华路44号", 180, 3270, 1200, 25}})
		}
		l := ocrWords(rows)
		for i := range l.Pages[0].Rows {
			ws := l.Pages[0].Rows[i].Words
			for k := range ws {
				if strings.Contains(ws[k].Text, "武汉") || ws[k].Text == "公司" {
					ws[k].Conf = 0.5
				}
			}
		}
		v := newView(l)
		g := readGeneric(v, &docFuncs{v: v})
		want := "武汉市安泰质量检验中心"
		if footer {
			want = "武汉市安泰检测技术有限公司"
		}
		if r := g.fields[labrelay.FieldLabName]; r == nil || r.value != want || r.conf > 0.8*0.5 {
			t.Errorf("footer %v: lab name %+v, want it at OCR's 0.5 of the letterhead's confidence at most", footer, r)
		}
	}
}

// A Chinese letterhead with Latin junk for a character or two ("苏州市
// HER 检测技术有限公司") is read from a copy that prints Chinese there.
func TestHanLetterheadJunkFromCopy(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"苏州市 HER 检测技术有限公司", 800, 120, 700, 50}},
		{{"报告编号", 180, 500, 160, 30}, {"DHG25-8359", 552, 500, 260, 30}},
		{{"委托单位", 180, 560, 160, 30}, {"厦门市诚安电子有限公司", 552, 560, 480, 30}},
		{{"苏州市金辉检测技术有限公司 江苏省苏州市吴中区人民路38号", 180, 3270, 1200, 25}},
	})
	if got := generic(t, l)[labrelay.FieldLabName]; got != "苏州市金辉检测技术有限公司" {
		t.Errorf("lab_name = %q", got)
	}
}

// A scan's Chinese letterhead OCR read in part ("公司", the rest in a
// cell of junk) or not at all is the footer's name that holds it.
func TestHanLabFromFooter(t *testing.T) {
	for _, head := range []string{"BSR Iie BPR a)", "公司"} {
		l := ocrWords([][]ocrWord{
			{{"武汉市 BPR", 800, 120, 300, 50}, {head, 1200, 120, 300, 50}},
			{{"报告编号", 180, 500, 160, 30}, {"DHG25-8359", 552, 500, 260, 30}},
			{{"委托单位", 180, 560, 160, 30}, {"厦门市诚安电子有限公司", 552, 560, 480, 30}},
			{{"武汉 市 诚安 检验 检测 有 限 公司 湖北省武汉市东西湖区高新大道168号", 180, 3270, 1200, 25}},
			{{"This report shall not be reproduced except in full.", 180, 3310, 1200, 25}},
		})
		if got := generic(t, l)[labrelay.FieldLabName]; got != "武汉市诚安检验检测有限公司" {
			t.Errorf("letterhead %q: lab_name = %q", head, got)
		}
	}
}
