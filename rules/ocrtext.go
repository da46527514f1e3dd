package rules

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// OCR clean-up. Tesseract reads the ruling of a table as words ("|", "_",
// "}") and confuses a few glyphs in ways that break captions and values:
// "1EC 62321", "{SO 9227", "$GS", "Tota!", "mg/dm?". cleanOCR drops the
// ruling and repairs those confusions in OCR rows only (text layers are
// taken as printed). A repaired word keeps at most correctedConf, so a
// value that needed a repair is never auto-accepted on it.

// correctedConf caps the confidence of a word cleanOCR changed: under
// every pack's threshold.
const correctedConf = 0.8

// cleanOCR returns the words of one OCR row without table ruling and with
// common glyph confusions repaired.
func cleanOCR(ws []labrelay.Word) []labrelay.Word {
	out := make([]labrelay.Word, 0, len(ws))
	bareArea := false // the last token was "mg/dm" with its "²" lost
	areaEnd := 0.0    // where that "mg/dm" word ends
	for i, w := range ws {
		next := ""
		if i+1 < len(ws) {
			next = firstToken(ws[i+1].Text)
		}
		// A table cell read from the page's grid is one word of several
		// tokens ("IEC 62321-5:2013"): each token is cleaned on its own.
		toks := strings.Fields(w.Text)
		orig := w.Text
		droppedEnd := false // the last token, a ruling, dropped after others
		kept := toks[:0]
		for k, t := range toks {
			t = strings.Trim(t, "|¦")
			if u := unglue(t); u != t && u != "" {
				t = u
				w.Conf = math.Min(w.Conf, correctedConf)
			}
			nt := next
			if k+1 < len(toks) {
				nt = toks[k+1]
			}
			if (t == ":" || t == "：") && len(kept) == 0 && len(out) > 0 && nt != "" && eastAsianRun(prevToken(out, kept)) {
				// an East Asian caption's colon, read apart: the caption
				// and a Han value after it would read as one phrase
				out[len(out)-1].Text += ":"
				continue
			}
			if (t == ":" || t == "：") && len(toks) == 1 && i > 0 && i+1 < len(ws) && len(out) > 0 && captionColon(ws[i-1], w, ws[i+1]) {
				// "Customer : Dinghao …": a colon set apart, a word
				// space either side, ends the caption as it does in
				// the text layer (a ruling read as ":" stands a column
				// gap off its neighbours, as tall as the line)
				out[len(out)-1].Text += ":"
				continue
			}
			if (t == ":" || t == "：") && k > 0 && k+1 < len(toks) && len(kept) > 0 && captionEnd(kept[len(kept)-1]) && valueHead(toks[k+1]) {
				// the same colon inside a phrase read as one word
				kept[len(kept)-1] += ":"
				continue
			}
			if t == "" || ruling(t) && !rangeMark(t, prevToken(out, kept), nt) && !closesBracket(t, out, kept) {
				droppedEnd = k > 0 && k == len(toks)-1
				continue
			}
			if t == "=" && strings.HasSuffix(prevToken(out, kept), ":") {
				// "DATE REPORTED: = 15/09/2025": a caption's colon is
				// never followed by an equals sign; a speck is
				w.Conf = math.Min(w.Conf, correctedConf)
				continue
			}
			if signJunk(t, nt) {
				w.Conf = math.Min(w.Conf, correctedConf)
				continue
			}
			// the "²" of "mg/dm" read on its own as "5", "x", right after
			// it: an MDL "1" a column on is no superscript
			if bareArea && utf8.RuneCountInString(t) == 1 && (k > 0 || w.Box.X-areaEnd <= 1.5*math.Max(w.Box.H, 1)) {
				bareArea = false
				continue
			}
			bareArea = reAreaUnit.MatchString(t) && strings.HasSuffix(t, "m")
			areaEnd = w.Box.X + w.Box.W
			if fixed := respellHeader(fixGlyphs(t, nt)); fixed != t {
				t = fixed
				w.Conf = math.Min(w.Conf, correctedConf)
			}
			kept = append(kept, t)
		}
		if len(kept) == 0 {
			continue
		}
		w.Text = strings.Join(kept, " ")
		if droppedEnd {
			// a cell's ruling read at its end ("SUBMITTED BY _|"): the
			// box ends with the words kept, or the gap to the value
			// beside it closes and caption and value read as one cell
			w.Box.W *= float64(utf8.RuneCountInString(w.Text)+1) / float64(utf8.RuneCountInString(orig)+1)
		}
		if n := len(out); n > 0 && underscoreJoin(out[n-1], w) {
			// "PUCKJS_ LITE": no space follows an underscore in a code
			p := &out[n-1]
			p.Text += w.Text
			p.Box = unionBox(p.Box, w.Box)
			p.Conf = math.Min(math.Min(p.Conf, w.Conf), correctedConf)
			continue
		}
		out = append(out, w)
	}
	return out
}

// dropStrokes drops the words that are a ruling's stroke read as a
// letter ("Anschrift j", "Hg 和 IEC"): one glyph a tenth as wide as it is
// tall. Left in, its box makes the row a line taller and the next line
// too close to it.
func dropStrokes(ws []labrelay.Word) []labrelay.Word {
	if !slices.ContainsFunc(ws, stroke) {
		return ws
	}
	return slices.DeleteFunc(slices.Clone(ws), stroke)
}

func stroke(w labrelay.Word) bool {
	t := strings.TrimSpace(w.Text)
	r, n := utf8.DecodeRuneInString(t)
	return n > 0 && n == len(t) && unicode.IsLetter(r) && w.Box.W <= 0.12*w.Box.H
}

// underscoreJoin reports a word that ends in an underscore and the next
// one, a letter or digit after less than a line's height, as one code
// OCR split.
func underscoreJoin(a, b labrelay.Word) bool {
	if !strings.HasSuffix(a.Text, "_") || len(a.Text) < 2 || b.Text == "" {
		return false
	}
	r := firstRune(b.Text)
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && b.Box.X-(a.Box.X+a.Box.W) < math.Max(a.Box.H, 1)
}

// closesBracket reports a ")" alone (or with a caption's colon, "):")
// that closes a bracket opened in the row's last three tokens and not
// closed: "(10%", "乙醇", ")" is no rule, where Tesseract reads a Chinese
// phrase's bracket on its own.
func closesBracket(t string, out []labrelay.Word, kept []string) bool {
	if b := strings.TrimRight(t, ":："); b != ")" && b != "）" {
		return false // a bracket alone, or with the caption's colon: "(批准 ):"
	}
	var toks []string
	for _, w := range out {
		toks = append(toks, strings.Fields(w.Text)...)
	}
	toks = append(toks, kept...)
	depth := 0
	for i := len(toks) - 1; i >= 0 && i >= len(toks)-3; i-- {
		for _, r := range slices.Backward([]rune(toks[i])) {
			switch r {
			case ')', '）':
				depth++
			case '(', '（':
				if depth == 0 {
					return true
				}
				depth--
			}
		}
	}
	return false
}

// rangeMark reports a "~" after a number and before a number or word: a
// period's or a range's mark ("14/08/2025 ~ 20/08/2025", "March 9, 2024 ~
// March 10, 2024"), not a speck.
func rangeMark(t, prev, next string) bool {
	if t != "~" || prev == "" || next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	first := firstRune(next)
	return unicode.IsDigit(last) && (unicode.IsDigit(first) || unicode.IsLetter(first))
}

