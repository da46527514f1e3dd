package rules

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// An English dictionary for the words of a scan's names and products.
// OCR reads "l" as "i" and back ("Hose ciamp", "Biuecrest", "Vaiencia")
// where a value's word is not in Tesseract's own dictionary, which it
// leans on inside prose. A word neither in the dictionary nor made of two
// of its words nor a pinyin name, that is one with an "i" and an "l"
// swapped (or two of one), or an "l" read twice, is that word.

//go:generate sh dict/gen.sh

//go:embed dict/eng.txt.gz
var engWordsGz []byte

// engWords is the dictionary: lower case, sorted, four letters or more.
var engWords = sync.OnceValue(func() []string {
	zr, err := gzip.NewReader(bytes.NewReader(engWordsGz))
	if err != nil {
		return nil
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		return nil
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
})

func inDict(w string) bool {
	_, ok := slices.BinarySearch(engWords(), strings.ToLower(w))
	return ok
}

// How well a word is known: a dictionary word, two dictionary words of
// four letters or more run together ("Bluecrest"), a name of pinyin
// syllables ("Xili", "Hengtai"), or not at all.
const (
	unknownWord = iota
	pinyinWord
	compoundWord
	dictWord
)

func wordKnown(w string) int {
	switch {
	case inDict(w):
		return dictWord
	case compound(w):
		return compoundWord
	case unicode.IsUpper(rune(w[0])) && pinyinName(strings.ToLower(w)):
		return pinyinWord
	}
	return unknownWord
}

func compound(w string) bool {
	for k := 4; k <= len(w)-4; k++ {
		if inDict(w[:k]) && inDict(w[k:]) {
			return true
		}
	}
	return false
}

// pinyinName reports a word made of pinyin syllables.
func pinyinName(w string) bool {
	ok := make([]bool, len(w)+1)
	ok[0] = true
	for i := range len(w) {
		if !ok[i] {
			continue
		}
		for j := i + 1; j <= min(len(w), i+6); j++ {
			if pinyinSyllables[w[i:j]] {
				ok[j] = true
			}
		}
	}
	return ok[len(w)]
}

var pinyinSyllables = wordSet(`a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
	ca cai can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
	chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dian
	diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai
	gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen
	heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan
	jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang
	lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv lve ma mai man mang
	mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian
	niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi
	pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang
	rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang
	shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui
	sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang
	wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi
	yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe
	zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo`)

// respellDictWords respells the words of a scan's name, address or
// product that the dictionary does not know and that one "i"/"l" swap,
// or two the same way, makes a word it knows ("ciamp" → "clamp",
// "Biuecrest" → "Bluecrest"); a word two readings fit as well is kept.
func respellDictWords(s string) string {
	fs := strings.Fields(s)
	changed := false
	for i, f := range fs {
		core := strings.TrimRight(f, ",.;:")
		if r := ilRespell(core); r != core {
			fs[i], changed = r+f[len(core):], true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(fs, " ")
}

// ilRespell returns w with its "i"/"l" swapped to the one word the
// dictionary knows, or w.
func ilRespell(w string) string {
	if len(w) < 4 || strings.ToUpper(w) == w || !asciiLetters(w) || wordKnown(w) != unknownWord {
		return w
	}
	best, bestKnown, bestSwaps, tie := "", unknownWord, 0, false
	for _, v := range ilVariants(w) {
		k := wordKnown(v.w)
		if k == pinyinWord && !v.toL {
			k = unknownWord // an "l" read as "i" in a pinyin name ("Jiniong"), not back
		}
		switch {
		case k < pinyinWord || k < bestKnown || k == bestKnown && v.swaps > bestSwaps:
		case k == bestKnown && v.swaps == bestSwaps:
			tie = true
		default:
			best, bestKnown, bestSwaps, tie = v.w, k, v.swaps, false
		}
	}
	if best == "" || tie {
		return w
	}
	return best
}

type variant struct {
	w     string
	swaps int
	toL   bool // one "i" or "I" read back as "l"
}

// ilVariants lists w with one "i" read as "l" or back (a capital "I"
// after the first letter as "l"), with two swapped the same way, and
// with a doubled "l" single.
func ilVariants(w string) []variant {
	swap := func(k int) (byte, bool) {
		switch c := w[k]; {
		case c == 'i':
			return 'l', true
		case c == 'l':
			return 'i', true
		case c == 'I' && k > 0:
			return 'l', true
		}
		return 0, false
	}
	var out []variant
	for a := 1; a < len(w) && len(w) >= 6; a++ {
		if w[a] == 'l' && w[a-1] == 'l' {
			// an "l" read twice ("Wheell"); a shorter word is too often
			// another language's ("skall")
			out = append(out, variant{w[:a] + w[a+1:], 1, false})
		}
	}
	for a := range len(w) {
		ra, ok := swap(a)
		if !ok {
			continue
		}
		b := []byte(w)
		b[a] = ra
		out = append(out, variant{string(b), 1, ra == 'l'})
		for c := a + 1; c < len(w); c++ {
			if rc, ok := swap(c); ok && rc == ra {
				b2 := slices.Clone(b)
				b2[c] = rc
				out = append(out, variant{string(b2), 2, false})
			}
		}
	}
	return out
}

func asciiLetters(w string) bool {
	for i := range len(w) {
		if c := w[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