// signJunk reports quotes or an "=" read before a sign ("“= ≤ 1000"):
// the ink of the sign's other stroke or a speck, not a value.
func signJunk(t, next string) bool {
	if next == "" || !strings.ContainsRune("≤<>≥", firstRune(next)) && !reNDToken.MatchString(next) {
		return false
	}
	return strings.Trim(t, "“”\"'=") == ""
}

// reNDToken is "not detected" as a value cell starts: "n.d.", "ND", "Not".
var reNDToken = lazyRegexp(`^(?i:n\.?d\.?|not)$`)

// captionColon reports a colon word c between words a and b set a word
// space from each, shorter than a's letters, after a caption's last
// letter or stop.
func captionColon(a, c, b labrelay.Word) bool {
	h := a.Box.H
	return h > 0 && c.Box.H > 0 && captionEnd(a.Text) && valueHead(b.Text) && c.Box.H < 0.8*h &&
		c.Box.X-(a.Box.X+a.Box.W) <= 1.2*h && b.Box.X-(c.Box.X+c.Box.W) <= 1.2*h
}

// captionEnd reports text ending as a caption does: a letter or a stop.
func captionEnd(t string) bool {
	r, _ := utf8.DecodeLastRuneInString(t)
	return unicode.IsLetter(r) || r == '.'
}

// valueHead reports text starting as a value does after a caption: a
// capital, a digit or a Han letter.
func valueHead(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r)
}

// prevToken is the last token kept before the current one in cleanOCR.
func prevToken(out []labrelay.Word, kept []string) string {
	if len(kept) > 0 {
		return kept[len(kept)-1]
	}
	if len(out) > 0 {
		f := strings.Fields(out[len(out)-1].Text)
		return f[len(f)-1]
	}
	return ""
}

func firstToken(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

// reSpeckDot is two words joined by a period and no space, the second
// capitalised or a word of four or more letters (not a web domain's
// "com"): a speck of the scan read where the space was.
var reSpeckDot = lazyRegexp(`^(\p{L}{3,})\.(\p{Lu}\p{Ll}*|\p{Ll}{4,})$`)

// reSpeckPeriod is an abbreviation whose period OCR read with specks,
// alone or before a number without its space.
var reSpeckPeriod = lazyRegexp(`^(\p{L}{2,5})\.{2,3}(\d[\d\-/]*)?$`)

// reGluedDate is a word ending in lower case glued to a date: a
// caption and its value whose space OCR lost. A code's letters end in
// capitals or digits.
var reGluedDate = lazyRegexp(`^(\p{L}{3,}\p{Ll}[:.]?)(\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4})$`)

// numberWords are the abbreviations of "number" a number follows.
var numberWords = wordSet(`no nr co`)

// periodWords are the abbreviations a period ends, which a word may
// follow without a space ("Ltd.Shenzhen", "Fig.A").
var periodWords = wordSet(`ltd inc corp tel fax fig ref rev add dept ave blvd bldg approx prof vol est max min www http https`)

// accreditationBodies are the acronyms of accreditation bodies whose
// numbers the generic pack finds (ILAC signatories).
var accreditationBodies = wordSet(`CNAS A2LA HOKLAS DAKKS UKAS NVLAP IAS JAB NATA IANZ SANAS ENAC COFRAC KOLAS TAF NABL`)

// reBodyNumber is how an accreditation number starts after its body.
var reBodyNumber = lazyRegexp(`^(?:TL-|RTL|L\d|D-PL|T\d|KT\d|LA-|TC-|Cert|Lab|\d)`)

// accreditationBody is the body's acronym that t, before an
// accreditation number, is by case or a first letter misread ("1AS",
// "(AS TL-744", "ENAc 415/LE9485"); "" when it is none.
func accreditationBody(t, next string) string {
	if len(t) < 3 || len(t) > 7 || !reBodyNumber.MatchString(next) {
		return ""
	}
	u := strings.ToUpper(t)
	if accreditationBodies[u] {
		if u == "DAKKS" {
			u = "DAkkS"
		}
		if u != t {
			return u
		}
		return ""
	}
	if strings.ContainsRune("1l|([!", rune(t[0])) && accreditationBodies["I"+u[1:]] {
		return "I" + u[1:]
	}
	return ""
}

// reIECNumber is an IEC standard's number as the next token starts.
var reIECNumber = lazyRegexp(`^6\d{4}(?:[-:]|$)`)

var rePlainNumber = lazyRegexp(`^\d+(?:[.,]\d+)?$`)

// ruling reports whether t is table ruling or specks read as a word:
// brackets, bars, underscores and quotes with no letter or digit. A lone
// "-" or "<" is kept: they are values ("not regulated", "less than").
func ruling(t string) bool {
	if t == "-" || t == "<" || t == ">" || t == "—" || t == "–" {
		return false
	}
	for _, r := range t {
		if !strings.ContainsRune("|¦_{}[]()‘’'`\";:,.~^«»", r) {
			return false
		}
	}
	return true
}

// unglue drops a closing bracket the token does not open ("Conform}",
// "237]"): a table rule glued to the cell's last glyph. After a code's
// last capital it is its J read as the bracket its descender looks like
// ("TP2964-G]"): kept for tidyOCRCode.
func unglue(t string) string {
	if reCodeBracketEnd.MatchString(t) {
		return t
	}
	for _, p := range [][2]string{{"}", "{"}, {"]", "["}} {
		if strings.HasSuffix(t, p[0]) && !strings.Contains(t, p[1]) {
			return strings.TrimSuffix(t, p[0])
		}
	}
	return t
}

// reJunkIEC is "IEC" with a rule, a speck or a stroke read before it or
// for its "I" ("jiEC", "!EC", "|IEC").
var reJunkIEC = lazyRegexp(`^[!|ijlJI1(\[{]{1,2}EC$`)

// misreadWord is the word t stands for when it is a whole-word misread
// Tesseract makes, given the token after it.
func misreadWord(t, next string) (string, bool) {
	startsDigit := next != "" && unicode.IsDigit(firstRune(next))
	if t != "IEC" && reJunkIEC.MatchString(t) && reIECNumber.MatchString(next) {
		return "IEC", true
	}
	switch t {
	case "1EC", "JEC", "lEC", "|EC", "[EC":
		if startsDigit {
			return "IEC", true
		}
	case "(EC", "{EC", "SEC", "EC", "NEC", "AEC", "LEC", "TEC":
		// a first letter lost or misread before an IEC number (60000
		// and up since 1997), not another body's
		if reIECNumber.MatchString(next) {
			return "IEC", true
		}
	case "AFPS", "AfFPS", "AIPS":
		// the German product safety committee's PAH specification
		if next == "GS" {
			return "AfPS", true
		}
	case "Oetected", "0etected", "Detecied":
		return "Detected", true // "Not Detected", a glyph confused
	case "<s", "<=":
		// "≤" whose lower stroke was read as a letter or a second sign
		if startsDigit {
			return "≤", true
		}
	case "N.2", "n.2", "N.9", "n.9":
		// "N.º de informe": the ordinal mark read as a "2"
		if !startsDigit {
			return t[:2] + "º", true
		}
	case "Lid.", "Lid":
		// "Co., Lid." — the legal form of a company name
		return "Ltd" + strings.TrimPrefix(t, "Lid"), true
	case "1SO", "{SO", "lSO", "|SO", "[SO", "150":
		if startsDigit && t != "150" {
			return "ISO", true
		}
	}
	return t, false
}

// fixGlyphs repairs confusions Tesseract makes on report text: standard
// prefixes read with a digit or a bracket ("1EC", "JEC", "{SO", "1SO")
// before a number; an "I" read as "{" or "\" before capitals ("{EC",
// "\CP-MS"); a standard's space read as a period ("EN.1186-9"); an
// oxidation state in braces ("Cr{Vij"); a unit's slash lost or read as
// "f" ("mgkg", "mgfdm²"), its "g" read as "a" ("ma/kg");
// "$" for "S" at the start of a capitalised word; "!" for "l" after a
// lower-case letter; "?" for "²" after "dm" or "cm"; "Lid." for "Ltd.";
// "1" or "l" for "I" in an oxidation state ("(V1)"); "N.2" for "N.º";
// "straBe" for "straße"; "Priif" for "Prüf".
func fixGlyphs(t, next string) string {
	if w, ok := misreadWord(t, next); ok {
		return w
	}
	if m := reSpeckDot.FindStringSubmatch(t); m != nil && !periodWords[strings.ToLower(m[1])] {
		t = m[1] + " " + m[2] // "Summit.Components": a speck read in the space
	}
	if m := reSpeckPeriod.FindStringSubmatch(t); m != nil && (periodWords[strings.ToLower(m[1])] || numberWords[strings.ToLower(m[1])]) {
		// "Ltd...", "No..145": specks read beside an abbreviation's period
		t = m[1] + "."
		if m[2] != "" {
			t += " " + m[2]
		}
	}
	if m := reGluedDate.FindStringSubmatch(t); m != nil {
		t = m[1] + " " + m[2] // "Ausstellungsdatum22.11.2024": the space lost
	}
	if strings.HasSuffix(t, ",.") && len(t) > 2 {
		t = strings.TrimSuffix(t, ".") // "Tower A,.": a speck after the comma
	}
	if b := accreditationBody(t, next); b != "" {
		t = b
	}
	if rest, ok := strings.CutPrefix(t, "三"); ok && rePlainNumber.MatchString(rest) {
		// "三1000": "≤" read whole as the Han "three" (three strokes),
		// glued to the number; apart, "三" may be Chinese text
		t = "≤" + rest
	}
	if strings.HasPrefix(t, "{") && strings.HasSuffix(t, ")") && !strings.ContainsAny(t, "(}") {
		t = "(" + t[1:] // "{mg/kg)": a header's unit in brackets
	}
	if reBracedI.MatchString(t) && !strings.Contains(t, "]") && !strings.Contains(t, "}") {
		t = "I" + t[1:]
	}
	if m := reDottedStandard.FindStringSubmatch(t); m != nil {
		t = m[1] + " " + m[2]
	}
	t = reBracedState.ReplaceAllString(t, "$1($2)")
	if m := reUnitNoSlash.FindStringSubmatch(t); m != nil {
		t = m[1] + "/" + m[2]
	}
	if len(t) >= 3 && t[0] == '$' && unicode.IsUpper(firstRune(t[1:])) {
		t = "S" + t[1:]
	}
	if len(t) >= 3 && t[0] == '!' && unicode.IsLower(firstRune(t[1:])) {
		t = "I" + t[1:] // "!nc.": a capital I read as "!"
	}
	if strings.Contains(t, "!") {
		var b strings.Builder
		prev := rune(0)
		for _, r := range t {
			if r == '!' && unicode.IsLower(prev) {
				r = 'l'
			}
			b.WriteRune(r)
			prev = r
		}
		t = b.String()
	}
	if m := reStrasse.FindStringSubmatchIndex(t); m != nil {
		i, j := m[2], m[3]
		if i < 0 {
			i, j = m[4], m[5]
		}
		t = t[:i] + "ß" + t[j:] // "IndustriestraBe": ß read as B
	}
	t = rePruef.ReplaceAllString(t, "${1}rüf") // "Priifparameter": ü read as two strokes
	if reNDColon.MatchString(t) {
		t = t[:len(t)-1] + "."
	}
	if strings.Contains(t, "，") && reLatinComma.MatchString(t) {
		// a comma set with its space: "Co.，Ltd." is "Co., Ltd."
		t = strings.ReplaceAll(reCommaLetter.ReplaceAllString(t, ", $1"), "，", ",")
	}
	if m := reUnitMisreadG.FindStringSubmatch(t); m != nil {
		t = m[1] + "g/" + m[2]
	}
	if reAreaUnit.MatchString(t) {
		t = strings.TrimRight(t, "?2:") + "²"
	}
	return reRomanState.ReplaceAllStringFunc(t, func(m string) string {
		return strings.NewReplacer("1", "I", "l", "I", "i", "I", "|", "I").Replace(m)
	})
}

// reAreaUnit is a mass per area unit whose "²" OCR lost, read apart
// ("mg/dm" is no unit on its own) or read as "?", "2" or ":".
var reAreaUnit = regexp.MustCompile(`^(mg|µg|μg|ug)/(dm|cm)[?2:]?$`)

// reStrasse is the German street word with its "ß" read as "B", and in
// a compound ("Industriestrafe") as "S", "G", "k", "f", "fS", "b", "R",
// "p", "pB" or "&" too ("Strafe" alone is a word).
var reStrasse = regexp.MustCompile(`[Ss]tra(B)e\b|\p{L}{3}stra(S|G|k|fS|f|b|R|pB|p|&)e\b`)

// reNDColon is "n.d." whose last period was read as a colon or comma.
var reNDColon = regexp.MustCompile(`^[nN]\.[dD][:,]$`)

// reLatinComma is a Latin word or abbreviation with chi_sim's full-width
// comma after it ("migration，", "Co.，Ltd.").
var reLatinComma = regexp.MustCompile(`[A-Za-z0-9.]，`)

// reCommaLetter is a full-width comma before a letter.
var reCommaLetter = regexp.MustCompile(`，(\pL)`)

// reBracedI is a word of capitals whose "I" was read as a brace or a
// backslash: "{EC", "\CP-OES/AAS", "[SO".
var reBracedI = regexp.MustCompile(`^[{\\[][A-Z]{2}`)

// reDottedStandard is a standard's body and number read with a period for
// the space: "EN.1186-9:2002"; the number's part (-9, :2002) tells it from
// an abbreviation ("NO.1234").
var reDottedStandard = regexp.MustCompile(`^([A-Z]{2,4})\.(\d{3,}[-:]\d.*)$`)

// reBracedState is an element's oxidation state whose brackets were read
// as braces or a "j": "Cr{Vij", "Cr{VI}".
var reBracedState = regexp.MustCompile(`([A-Z][a-z]?)[{(]([IV]*V[IV]*|[IV]*V[1li]+)[}j]`)

// reUnitNoSlash is a mass unit per mass, volume or area whose slash was
// lost or read as a letter: "mgkg", "mgskg", "µglL".
var reUnitNoSlash = regexp.MustCompile(`^(mg|µg|μg|ug|ng)(?:[sl1I|fj]|[l1I|j]/)?(kg|g|L|dm²|dm2|dm:|dm\?|m³)$`)

// reUnitMisreadG is a mass unit per mass, volume or area whose "g" a
// photo's blur read as "a", "q" or "9", or as "ag": "ma/kg", "mag/dm²".
var reUnitMisreadG = regexp.MustCompile(`^(m|µ|μ|u|n)(?:a|q|9|ag|aq)/(kg|g|L|dm²|dm2|dm\?|dm|m³)$`)

// reRomanState is an oxidation state in brackets with an "I" read as
// "1", "l", "i" or "|": "Cr(V1)", "Cr(Vi)".
var reRomanState = regexp.MustCompile(`\((?:[IVX]*[1li|][IVX1li|]*[VX]|[VX][IVX1li|]*[1li|])[IVX1li|]*\)`)

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// joinRanges joins a cell that starts with a dash and a number to the cell
// before it when that one ends with a digit: OCR reads a printed period
// "27.12.2025 – 06.01.2026" with a wider gap around the dash than a text
// layer has, and the two ends fell into separate cells.
func joinRanges(cs []cell) []cell {
	out := cs[:0:0]
	for _, c := range cs {
		if n := len(out); n > 0 {
			p := &out[n-1]
			rest, dash := strings.CutPrefix(c.Text, "- ")
			if !dash {
				rest, dash = strings.CutPrefix(c.Text, "– ")
			}
			last, _ := utf8.DecodeLastRuneInString(p.Text)
			if dash && rest != "" && unicode.IsDigit(firstRune(rest)) && unicode.IsDigit(last) {
				p.Text += " " + c.Text
				p.Box = unionBox(p.Box, c.Box)
				p.Conf = math.Min(p.Conf, c.Conf)
				p.words = append(p.words, c.words...)
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// gridCell reports an OCR word that is a cell read from the page's ruling
// grid (extract/ocr reads such a cell as one word of several tokens): two
// such cells side by side are two cells when more than a word space (0.6
// of the row's median height) parts them, though tall CJK boxes make the
// gap look narrow ("检测方法 Method Ref." and "检出限 MDL"). A word space
// does not part them: the grid also cuts a name in two ("Meridian
// Compliance Certification" | "Co., Ltd.").
func gridCell(w labrelay.Word) bool {
	return strings.Contains(strings.TrimSpace(w.Text), " ")
}

// inkHeight is the floor of an OCR row's word heights for the column gap
// test: the row's median word height (a text layer's height is the
// font's, taller than the ink of its capitals). An OCR box hugs the ink, so
// "~", "-" or "," is a few pixels high, and a word space beside it read
// as a column gap: "14/08/2025 ~ 20/08/2025" became three cells and the
// period lost its end. A row whose boxes are flat is measured by its
// glyphs' width.
func inkHeight(ws []labrelay.Word) float64 {
	if len(ws) == 0 {
		return 1
	}
	hs := make([]float64, len(ws))
	var cw []float64
	for i, w := range ws {
		hs[i] = w.Box.H
		if n := utf8.RuneCountInString(w.Text); n >= 3 {
			cw = append(cw, w.Box.W/float64(n))
		}
	}
	slices.Sort(hs)
	h := hs[len(hs)/2]
	if len(cw) > 0 {
		// a photo's bent line may box its words a pixel or a few tall
		// ("Product" 141×1): their glyphs' width says their size then
		slices.Sort(cw)
		if est := 1.2 * cw[(len(cw)-1)/2]; h < 0.5*est { // the lower median: a garbled run boxes wide
			h = 0.8 * est
		}
	}
	return math.Max(h, 1)
}

// headerLineH is the line height of the table whose header is line h,
// the unit of the table's spacing rules: the header's box height on a
// text layer, where every line has the font's height; on an OCR page,
// whose boxes hug the ink, the median box height of the header and the
// lines under it on its page — a header's descenders and a rule caught
// in a word's box ("Reporting", "Item") made it a fifth taller than a
// data row, so a group heading at row pitch ("PAHs") read as a wrapped
// item name.
func headerLineH(v *view, h int) float64 {
	hl := v.Lines[h]
	if hl.Path != labrelay.PathOCR {
		return hl.Box.H
	}
	var hs []float64
	for k := h; k < len(v.Lines) && k <= h+10 && v.Lines[k].Page == hl.Page; k++ {
		hs = append(hs, v.Lines[k].Box.H)
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// ocrCaption reads a caption that OCR garbled around its known words: a
// translation read as junk in brackets ("Batch No. (Oy FHS)", "Submitted
// by ( 依顿元 )"), an East Asian run ("试验规格 Test Methods"), or a
// leading token that is no word ("i375 Manufacturer Name"), and a caption
// one character off when alone in its cell ("CERTIFICATE NOD."). What is
// left must name a field by itself and strongly; nil otherwise.
func ocrCaption(t string) []lexEntry {
	if es := fuzzyCaption(capKey(t)); len(es) > 0 {
		return es
	}
	if es := glyphCaption(capKey(t)); len(es) > 0 {
		return es
	}
	core := dropJunkBrackets(t)
	var ws []string
	for _, w := range strings.Fields(core) {
		if strings.IndexFunc(w, text.IsCJK) < 0 {
			ws = append(ws, w)
		}
	}
	// a bracket's tail whose opening OCR lost ("Purchase Order G#iEBS)")
	// ("Report #" keeps its number sign)
	for len(ws) > 1 && strings.ContainsAny(ws[len(ws)-1], ")）}》#") && !reHasDigit.MatchString(ws[len(ws)-1]) && ws[len(ws)-1] != "#" {
		ws = ws[:len(ws)-1]
	}
	for drop := 0; drop <= 2 && drop < len(ws); drop++ {
		if drop > 0 && !junkToken(ws[drop-1]) {
			break
		}
		rest := ws[drop:]
		if drop > 0 && len(rest) < 2 && (len(rest) == 0 || utf8.RuneCountInString(rest[0]) < 8) {
			break // one word left names a field only when long ("Manufacturer")
		}
		k := capKey(strings.Join(rest, " "))
		if k == capKey(t) {
			continue // nothing stripped: the caller has tried it
		}
		es := captionFields(k)
		if len(es) == 0 && len(rest) > 1 {
			es = fuzzyCaption(k) // one word left must be a caption as printed
		}
		if len(es) > 0 && !allWeak(capHit{entries: es}) {
			return es
		}
	}
	if es := ocrCompound(t); len(es) > 0 {
		return es
	}
	return bilingualCaption(ws)
}

// ocrCompound reads a caption of parts split by a slash as compoundFields
// does, a part one letter off a caption read as that caption
// ("Direccién del cliente/Address": the Spanish half names whose address
// the bare English one is). It is not compoundFields with a fallback: it
// splits at slashes only and keeps no neutral or dated part aside, and
// sharing compoundFields' splitting cost a field on the untouched photos.
func ocrCompound(t string) []lexEntry {
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '／' })
	if len(parts) < 2 {
		return nil
	}
	var out []lexEntry
	address := false
	for _, p := range parts {
		k := capKey(p)
		es := captionFields(k)
		switch {
		case len(es) > 0:
		case addressCaptions[k]:
			address = true
			continue
		case captionKeys()[k]:
			return nil // a caption of something else
		default:
			if es = fuzzyCaption(k); len(es) == 0 {
				continue // a translation the lexicon does not know
			}
		}
		if out == nil {
			out = es
		} else if out = intersect(out, es); len(out) == 0 {
			return nil
		}
	}
	if address {
		return intersect(out, []lexEntry{{field: labrelay.FieldApplicantAddress}})
	}
	return out
}

// bilingualCaption reads a caption printed in two languages one of which
// OCR misread by a letter ("Descripcién de la muestra Test Item"): one
// part is a caption, the other within one edit of a caption of the same
// field.
func bilingualCaption(ws []string) []lexEntry {
	for i := 1; i < len(ws); i++ {
		a, b := capKey(strings.Join(ws[:i], " ")), capKey(strings.Join(ws[i:], " "))
		for _, pair := range [][2]string{{a, b}, {b, a}} {
			es := captionFields(pair[0])
			if len(es) == 0 || allWeak(capHit{entries: es}) {
				continue
			}
			if near := fuzzyCaption(pair[1]); len(near) > 0 && near[0].field == es[0].field {
				return es
			}
		}
	}
	return nil
}

// dropJunkBrackets blanks the junk brackets of t. A bracket never closed
// and glued to the glyph before it ("3£{7 A Reporting Date", a Han
// caption read as Latin) is no bracket but part of a junk token: blanked
// to the end, it would take the caption with it.
func dropJunkBrackets(t string) string {
	var b strings.Builder
	last := 0
	for _, m := range reJunkBracket.FindAllStringIndex(t, -1) {
		br := t[m[0]:m[1]]
		open := !strings.ContainsAny(br[1:], ")）}]》")
		before, _ := utf8.DecodeLastRuneInString(t[:m[0]])
		if !junkBracket(br) || open && m[0] > 0 && !unicode.IsSpace(before) {
			continue
		}
		b.WriteString(t[last:m[0]])
		b.WriteString(" ")
		last = m[1]
	}
	b.WriteString(t[last:])
	return b.String()
}

// reJunkBracket is a bracketed part, its closing bracket perhaps lost.
var reJunkBracket = lazyRegexp(`[(（{\[《][^)）}\]》]*(?:[)）}\]》]|$)`)

// junkBracket: a bracket that holds no plain Latin words — East Asian
// letters, digits or symbols, or a few letters — is a translation OCR
// garbled, not a qualifier of the caption ("(received)").
func junkBracket(b string) bool {
	in := strings.Trim(b, "(（{[《)）}]》 ")
	letters := 0
	for _, r := range in {
		switch {
		case text.IsCJK(r) || unicode.IsDigit(r):
			return true
		case unicode.IsLetter(r):
			letters++
		case r != ' ' && r != '.':
			return true
		}
	}
	return letters <= 6
}

// speckLine reports an OCR row that is one letter or digit less than half
// as tall as the page's words (h, their median): a speck read as a glyph
// ("i" 13 px tall among 28), which would stand as a value line between a
// caption and the line above.
func speckLine(r labrelay.Row, h float64) bool {
	if len(r.Words) != 1 {
		return false
	}
	w := r.Words[0]
	t := strings.TrimSpace(w.Text)
	c, n := utf8.DecodeRuneInString(t)
	return n > 0 && n == len(t) && (unicode.IsLetter(c) || unicode.IsDigit(c)) && w.Box.H < 0.5*h
}

// medianWordHeight is the median box height of the words of two runes
// or more on rows.
func medianWordHeight(rows []labrelay.Row) float64 {
	var hs []float64
	for _, r := range rows {
		for _, w := range r.Words {
			if utf8.RuneCountInString(strings.TrimSpace(w.Text)) >= 2 {
				hs = append(hs, w.Box.H)
			}
		}
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// junkLedCaption reports an OCR cell that is a caption after a token or
// two of junk, its other language read as Latin ("RRA Contact", "8 AMA
// Date", "REE Origin"): the next column's caption in a row of captions,
// no value, though it names no field by itself.
func junkLedCaption(t string) bool {
	ws := strings.Fields(t)
	for drop := 1; drop <= 2 && drop < len(ws); drop++ {
		if !junkToken(ws[drop-1]) {
			return false
		}
		rest := strings.Join(ws[drop:], " ")
		if len(ws)-drop > 4 || strings.ContainsAny(rest, ",，") || reHasDigit.MatchString(rest) {
			return false // a value's words ("2 Workshop, Longgang District")
		}
		if isCaptionText(rest) || len(captionFields(capKey(rest))) > 0 {
			return true
		}
	}
	return false
}

// junkToken: a token no caption word looks like — East Asian letters,
// digits among letters, symbols, at most two runes, or three capitals or
// small letters that are no word (a Han caption read as Latin: "HAA HR
// issued on", "WAL Report No.", "iat Manufacturer").
func junkToken(w string) bool {
	if n := len([]rune(w)); n <= 2 || n == 3 && strings.ToUpper(w) == w && lettersOnly(w) {
		return true
	}
	if len([]rune(w)) == 3 && strings.ToLower(w) == w && !openWords[w] && lettersOnly(w) {
		return true // three small letters no caption starts with ("iat Manufacturer")
	}
	for _, r := range w {
		if text.IsCJK(r) || unicode.IsDigit(r) || !unicode.IsLetter(r) && r != '.' && r != '-' {
			return true
		}
	}
	return false
}

// reCodeDashSpace is a code's hyphen OCR spaced from the next part
// ("KD2526- 91071"), or read twice, once each side of the space
// ("JMB25- -9824").
var reCodeDashSpace = lazyRegexp(`([\pL\d])- -?([\pL\d])`)

// reCodeJunkTail is what a rule or speck adds after a code: tokens of
// punctuation alone (" = -", a dash read as Han " 一"), or a bracket, bar
// or backslash glued on ("CN7759-C\\"), or a period after its last digit
// ("PO-71-34897.", "PF5421-BW." after its capitals).
var reCodeJunkTail = lazyRegexp(`(?:\s+(?:[^\pL\d\s]+|[一ー]))+$|([\pL\d])[\\|}\]]$|([\d\p{Lu}])\.$`)

// rePruef is German "prüf" (test: Prüfbericht, Prüfparameter, geprüft)
// with its "ü" read as two strokes.
var rePruef = lazyRegexp(`^((?:[Gg]e)?[Pp])r(?:ii|li|il|ti|ui)f`)

// reCodeDollar is a code's "S" read as "$" ("$8243543958"): no code has
// a dollar sign.
var reCodeDollar = lazyRegexp(`\$([\pL\d])`)

// particles are the small words names and addresses print in lower case.
var particles = wordSet(`de del della delle dello dei di da do dos das la le les van von der den und and of the am an im in zu y e bis`)

// titleCaseOCR gives a word of five letters or more a capital when OCR
// read its "I" or "J" small ("industrial", "jinlong") in a party's name
// or address whose other words of four letters or more, and company forms
// ("S.A.", "Inc.", "LLC"), two at least, all start with a capital,
// particles aside: "jinlong Semiconductor Ltd.", "73-1 industriestraße,
// Osaka". A word printed small that is no particle keeps the value as
// it is.
func titleCaseOCR(s string) string {
	ws := strings.Fields(s)
	caps := 0
	var small []int
	for i, w := range ws {
		core := strings.Trim(w, ",.;:()")
		if core == "" || particles[core] {
			continue
		}
		r := firstRune(core)
		if text.Letters(core) < 4 {
			if unicode.IsUpper(r) && (strings.Contains(core, ".") || strings.HasSuffix(w, ".") || text.Letters(core) > 1 && strings.ToUpper(core) == core) {
				caps++ // a company form: "S.A.", "Inc.", "LLC"
			}
			continue
		}
		switch {
		case unicode.IsUpper(r):
			caps++
		case unicode.IsLower(r):
			if (r != 'i' && r != 'j') || text.Letters(core) < 5 || text.Letters(core) != utf8.RuneCountInString(core) {
				return s // a word printed small: not a title-case value
			}
			small = append(small, i)
		}
	}
	if caps < 2 || len(small) == 0 {
		return s
	}
	for _, i := range small {
		r, n := utf8.DecodeRuneInString(ws[i])
		ws[i] = string(unicode.ToUpper(r)) + ws[i][n:]
	}
	return strings.Join(ws, " ")
}

// reSpeckStop is a stop after a word of four small letters or more, at
// the end or before a word of small letters; shortenedWords are the
// abbreviations a product's name may end with.
var (
	reSpeckStop    = lazyRegexp(`(\p{L}\p{Ll}{3,})\.($| \p{Ll})`)
	shortenedWords = wordSet("assy incl approx excl qlty appr cert spec specs")
)

// sentenceCaseOCR gives a product's name its first capital when OCR read
// its "I" or "J" small ("interior trim panel"): a first word of five
// small letters or more; and drops a speck read as a stop.
func sentenceCaseOCR(s string) string {
	// a speck read as a stop after a word of five letters or more
	// ("Ferrite bead.", "Bamboo fibre. bowl"): a product's name ends
	// with no stop, and an abbreviation's is short
	s = reSpeckStop.ReplaceAllStringFunc(s, func(m string) string {
		g := reSpeckStop.FindStringSubmatch(m)
		if shortenedWords[strings.ToLower(g[1])] {
			return m
		}
		return g[1] + g[2]
	})
	f, rest, _ := strings.Cut(s, " ")
	r, n := utf8.DecodeRuneInString(f)
	if (r != 'i' && r != 'j') || utf8.RuneCountInString(f) < 5 || strings.ToLower(f) != f || text.Letters(f) != utf8.RuneCountInString(f) {
		return s
	}
	return strings.TrimSpace(string(unicode.ToUpper(r)) + f[n:] + " " + rest)
}

// reCVForm is the Mexican form "S.A. de C.V." with its "C.V." read
// without periods or with a comma or semicolon ("de CV,", "de C.V"), or
// its "V" read "W" ("de CW.").
var reCVForm = lazyRegexp(`\b(S\.\s?A\.?\s+de)\s+[Cc]\.?\s?[VvW][.,;]?$`)

// reSAForm is the form "S.A." with its S read as a 5.
var reSAForm = lazyRegexp(`(^|\s)5\.\s?A\.`)

// japaneseName puts the Japanese forms of its characters in a Japanese
// name OCR read in simplified Chinese ("田中 惠子" for 田中 恵子): a name
// of Han characters whose family name of two or more stands apart from
// the given name, as Japanese names print and Chinese ones do not.
func japaneseName(s string) string {
	f := strings.Fields(s)
	if len(f) != 2 || utf8.RuneCountInString(f[0]) < 2 || !hanOnly(f[0]) || !hanOnly(f[1]) {
		return s
	}
	return japaneseNameForms.Replace(s)
}

// japaneseNameForms maps simplified Chinese forms to the forms Japanese
// names print: only characters whose simplified form Japanese does not
// use.
var japaneseNameForms = strings.NewReplacer(
	"惠", "恵", "边", "辺", "桥", "橋", "铃", "鈴", "泽", "沢", "斋", "斎", "滨", "浜", "广", "広",
	"龙", "竜", "荣", "栄", "绘", "絵", "纪", "紀", "树", "樹", "贵", "貴", "优", "優", "阳", "陽",
	"辉", "輝", "诚", "誠", "宽", "寛", "丰", "豊", "岛", "島", "冈", "岡", "东", "東", "乡", "郷",
	"实", "実", "义", "義",
)

// reIncForm is "Inc." ending a name, its capital I read small or as a
// "t", "l" or "1".
var reIncForm = lazyRegexp(`(\p{Lu}\S*\s)[itl1|]nc\.$`)

// reCoSemicolon is "Co., Ltd." with its comma read with a speck above.
var reCoSemicolon = lazyRegexp(`\bCo\.;(\s)`)

// reOpenQuoteInWord is an apostrophe read as an opening quote, which
// never stands between two letters ("Bao‘an").
var reOpenQuoteInWord = lazyRegexp(`(\p{L})‘(\p{L})`)

// reStopBeforeSA is a word glued to "S.A." by a speck read as a stop.
var reStopBeforeSA = lazyRegexp(`(\p{Ll}{3,})\.S\.A\.`)

var (
	// "Ltd." whose L OCR read as a bracket
	reLtdBracket = lazyRegexp(`(\s)[(\[{|]td\.`)
	// a speck read as a stop after a long word of a name ("Hamburg.
	// Summit …", "Products. Ltd.", "Electronics Factory."): no
	// abbreviation is five letters long
	reWordStop = lazyRegexp(`\b(\p{Lu}\p{Ll}{4,})\.( \p{Lu}|$)`)
)

// reHanCaptionLead is a caption's other language, its colon, before a
// Latin name: the caption misread into the value's cell.
var reHanCaptionLead = lazyRegexp(`^(?:\p{Han}\s?){2,6}[:：]\s*(\p{Lu}\p{L}.*)$`)

// reSAComma is "S.A." with its second stop read as a comma; reLtdComma a
// name's final "Ltd." so; reArticleIa the Spanish article "la" with its
// "l" read "i" after "de" ("Calle de ia Industria"): "ia" is no word.
var (
	reSAComma   = lazyRegexp(`\bS\.A,\s?de\b`)
	reLtdComma  = lazyRegexp(`\bLtd,$`)
	reArticleIa = lazyRegexp(`\b(de|del)\s+ia\b`)
)

// reAddressSign is a comparison sign OCR read from a speck in a name or
// an address, which print none ("No. ≥3 Gewerbepark", "< 2130 Calle").
var reAddressSign = lazyRegexp(`(^|\s)[<>≤≥]\s?(\d)`)

// mendPartyOCR mends a party's name or address read off a scan: a sign
// a speck made before a number, an apostrophe read as a quote, and the
// forms "S.A. de C.V." and "Co., Ltd." misread.
func mendPartyOCR(s string) string {
	s = reAddressSign.ReplaceAllString(s, "$1$2")
	s = reSAForm.ReplaceAllString(s, "${1}S.A.")
	s = reIncForm.ReplaceAllString(s, "${1}Inc.") // "Optoelectronics inc."
	s = reCoSemicolon.ReplaceAllString(s, "Co.,$1")
	s = reOpenQuoteInWord.ReplaceAllString(s, "$1'$2")
	s = reLtdBracket.ReplaceAllString(s, "${1}Ltd.")  // "Co., (td."
	s = reWordStop.ReplaceAllString(s, "$1$2")        // "Hamburg. Summit …", "Plastic Products. Ltd."
	s = reStopBeforeSA.ReplaceAllString(s, "$1 S.A.") // "Electronics.S.A. de C.V."
	s = reHanCaptionLead.ReplaceAllString(s, "$1")    // "依顿元: Goldpath Cable & Wire Factory"
	s = reSAComma.ReplaceAllString(s, "S.A. de")      // "S.A, de C.V."
	s = reLtdComma.ReplaceAllString(s, "Ltd.")        // "Co., Ltd,"
	s = reArticleIa.ReplaceAllString(s, "$1 la")      // "Calle de ia Industria"
	if m := reHanFormTail.FindStringSubmatch(s); m != nil && !reHanUnitEnd.MatchString(m[2]) {
		s = m[1] // "…硅胶制品股份有限公司硅胶保鲜盖": the product's cell read on
	}
	return reCVForm.ReplaceAllString(s, "$1 C.V.")
}

// reHanFormTail is a Chinese company's name to its form and the Han
// after it; reHanUnitEnd a tail that is the company's own unit, a branch
// or a works ("深圳分公司", "第二工厂").
var (
	reHanFormTail = lazyRegexp(`^(\p{Han}{2,}(?:有限责任公司|股份有限公司|有限公司))\s*(\p{Han}{2,})$`)
	reHanUnitEnd  = lazyRegexp(`(?:公司|厂|店|部|处|所|中心|院|站)$`)
)

// nameWords are the words of company names and addresses OCR misreads a
// glyph or two of ("Metai", "Automative", "Fioor", "Dongquan"): the
// trades, forms and places the names of labs' clients are made of, with
// the manufacturing cities and provinces of China, where most are.
var nameWords = wordSet(tradeList + `
	floor road street avenue building district park zone plant room tower block village province
	harbour harbor drive lane boulevard industriestraße gewerbepark gewerbegebiet avenida calle
	shenzhen dongguan guangzhou foshan zhongshan huizhou zhuhai jiangmen shantou xiamen fuzhou quanzhou
	ningbo hangzhou wenzhou shaoxing jiaxing taizhou suzhou wuxi changzhou nanjing nantong kunshan
	qingdao yantai jinan tianjin shanghai beijing chongqing chengdu wuhan changsha hefei zhengzhou
	guangdong zhejiang jiangsu fujian shandong anhui hubei hunan henan sichuan`)

// tradeList are the trades and forms of nameWords: a name of these
// alone ("Manufacturing LLC") names no company.
const tradeList = `metal metals industrial industries industry electronics electronic electric electrical
	manufacturing components component precision technology technologies products product automotive
	systems system corporation company limited plastics plastic packaging trading international group
	holdings enterprise enterprises materials material machinery equipment engineering semiconductor
	circuit circuits connector connectors silicone rubber chemical chemicals textile textiles household
	housewares tableware stamping fastener fasteners battery batteries lighting optical devices device
	solutions instruments hardware ceramics paper printing factory logistics appliances cable cables`

var tradeWords = wordSet(tradeList)

// reBracketI is a word whose first letter, a capital I, OCR read as an
// opening bracket, a stroke or a backslash.
var reBracketI = lazyRegexp(`^[(\[{|\\](\p{Ll}{4,})$`)

// respellNameWords respells the words of a name or address that read
// as one of nameWords with glyph confusions only, and no other.
func respellNameWords(s string) string {
	fs := strings.Fields(s)
	changed := false
	for i, f := range fs {
		core := strings.TrimRight(f, ",.;:")
		if m := reBracketI.FindStringSubmatch(core); m != nil && nameWords["i"+m[1]] && !strings.ContainsAny(s, ")]}") {
			// "(ndustrial": a capital I read as an opening bracket that
			// nothing closes
			fs[i], changed = "I"+m[1]+f[len(core):], true
			continue
		}
		lc := strings.ToLower(core)
		if utf8.RuneCountInString(core) < 5 || nameWords[lc] || text.Letters(core) != utf8.RuneCountInString(core) {
			continue
		}
		found := oneConfusable(lc, maps.Keys(nameWords))
		if found == "" {
			continue
		}
		fs[i], changed = matchCase(core, found)+f[len(core):], true
	}
	if !changed {
		return s
	}
	return strings.Join(fs, " ")
}

// reNameSpeck is a person's name ending in a period after a word of
// three letters or more: a speck, not an initial ("J.") or a title's
// abbreviation ("Jr.", "Ing.").
var reNameSpeck = lazyRegexp(`^(.*\s\p{L}{3,})\.$`)

// nameAbbrevs end a name with their period.
var nameAbbrevs = wordSet(`jr sr ing esq phd msc bsc dipl`)

// dropNameSpeck drops a speck read as a period after a person's name,
// and reads the title "Or." before one as the "Dr." OCR made it of (no
// name starts with the word "Or").
func dropNameSpeck(s string) string {
	if t, ok := strings.CutPrefix(s, "Or. "); ok && personLike(t) {
		s = "Dr. " + t
	}
	m := reNameSpeck.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	f := strings.Fields(m[1])
	if nameAbbrevs[strings.ToLower(f[len(f)-1])] {
		return s
	}
	return m[1]
}

// smallCapitals are the letters whose small form OCR reads for the
// capital.
const smallCapitals = "ijopsvwxzkcu"

// codeCapitals gives a code of capitals and digits the capitals OCR read
// small ("Pi23652", "Hj8736104"): a token of five characters or more
// with a digit, a capital or more and one small letter, of those
// whose small form looks like the capital.
func codeCapitals(s string) string {
	fs := strings.Fields(s)
	changed := false
	for i, f := range fs {
		small, caps, digits := -1, 0, 0
		ok := utf8.RuneCountInString(f) >= 5
		for j, r := range f {
			switch {
			case unicode.IsUpper(r):
				caps++
			case unicode.IsDigit(r):
				digits++
			case unicode.IsLower(r):
				if small >= 0 || !strings.ContainsRune(smallCapitals, r) && r != 'l' {
					ok = false
				}
				small = j
			}
		}
		if ok && small >= 0 && caps >= 1 && digits > 0 && !sizedSmall(f, small) {
			up := strings.ToUpper(f[small : small+1])
			if f[small] == 'l' {
				up = "I" // "Al4649107": a capital I read as a small l
			}
			fs[i] = f[:small] + up + f[small+1:]
			changed = true
		}
	}
	if !changed {
		return s
	}
	return strings.Join(fs, " ")
}

// sizedSmall reports the small letter at byte k of code f as OCR
// measured it: one whose capital is the same shape (o, c, s, v, w, x, z),
// whose case OCR tells by its size, between capitals in a part of f of
// letters only ("RoHS" in "RoHS-U1243117027"). A j or i read small
// ("25/8382/MjA") is a glyph misread, not a size.
func sizedSmall(f string, k int) bool {
	if !strings.ContainsRune("cosvwxz", rune(f[k])) {
		return false
	}
	from := strings.LastIndexAny(f[:k], "-/") + 1
	to := len(f)
	if e := strings.IndexAny(f[k:], "-/"); e >= 0 {
		to = k + e
	}
	part, at := f[from:to], k-from
	return lettersOnly(part) && at > 0 && at < len(part)-1 &&
		unicode.IsUpper(rune(part[at-1])) && unicode.IsUpper(rune(part[at+1]))
}

// reHanBeforeCode is a Han run, a space and a code of no Han.
var reHanBeforeCode = lazyRegexp(`^\p{Han}+\s+([A-Za-z0-9][^\p{Han}]*)$`)

// tidyFieldCode is tidyOCRCode, and for a purchase order's number the "O"
// of its "PO" prefix that OCR read as "Q" ("PQ-81-60542").
func tidyFieldCode(field, s string) string {
	if m := reHanBeforeCode.FindStringSubmatch(s); m != nil && reHasDigit.MatchString(m[1]) {
		s = m[1] // a caption's Han half misread before the code ("证明叫番 R-2024-622063")
	}
	if m := reSignBeforeCode.FindStringSubmatch(s); m != nil {
		s = m[1] // "< 37968075": a rule's end or a speck read as a sign
	}
	s = reCodeEquals.ReplaceAllString(s, "$1-$2") // a hyphen read as "=" across a stroke
	s = reCodeLeadSpeck.ReplaceAllString(s, "$1") // ".R-2025-341033": a speck before it
	if field == labrelay.FieldReportNumber {
		s = reCodeLowerTail.ReplaceAllString(s, "$1") // "DH2626-32784 ee:": a seal's rim read on
	}
	s = tidyOCRCode(s)
	if field == labrelay.FieldPONumber {
		s = rePQPrefix.ReplaceAllString(s, "PO$1")
	}
	if field == labrelay.FieldReportNumber {
		s = rePlusForDash.ReplaceAllString(s, "$1-$2") // "ELZ25+0533": a seal's stroke across the hyphen
	}
	return s
}

// reCodeLeadSpeck is a stop, comma or quote before a code's first
// capital or digit; reCodeEquals an equals sign between a code's capital
// or digit and a digit; reCodeLowerTail a word of one to three small
// letters after a code that ends in a digit.
var (
	reCodeLeadSpeck = lazyRegexp(`^[.,'‘’` + "`" + `]+([A-Z0-9][A-Z0-9/-]{4,})`)
	reCodeEquals    = lazyRegexp(`([A-Z0-9])=(\d)`)
	reCodeLowerTail = lazyRegexp(`^([A-Z0-9][A-Z0-9/-]{4,}\d)\s+[a-z]{1,3}[:.;]?$`)
)

// rePlusForDash is a report number of letters and digits, a plus where
// its hyphen stands, and digits: no lab numbers reports with a plus.
var rePlusForDash = lazyRegexp(`^([A-Z]{1,5}\d{2,6})\+(\d{3,})$`)

// reCodeBracketJ is a closing bracket after a capital, before a capital,
// a digit or the code's end; reCodeBracketJ2 after a digit or a hyphen
// too, in a code shaped as one (reCodeLike).
var (
	reCodeBracketJ  = lazyRegexp(`([A-Z])[\])]([A-Z0-9]|$)`)
	reCodeBracketJ2 = lazyRegexp(`([A-Z0-9-])[\])}]([A-Z0-9-]|$)`)
)

// reCodeLike is a code of five characters or more with a capital: "12)"
// is a list's number, not a code.
// reCodeBracketEnd is a code of capitals and digits, a digit among them,
// that ends in a capital and a closing square bracket.
var reCodeBracketEnd = lazyRegexp(`^[A-Z0-9][A-Z0-9/-]*\d[A-Z0-9/-]*[A-Z]\]$`)

var reCodeLike = lazyRegexp(`^[A-Z0-9/\])}-]{5,}$`)

// reSignBeforeCode is a comparison sign or a rule's glyph before a code
// of five characters or more: no identifier starts with one.
var reSignBeforeCode = lazyRegexp(`^[<>≤≥|¦_~]\s*([A-Z0-9][A-Z0-9/-]{4,})$`)

// rePQPrefix is a "PO" prefix read "PQ" before the order's number.
var rePQPrefix = lazyRegexp(`^PQ([-\s]?\d)`)

// tidyOCRCode mends what OCR does to a code read from a page image: a
// hyphen spaced from what follows, "$" for "S", a capital read small,
// and junk after its last character.
func tidyOCRCode(s string) string {
	s = reCodeDashSpace.ReplaceAllString(s, "$1-$2")
	if !strings.ContainsAny(s, "[({") {
		// a "J" read as the bracket its descender looks like: "25/9387/R]V",
		// "FB9436-Q)", "MC-603)-82", "MC-603}-82"; a code closes no bracket
		// it did not open
		s = reCodeBracketJ.ReplaceAllString(s, "${1}J$2")
		if reCodeLike.MatchString(s) && strings.ContainsFunc(s, unicode.IsUpper) {
			s = reCodeBracketJ2.ReplaceAllString(s, "${1}J$2")
		}
	}
	s = codeCapitals(s)
	s = reCodeDollar.ReplaceAllString(s, "S$1")
	if m := reCodeJunkTail.FindStringSubmatchIndex(s); m != nil {
		end := m[0]
		if m[2] >= 0 {
			end = m[3] // keep the code's last character
		} else if m[4] >= 0 {
			end = m[5]
		}
		if opened := strings.ContainsAny(s[:end], "{[("); !opened || m[2] < 0 {
			s = s[:end]
		}
	}
	return strings.TrimSpace(s)
}

// reDateHanSpeck is a Han letter alone after a date's last digit.
var reDateHanSpeck = lazyRegexp(`\d\s+(\p{Han})$`)

// reDateSpeck is what OCR reads after a date's last digit or month: a
// speck or a seal's stroke read as a quote, a degree sign or a stop, or a
// letter standing alone.
var reDateSpeck = lazyRegexp(`(?:[\d\p{L}])(\s*[°"'’”‘*~^.,;:_|/\-–—]+|\s+[A-Za-z])$`)

// reHanDateDayLost is a Chinese date that ends in its day's number.
var reHanDateDayLost = lazyRegexp(`\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}$`)

// reColonDate is a numeric date with a colon, semicolon or comma read for
// one of its two separators ("2025.01:11"): the other one says which.
var reColonDate = lazyRegexp(`^(\d{1,4})([./-]|[:;,])(\d{1,2})([./-]|[:;,])(\d{1,4})$`)

// mendDateOCR puts right a scan's date that OCR read with a speck after it
// or a colon for a dot. A date caps its confidence as every mend does;
// anything else is left as it is.
func mendDateOCR(in string) string {
	s := strings.TrimSpace(in)
	if ws := strings.Fields(s); len(ws) > 2 {
		// a speck read between a range's dates ("… 2025 a ≥ 10 …")
		if kept := slices.DeleteFunc(slices.Clone(ws), func(w string) bool { return strings.Trim(w, "≥≤<>=|*^°\"'’”‘`_") == "" }); len(kept) < len(ws) {
			s = strings.Join(kept, " ")
		}
	}
	if reHanDateDayLost.MatchString(s) {
		s += "日" // "2024年1月15": the last 日 lost at the cell's edge
	}
	if m := reDateSpeck.FindStringSubmatchIndex(s); m != nil && reHasDigit.MatchString(s[:m[2]]) {
		s = s[:m[2]]
	}
	if m := reDateHanSpeck.FindStringSubmatch(s); m != nil && !strings.Contains("年月日号", m[1]) {
		s = strings.TrimSpace(strings.TrimSuffix(s, m[1])) // "10. Februar 2026 人": a seal's stroke read as a Han letter
	}
	m := reColonDate.FindStringSubmatch(s)
	if m == nil || len(m[1]) != 4 && len(m[5]) != 4 {
		if s == strings.TrimSpace(in) {
			return in
		}
		return s
	}
	a, b := m[2], m[4]
	switch {
	case strings.ContainsAny(a, "./-") && !strings.ContainsAny(b, "./-"):
		b = a
	case strings.ContainsAny(b, "./-") && !strings.ContainsAny(a, "./-"):
		a = b
	}
	return m[1] + a + m[3] + b + m[5]
}
