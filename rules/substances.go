package rules

import (
	"iter"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

// OCR misreads a letter or two of a result row's item name ("tead",
// "Overali", "(8r)", "Ha"), and a misread name is a wrong row. A person
// reading the scan knows the words substances are named with; respell
// knows them too: a word of an OCR item cell that is not such a word but
// is one by a glyph confusion Tesseract makes (l/t, l/i, g/a, B/8…) is
// respelled, and the table's confidence is capped (correctedConf). The
// vocabulary is the chemistry of the reports' regulations (RoHS, REACH,
// food contact), not the words of any one report; of other languages
// only the words OCR spells without their umlauts (Regulation (EU) No
// 10/2011's German "Essigsäure") and the German names of the PAHs the
// AfPS GS specification lists ("Benz[a]anthracen"): a bilingual table's
// other German names must not pass for substances' (dropItemJunk).

// substanceWords are the words of substance and test names, lower case.
var substanceWords = wordSet(`
lead cadmium mercury chromium hexavalent trivalent bromine chlorine fluorine iodine antimony arsenic barium
selenium nickel cobalt zinc copper tin aluminium aluminum manganese molybdenum beryllium thallium silver
boron lithium strontium vanadium iron sulfur sulphur phosphorus tellurium bismuth titanium
polybrominated biphenyls biphenyl diphenyl ethers ether phthalate phthalates bis ethylhexyl butyl benzyl
dibutyl diisobutyl diisononyl diisodecyl dioctyl octyl hexabromocyclododecane short medium chain
chlorinated paraffins perfluorooctane perfluorooctanoic sulfonate sulfonic acid acids polycyclic
aromatic hydrocarbons benzo pyrene anthracene fluoranthene chrysene naphthalene phenanthrene
acenaphthene acenaphthylene fluorene perylene indeno dibenzo formaldehyde primary amines amine overall
migration specific ethanol acetic olive oil vegetable water simulant heavy metals metal potassium
permanganate consumption residue evaporation decolorization sensory total sum organic compounds
tributyltin triphenyltin dimethylformamide bisphenol nonylphenol ethoxylates azo dyes colorants halogen
halogens volatile benzene toluene xylene styrene vinyl chloride melamine caprolactam epoxidised soybean
flame retardants asbestos cyanide mineral nitrosamines nitrosatable substances content extractable soluble
isooctane hexane of as in and by the or on per with
migración global específica ácido acético etanol aceite oliva plomo cadmio mercurio cromo hexavalente
formaldehído aminas aromáticas primarias metales pesados consumo permanganato potásico potasio
essigsäure olivenöl primäre chrom phthalat blei quecksilber summe gesamtmigration spezifische chlor brom
schwermetalle als bencilo butilo
cloro bromo plomb mercure chrome chlore brome suma somme somma ftalato ftalatos phtalate phtalates
anthracen pyren fluoranthen chrysen naphthalin phenanthren acenaphthen acenaphthylen fluoren perylen benz dibenz
`)

// reChromiumVI is "Cr(VI)" whose brackets OCR read as letters and lost
// its case: "crivy", "Cr1VI1", "CrlVh" (its "I)" read as one "h"),
// "CrlV", "crv" (its "I)" lost). Only the word is matched: with its brackets
// read as brackets, the reRomanState repair applies.
var reChromiumVI = lazyRegexp(`^[Cc]r(?:[i1l|t][Vv](?:[Ii1l|][y1lj|]?|[yh])?|[Vv](?:[Ii1l|][y1lj|]|y)?)$`)

// reCrVIBracket is "Cr(VI)" (German "Chrom(VI)") with its "I" misread
// ("J", "b", "U", "0" on photos) or doubled by a stroke, or small
// ("Chrom(vi)"):
// chromium has no state above VI, so "Cr(VII)" is a misreading.
var reCrVIBracket = lazyRegexp(`\b(Cr|Chrom)\((?:V(?:[Il1|][Il1|D]|[l1|J\\bUut0O]|\\\\)|v[il1])\)`)

// reCrSymbolMisread is "Cr(VI)" with its "r" read "e" or an "i" added
// ("Ce(VI)", "Cri(VI)"): no other element has a state VI in a result.
var reCrSymbolMisread = lazyRegexp(`\bC(?:e|ri)\(VI\)`)

// elementNames are the elements a result row names with their symbol in
// brackets ("Cadmium (Cd)").
var elementNames = map[string]string{
	"lead": "Pb", "cadmium": "Cd", "mercury": "Hg", "chromium": "Cr", "bromine": "Br", "chlorine": "Cl",
	"antimony": "Sb", "arsenic": "As", "barium": "Ba", "selenium": "Se", "nickel": "Ni", "cobalt": "Co",
	"zinc": "Zn", "copper": "Cu", "tin": "Sn", "aluminium": "Al", "aluminum": "Al", "manganese": "Mn",
	"molybdenum": "Mo", "beryllium": "Be", "thallium": "Tl", "silver": "Ag", "lithium": "Li",
	"strontium": "Sr", "iron": "Fe", "tellurium": "Te", "bismuth": "Bi", "titanium": "Ti",
}

// otherElements are the elements elementNames lacks, by English name in
// lower case, with their symbols: a row that names one with its own
// symbol ("Cerium (Ce)") is as printed, though its symbol is a glyph off
// a commoner one's (Co).
var otherElements = func() map[string]string {
	m := map[string]string{}
	f := strings.Fields(`hydrogen H helium He beryllium Be carbon C nitrogen N oxygen O fluorine F neon Ne
sodium Na magnesium Mg silicon Si phosphorus P sulfur S argon Ar potassium K calcium Ca scandium Sc
vanadium V gallium Ga germanium Ge krypton Kr rubidium Rb yttrium Y zirconium Zr niobium Nb
technetium Tc ruthenium Ru rhodium Rh palladium Pd indium In iodine I xenon Xe caesium Cs cesium Cs
lanthanum La cerium Ce praseodymium Pr neodymium Nd promethium Pm samarium Sm europium Eu
gadolinium Gd terbium Tb dysprosium Dy holmium Ho erbium Er thulium Tm ytterbium Yb lutetium Lu
hafnium Hf tantalum Ta tungsten W rhenium Re osmium Os iridium Ir platinum Pt gold Au polonium Po
radon Rn radium Ra thorium Th uranium U plutonium Pu`)
	for i := 0; i+1 < len(f); i += 2 {
		if _, ok := elementNames[f[i]]; !ok {
			m[f[i]] = f[i+1]
		}
	}
	return m
}()

// reElementWithSymbol is an item that is an element's name and a symbol
// in brackets, nothing else.
var reElementWithSymbol = lazyRegexp(`^([A-Z][a-z]+) \(([A-Z][a-z]?)\)$`)

// elementSymbols are the symbols a result row names an element by.
var elementSymbols = func() map[string]bool {
	m := map[string]bool{}
	for _, sym := range elementNames {
		m[sym] = true
	}
	return m
}()

// abbreviations are the short names result rows give substances in
// brackets or alone, in their printed case: phthalates, flame retardants,
// PAHs (AfPS GS 2019:01, REACH entry 50), PFAS.
var abbreviations = wordSet(`DEHP BBP DBP DIBP DINP DIDP DNOP DnHP DMEP PBB PBBs PBDE PBDEs HBCDD SCCP MCCP PFOS PFOA
BaP BeP BaA CHR BbFA BkFA BjFA DBahA BghiP IcdP NAP ACY ACE FLU PHE ANT FLT PYR`)

// glyphPairs are the confusions of Tesseract on item names, both ways.
var glyphPairs = pairSet("l t", "l i", "l 1", "l I", "i 1", "I 1", "a g", "q g", "9 g", "8 B", "0 O", "o 0", "c e", "E F", "n h",
	"f l", "c o", "y l", "j l", "a o", "e o", "a e", "O D", // on photos: "oif", "clive", "yead", "Bramine", "OIBP", "athanal"
	"o p",                      // "ohthalate": a photo's faint stem
	"a ä", "o ö", "u ü", "6 ö", // eng reads German umlauts bare or as a digit: "Essigsaure", "Oliven6l"
	"d ö",        // or its dots as a stem: "Olivendl"
	"6 ó", "f í") // and Spanish accents: "Migraci6n", "Formaldehfdo"

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

func pairSet(pairs ...string) map[[2]rune]bool {
	m := map[[2]rune]bool{}
	for _, p := range pairs {
		a, _ := utf8.DecodeRuneInString(p)
		b, _ := utf8.DecodeLastRuneInString(p)
		m[[2]rune{a, b}], m[[2]rune{b, a}] = true, true
	}
	return m
}

// respellItem returns an OCR item name with its misread substance words
// and element symbols respelled, and whether it changed anything. A mend
// may make another possible ("(Cr{v}))" → "(Cr(v)))" → "(Cr(VI))"): it
// runs again while it changes the name, three times at most.
func respellItem(s string) (string, bool) {
	out, changed := respellOnce(s)
	for range 2 {
		t, again := respellOnce(out)
		if !again || t == out {
			break
		}
		out = t
	}
	if t := pahName(out); t != out {
		out, changed = t, true
	}
	return out, changed
}

// pahAbbrevs are the PAHs' abbreviations and the names they stand for,
// lower case.
var pahAbbrevs = map[string]string{
	"BaP": "benzo[a]pyrene", "BeP": "benzo[e]pyrene", "BaA": "benzo[a]anthracene", "CHR": "chrysene",
	"BbFA": "benzo[b]fluoranthene", "BjFA": "benzo[j]fluoranthene", "BkFA": "benzo[k]fluoranthene",
	"DBahA": "dibenzo[a,h]anthracene", "BghiP": "benzo[ghi]perylene", "IcdP": "indeno[1,2,3-cd]pyrene",
	"NAP": "naphthalene", "ACY": "acenaphthylene", "ACE": "acenaphthene", "FLU": "fluorene",
	"PHE": "phenanthrene", "ANT": "anthracene", "FLT": "fluoranthene", "PYR": "pyrene",
}

// germanName is the German name of a PAH or phthalate by its English
// one: the final "e" dropped, "benz" and "dibenz" before a bracket
// ("Benz[a]anthracen"), "Naphthalin", a phthalate's words joined
// ("Dibutylphthalat").
func germanName(en string) string {
	if en == "naphthalene" {
		return "naphthalin"
	}
	de := strings.ReplaceAll(strings.TrimSuffix(en, "e"), " ", "")
	for _, p := range []string{"dibenzo[a,h]", "benzo[a]anthr"} {
		if strings.HasPrefix(de, p) {
			de = strings.Replace(de, "benzo[", "benz[", 1)
		}
	}
	return de
}

// pahName puts right a PAH's or phthalate's name whose brackets or
// letters OCR misread ("Benzala]pyrene (BaP)", "Bis(2-ethyinexy\\)
// phthalate (DEHP)") from the abbreviation after it: the name before the
// bracket within a fifth of its letters (two at least) of the one the
// abbreviation stands for is that name.
func pahName(s string) string {
	m := reItemSymbol.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	want, ok := pahAbbrevs[m[2]]
	if !ok {
		want, ok = phthalateNames()[m[2]]
	}
	if !ok {
		return s
	}
	fs := strings.Fields(m[1])
	n := len(strings.Fields(want))
	if len(fs) < n {
		return s
	}
	got, w := []rune(strings.ToLower(strings.Join(fs[len(fs)-n:], " "))), []rune(want)
	d := editDistance(got, w)
	if d == 0 || d > max(2, len(w)/5) || editDistance(got, []rune(germanName(want))) <= d {
		return s // as printed, too far, or the German name ("Benzo[a]pyren")
	}
	return strings.Join(append(fs[:len(fs)-n], strings.ToUpper(want[:1])+want[1:]), " ") + " (" + m[2] + ")"
}

// phthalateNames are the phthalates of canonicalAbbrev by their
// abbreviation.
var phthalateNames = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for name, abbr := range canonicalAbbrev {
		if strings.HasSuffix(name, " phthalate") {
			m[abbr] = name
		}
	}
	return m
})

// reSpacedSymbol is an item of a capital and a small letter apart: an
// element's symbol OCR parted ("B r").
var reSpacedSymbol = lazyRegexp(`^(\p{Lu}) (\p{Ll})$`)

func respellOnce(s string) (string, bool) {
	if m := reElementWithSymbol.FindStringSubmatch(s); m != nil && otherElements[strings.ToLower(m[1])] == m[2] {
		return s, false
	}
	if m := reSpacedSymbol.FindStringSubmatch(strings.TrimSpace(s)); m != nil && elementSymbols[m[1]+m[2]] {
		return m[1] + m[2], true
	}
	// Cr(VI) before the brackets are balanced too: "(Cr(VU)" is "(Cr(VI)"
	// short of its bracket
	fixed, changed := mendBrackets(reCrVIBracket.ReplaceAllString(dropLeadJunk(strings.TrimLeft(s, "‘’“”'\"`")), "${1}(VI)"))
	changed = changed || fixed != s
	if t := reSemicolonWords.ReplaceAllString(fixed, "$1, $2"); t != fixed {
		fixed, changed = t, true // "migration; olive oil": a comma with a speck
	}
	if m := reTrailingColon.FindStringSubmatch(fixed); m != nil && !shortened[m[2]] {
		fixed, changed = strings.TrimSpace(fixed[:len(fixed)-1]), true // "Formaldehyde:": a speck, or the rule's end
	}
	if t := dropTrailingJunk(fixed); t != fixed {
		fixed, changed = t, true
	}
	if t := dropInnerJunk(fixed); t != fixed {
		fixed, changed = t, true
	}
	if t := reQuoteInName.ReplaceAllString(fixed, "$1$2"); t != fixed {
		fixed, changed = t, true // "Specific migration of ‘lead": a speck
	}
	if t := dropStrayLetters(fixed); t != fixed {
		fixed, changed = t, true // "Specific j migration": a speck
	}
	if t := reWordDotWord.ReplaceAllStringFunc(fixed, wordDotWord); t != fixed {
		fixed, changed = t, true // "Overall. migration": a speck after a word
	}
	if t := reLinkDotCapital.ReplaceAllString(fixed, "$1 $2"); t != fixed {
		fixed, changed = t, true // "Sum of.PBDEs": a speck for the space
	}
	if t := reSpeckBetweenNames.ReplaceAllStringFunc(fixed, speckBetweenNames); t != fixed {
		fixed, changed = t, true // "Hexavalent: Chromium"
	}
	if t := reLocantSpace.ReplaceAllString(fixed, "$1-$2"); t != fixed {
		fixed, changed = t, true // "bis(2- etilhexilo)": a locant's hyphen spaced
	}
	if t := hanBracketSpaces(fixed); t != fixed {
		fixed, changed = t, true
	}
	if t := hanSpaces(fixed); t != fixed {
		fixed, changed = t, true
	}
	if t := kanaRespell(hanGlyphs.Replace(fixed)); t != fixed {
		fixed, changed = t, true
	}
	if t := reWordsDot.ReplaceAllString(fixed, "$1 $2"); t != fixed {
		fixed, changed = t, true // "olive.oil": a speck read in the space
	}
	if t := reSubstanceJoin.ReplaceAllStringFunc(fixed, splitSubstanceJoin); t != fixed {
		fixed, changed = t, true // "Overall-migration", "of.lead"
	}
	if t := elementSymbolFor(fixed); t != fixed {
		fixed, changed = t, true
	}
	if t := reCrVIBracket.ReplaceAllString(fixed, "${1}(VI)"); t != fixed {
		fixed, changed = t, true
	}
	if t := reCrSymbolMisread.ReplaceAllString(fixed, "Cr(VI)"); t != fixed {
		fixed, changed = t, true // "Hexavalent Chromium (Ce(VI))"
	}
	s = fixed
	var b strings.Builder
	whole := strings.TrimSpace(s)
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			b.WriteRune(r)
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !isWordRune(r) {
				break
			}
			j += n
		}
		w := s[i:j]
		fix := respellWord(w, alone(s, i, j, whole))
		changed = changed || fix != w
		b.WriteString(fix)
		i = j
	}
	// "Chram(VII)": its state once the word is respelled; "Chiorine
	// (CU": its symbol once the name is
	out := elementSymbolFor(reCrVIBracket.ReplaceAllString(b.String(), "${1}(VI)"))
	return out, changed || out != b.String()
}

// reTrailingColon is a colon after an item's last letter: an item is no
// caption; or a period after a word of four small letters or more: no
// name ends a sentence ("of cadmium."; "approx." is shortened).
var reTrailingColon = lazyRegexp(`(\p{L})\s?:$|(\p{Ll}{4,})\.$`)

// reSemicolonWords is a semicolon between two words of a name: an item
// lists no two things, and OCR reads a comma with a speck under it so.
var reSemicolonWords = lazyRegexp(`(\p{Ll}); (\p{L}|\d+\s?%)`)

// dropLeadJunk drops a rule or a speck read before an item's first letter
// ("_Bis(2-ethylhexyl)", "-Butyl"): a name starts with a letter, a digit
// or a bracket.
func dropLeadJunk(s string) string {
	t := strings.TrimLeft(s, "_-–—~., ")
	if t != s && t != "" && unicode.IsLetter(firstRune(t)) {
		return t
	}
	if m := reDigitGlued.FindStringSubmatch(s); m != nil {
		return m[1] // "8Bis(2-ethylhexyl)": a locant has its hyphen or comma
	}
	if m := reSmallCapital.FindStringSubmatch(s); m != nil {
		return strings.ToUpper(m[1]) + m[2] // "cadmio Cadmium (Cd)"
	}
	return s
}

// reDigitGlued is a digit glued to a capitalised word that starts an
// item: a speck, not a locant ("2-Naphthylamine", "4,4'-").
var reDigitGlued = lazyRegexp(`^\d(\p{Lu}\p{Ll}{2,}.*)$`)

// reSmallCapital is an item whose first word starts with a letter whose
// capital has its shape (c, o, s, v, w, x, z), read small, before a
// capitalised word or a symbol in brackets: a bilingual name's first half
// ("cadmio Cadmium"), or the name itself ("cadmium (Cd)").
var reSmallCapital = lazyRegexp(`^([cosvwxz])(\p{Ll}{2,} \(?\p{Lu}.*)$`)

// reTrailingJunk is an item that ends in a bracketed abbreviation
// ("Mercury (Hg)") followed by a colon or a token or two of at most three
// runes: a speck, a rule or a neighbouring cell's glyph OCR put after the
// name ("Mercury (Hg) 2", "(DBP) 3 ae", "(Hg):", "(BBP),").
var reTrailingJunk = lazyRegexp(`^(.*\([^()\s]{1,12}\)\)?)(?:\s*[:,.]|\s+(\S{1,3})(?:\s+(\S{1,3}))?)$`)

var reTwoDigits = lazyRegexp(`\d\d`)

func dropTrailingJunk(s string) string {
	if m := reShortNameJunk.FindStringSubmatch(s); m != nil && (abbreviations[m[1]] || elementSymbols[m[1]]) &&
		!substanceWords[strings.ToLower(m[2])] && !abbreviations[m[2]] && !elementSymbols[m[2]] {
		return m[1] // "BeP-", "BaA ti": a speck after a name that is all abbreviation
	}
	m := reTrailingJunk.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	for _, t := range m[2:] {
		if substanceWords[strings.ToLower(t)] || elementSymbols[t] || reTwoDigits.MatchString(t) {
			return s // "(Pb) in": a word of the name goes on; "10": a cell
		}
	}
	return m[1]
}

// reShortNameJunk is an item of one word followed by a dash, colon or
// stop, or by a token of at most three runes.
var reShortNameJunk = lazyRegexp(`^(\S+?)(?:\s*[-—–:,.]|\s+(\S{1,3}))$`)

// reNamedSymbol is an element's name and a two-letter symbol in brackets,
// or three letters (a speck read as one between: "Hag").
// Its closing bracket may be lost: "Chlorine (Ci"; its "l" may read as a
// stroke: "Chlorine (C\)".
var reNamedSymbol = lazyRegexp(`(?i)\b([a-z]+) \(([A-Za-z0-9][A-Za-z0-9\\|!]|[A-Z][a-z][a-z])(\)?)$`)

// reSubstanceJoin is two words joined by a hyphen or period.
var reSubstanceJoin = lazyRegexp(`\b[A-Za-z]{2,}[.\-][a-z]{2,}\b`)

// splitSubstanceJoin parts two words of substance and test names a speck
// joined where the space was ("Overall-migration", "of.lead"); other
// pairs stay ("Di-isobutyl", "e.g").
func splitSubstanceJoin(w string) string {
	i := strings.IndexAny(w, ".-")
	a, b := w[:i], w[i+1:]
	if !substanceWords[strings.ToLower(a)] || !substanceWords[b] {
		return w
	}
	return a + " " + b
}

// dropStrayLetters drops a small consonant standing alone between two
// words of three letters or more ("Specific j migration"): a speck read
// as a letter. A vowel or "y" may be a word ("y" and "e" join names in
// Spanish and Italian). So is a digit alone between two of the domain's
// words or a simulant's strength, the second in small letters ("Overall
// 4 migration", "migration, 2 3% acetic"; "Sum of 4 PAHs" keeps its
// count).
func dropStrayLetters(s string) string {
	fs := strings.Fields(s)
	word := func(f string) bool {
		f = strings.TrimRight(f, ",.;:")
		return len(f) >= 3 && !strings.ContainsFunc(f, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	}
	var out []string
	for i, f := range fs {
		if len(f) == 1 && f[0] >= 'b' && f[0] <= 'z' && !strings.ContainsRune("eiouy", rune(f[0])) && i > 0 && i+1 < len(fs) && word(fs[i-1]) && word(fs[i+1]) {
			continue
		}
		if len(f) == 1 && f[0] >= '0' && f[0] <= '9' && i > 0 && i+1 < len(fs) &&
			(nameWord(fs[i-1]) || rePercentToken.MatchString(fs[i-1])) && (substanceWords[strings.TrimRight(fs[i+1], ",.;:")] || rePercentToken.MatchString(fs[i+1])) &&
			!(rePercentToken.MatchString(fs[i-1]) && rePercentToken.MatchString(fs[i+1])) {
			continue // "Overall 4 migration", "migration of 2 cadmium", "3% 6 acetic": no count stands inside a test's name
		}
		out = append(out, f)
	}
	if len(out) == len(fs) {
		return s
	}
	return strings.Join(out, " ")
}

// nameWord reports a word of the substances' vocabulary, a comma or stop
// after it aside ("migration,").
func nameWord(f string) bool { return substanceWords[strings.ToLower(strings.TrimRight(f, ",.;:"))] }

// rePercentToken is a simulant's strength standing alone: "3%".
var rePercentToken = lazyRegexp(`^\d{1,3}%$`)

// reWordDotWord is a word of five letters or more with a period, before
// a word in small letters ("Overall. migration", "migration. of"): a
// name holds no sentence's end, so the period is a speck, unless the
// word is a shortened one ("approx.").
var reWordDotWord = lazyRegexp(`\b([A-Za-z][a-z]{4,})\. ([a-z])`)

var shortened = wordSet("approx Approx equiv Equiv")

// reSpeckBetweenNames is a word, a colon or stop, and a capitalised word:
// between two words of a substance's name, a speck ("Hexavalent:
// Chromium"); reLocantSpace is a locant's hyphen with a space read after
// it ("bis(2- ethylhexyl)").
var (
	reSpeckBetweenNames = lazyRegexp(`\b(\p{L}{5,})[:.] (\p{Lu}\p{Ll}{3,})\b`)
	reLocantSpace       = lazyRegexp(`([(\[,]\d)- (\p{Ll})`)
)

func speckBetweenNames(m string) string {
	g := reSpeckBetweenNames.FindStringSubmatch(m)
	if !substanceWords[strings.ToLower(g[1])] || !substanceWords[strings.ToLower(g[2])] {
		return m
	}
	return g[1] + " " + g[2]
}

// reLinkDotCapital is a linking word, a stop and a capital with no space:
// a speck read for the space ("of.PBDEs").
var reLinkDotCapital = lazyRegexp(`\b(of|as|and|in|with)\.(\p{Lu})`)

func wordDotWord(m string) string {
	w, rest, _ := strings.Cut(m, ". ")
	if shortened[w] {
		return m
	}
	return w + " " + rest
}

// reWordsDot is two small-letter words with a period for the space
// between them.
var reWordsDot = lazyRegexp(`\b([a-z]{3,})\.([a-z]{2,})\b`)

// hanGlyphs are Han characters chi_sim reads for a metal's, that name
// no substance or test themselves: 锅 (pot) for 镉 (cadmium).
var hanGlyphs = strings.NewReplacer("锅", "镉")

// kanaParts are the katakana parts of Japanese substance names; OCR
// confuses a kana's voiced and half-voiced marks (プ for ブ, ペ for ベ)
// and its small and full forms (ィ for イ).
var kanaParts = []string{"ブチル", "ベンジル", "イソ", "ビス", "フタル", "エチル", "ヘキシル", "カドミウム",
	"クロム", "ビフェニル", "フェニル", "エーテル", "ノニル", "オクチル", "デシル",
	"オリーブ", "エタノール", "ホルムアルデヒド"} // and the food-contact simulants

// kanaClass is the kana OCR takes each one for.
var kanaClass = map[rune]string{
	'ブ': "ブプフ", 'プ': "ブプフ", 'フ': "ブプフ", 'ベ': "ベペヘ", 'ペ': "ベペヘ", 'ヘ': "ベペヘ",
	'ビ': "ビピヒ", 'ピ': "ビピヒ", 'ヒ': "ビピヒ", 'イ': "イィ", 'ィ': "イィ", 'ェ': "ェエ", 'エ': "ェエ",
	'ジ': "ジシ", 'シ': "ジシ",
}

// reKanaParts matches a kana part with its kana confused.
var reKanaParts = func() []*lazyRE {
	var out []*lazyRE
	for _, p := range kanaParts {
		var b strings.Builder
		for _, r := range p {
			if c, ok := kanaClass[r]; ok && len([]rune(c)) > 1 {
				b.WriteString("[" + c + "]")
			} else {
				b.WriteRune(r)
			}
		}
		out = append(out, lazyRegexp(b.String()))
	}
	return out
}()

// kanaRespell respells the kana parts of a Japanese name read with a
// mark or a size confused ("フタル酸ジイソプチル").
func kanaRespell(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Katakana, r) }) {
		return s
	}
	for i, re := range reKanaParts {
		s = re.ReplaceAllString(s, kanaParts[i])
	}
	return s
}

// hanSpaces drops the space OCR puts beside a lone Han character inside
// a Han name ("铅迁 移 量"): Chinese sets no spaces between characters.
// A lone "一" is a dash read as Han ("多溴联苯 一 Sum") and keeps its
// spaces.
func hanSpaces(s string) string {
	rs := []rune(s)
	lone := func(i int) bool { // rs[i] is Han with no Han right beside it
		return isHan(rs[i]) && rs[i] != '一' && (i == 0 || !isHan(rs[i-1])) && (i+1 == len(rs) || !isHan(rs[i+1]))
	}
	var b strings.Builder
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && isHan(rs[i-1]) && isHan(rs[i+1]) && rs[i-1] != '一' && rs[i+1] != '一' && (lone(i-1) || lone(i+1)) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// reBracketGroup is a bracketed phrase with no brackets inside.
var reBracketGroup = lazyRegexp(`[(（][^()（）]*[)）]`)

// hanBracketSpaces drops the spaces OCR puts around the Han words of a
// bracketed Chinese phrase: Tesseract reads "(以Pb计)" as "(以 Pb 计 )",
// each script a word of its own, where the print has no space.
func hanBracketSpaces(s string) string {
	return reBracketGroup.ReplaceAllStringFunc(s, func(g string) string {
		if !strings.ContainsFunc(g, isHan) {
			return g
		}
		rs := []rune(g)
		var b strings.Builder
		for i, r := range rs {
			if r == ' ' && i > 0 && i+1 < len(rs) {
				p, n := rs[i-1], rs[i+1]
				if isHan(p) || isHan(n) || strings.ContainsRune("(（", p) || strings.ContainsRune(")）", n) {
					continue
				}
			}
			b.WriteRune(r)
		}
		return b.String()
	})
}

// dropInnerJunk drops what a rule or speck put between the words of a
// name or after it: a lone mark ("-", "©", "|"), a lone East Asian
// glyph between the words of a name with no East Asian word ("一"), and
// a lone digit between two such ("olive 一 1 一 oil").
func dropInnerJunk(s string) string {
	fs := strings.Fields(s)
	if len(fs) < 3 {
		return s
	}
	han := 0 // East Asian glyphs in words of more than one glyph
	for _, f := range fs {
		if utf8.RuneCountInString(f) > 1 {
			for _, r := range f {
				if text.IsCJK(r) {
					han++
				}
			}
		}
	}
	junk := make([]bool, len(fs))
	for i, f := range fs {
		r, n := utf8.DecodeRuneInString(f)
		if n != len(f) || i == 0 {
			continue
		}
		mark := !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("()[]&+/%", r) // "PBBs / PBDEs" keeps its slash
		junk[i] = mark || i < len(fs)-1 && text.IsCJK(r) && han == 0
	}
	var out []string
	for i, f := range fs {
		digit := len(f) == 1 && f[0] >= '0' && f[0] <= '9'
		if junk[i] || digit && i > 0 && i+1 < len(fs) && junk[i-1] && junk[i+1] {
			continue
		}
		out = append(out, f)
	}
	return strings.Join(out, " ")
}

// elementSymbolFor gives an element's name its own symbol when OCR read
// the bracketed one a letter off ("Cadmium (Ca)", "Mercury (Hag)"): the
// name says which.
func elementSymbolFor(s string) string {
	m := reNamedSymbol.FindStringSubmatchIndex(s)
	if m == nil {
		return s
	}
	sym, ok := elementNames[strings.ToLower(s[m[2]:m[3]])]
	got := s[m[4]:m[5]]
	if !ok || got == sym || got[0] != sym[0] && got[1] != sym[1] {
		return s
	}
	if len(got) == 3 && (got[0] != sym[0] || got[2] != sym[len(sym)-1]) {
		return s // a letter added between the symbol's ("Hag"), no other
	}
	return s[:m[4]] + sym + ")"
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// alone reports whether s[i:j] is the whole item or the whole text of a
// pair of brackets ("Chlorine (cl)"): where a symbol stands by itself.
func alone(s string, i, j int, whole string) bool {
	if strings.TrimSpace(s[i:j]) == whole {
		return true
	}
	return i > 0 && j < len(s) && strings.ContainsRune("({[", rune(s[i-1])) && strings.ContainsRune(")}]", rune(s[j]))
}

// reStrokeCloser is a stroke between a word and its closing bracket (a
// symbol's "l" reads as one: "(C|)").
var reStrokeCloser = lazyRegexp(`(\p{L}{3})\|\)`)

// reWordCloser is a closing bracket glued to a word's end before a space.
var reWordCloser = lazyRegexp(`(\p{L})\) `)

// mendBrackets repairs an item's brackets as OCR reads them: a closing
// bracket with no opening one at the end ("olive oil)") is a rule's ink;
// a brace that a parenthesis closes ("{as Pb)") is a parenthesis, as are
// braces round a symbol ("{Hg}") and a brace closing one ("(Cr(VI})");
// another lone closing brace is dropped, and so is a closing bracket
// glued to a word in a name that opens none ("Overall) migration");
// chromium's oxidation state misread (reChromiumState) is "Cr(VI)".
func mendBrackets(s string) (string, bool) {
	t := reChromiumState.ReplaceAllString(s, "Cr(VI)")
	t = reChromiumGarbled.ReplaceAllString(t, "${1}(Cr(VI))") // "Chromium (CMVD)"
	t = reFusedRing.ReplaceAllStringFunc(t, func(m string) string {
		g := reFusedRing.FindStringSubmatch(m)
		return g[1] + "[" + strings.ReplaceAll(strings.ReplaceAll(g[2], " ", ""), ".", ",") + "]" + g[3]
	})
	if strings.HasSuffix(t, ")") && strings.Count(t, ")") > strings.Count(t, "(")+strings.Count(t, "{") {
		t = strings.TrimSpace(strings.TrimSuffix(t, ")"))
	}
	if !strings.ContainsAny(t, "({[") {
		// "Overall) migration": a bracket nothing opens, after a word, is
		// a speck
		t = reWordCloser.ReplaceAllString(t, "$1 ")
	}
	t = strings.ReplaceAll(t, "Cr((", "Cr(")      // "Cr((V1))"
	t = reStrokeCloser.ReplaceAllString(t, "$1)") // "ethylhexyl|)": a rule's stroke
	if strings.Count(t, "(") > strings.Count(t, ")") {
		t = reEmptyAfterWord.ReplaceAllString(t, "$1)") // "Bis(2-ethylhexyl() phthalate"
	}
	if strings.Count(t, "(") > strings.Count(t, ")") {
		t = reOpenWord.ReplaceAllString(t, "$1)$2") // "Bis(2-ethylhexyl phthalate"
	}
	if !strings.Contains(t, "[") {
		t = strings.ReplaceAll(t, "])", ")") // "Bis(2-ethylhexyl])"
	}
	if strings.Count(t, "(") > strings.Count(t, ")") {
		// an "l" read as a bracket inside a word: "Bis(2-ethy(hexyl)"
		t = reBracketInWord.ReplaceAllString(t, "${1}l$2")
	}
	if i := strings.IndexByte(t, '{'); i >= 0 && !strings.Contains(t, "}") && strings.Contains(t[i:], ")") {
		t = t[:i] + "(" + t[i+1:]
	}
	t = reBracedSymbol.ReplaceAllString(t, "($1)")  // "Mercury {Hg}"
	t = reAngleAbbrev.ReplaceAllString(t, "($1)")   // "phthalate 《DBP"
	t = reDotBracket.ReplaceAllString(t, "$1 (")    // "phthalate. (DIBP)"
	t = reBracketDot.ReplaceAllString(t, ") $1")    // "Bis(2-ethylhexyl). phthalate"
	t = reSymbolJ.ReplaceAllString(t, "($1)")       // "Lead (Pbj"
	t = reSymbolBang.ReplaceAllString(t, "(${1}l)") // "Chlorine (C!)"
	if m := reOpenAbbrev.FindStringSubmatch(t); m != nil && strings.Count(t, "(") == strings.Count(t, ")")+1 &&
		(abbreviations[m[2]] || elementSymbols[m[2]] || m[2] == "Cr(VI)") {
		t += ")" // its closing bracket lost at the cell's edge ("(DIBP")
	} else if m := reOpenWordsSymbol.FindStringSubmatch(t); m != nil && strings.Count(t, "(") == strings.Count(t, ")")+1 && elementSymbols[m[1]] {
		t += ")" // "(como Pb", "(als Pb"
	}
	if !strings.Contains(t, "{") && strings.Contains(t, "}") {
		// a brace no brace opens: a parenthesis that closes one, else
		// a rule's ink ("(Cr(VI)})")
		if strings.Count(t, "(") > strings.Count(t, ")") {
			t = strings.Replace(t, "}", ")", 1)
		}
		t = strings.ReplaceAll(t, "}", "")
	}
	return t, t != s
}

// reBracketInWord is an opening bracket between two lower-case letters.
var reBracketInWord = lazyRegexp(`(\p{Ll})\((\p{Ll})`)

// reFusedRing is a fused-ring locant in brackets ("Benzo[a]pyrene",
// "Dibenzo[a,h]anthracene") whose brackets OCR read as "l", "J", "j",
// "f", "}" or "1": "Benzolalpyrene", "Benzo[aJanthracene", "Benzole}pyrene",
// "Benzoje]pyrene", "BenzofaJanthracene", "Benzoibjfluoranthene",
// "Dibenzo(a, hJanthracene", "Dibenzof[a,hJanthracene"; German names
// too ("Benz[ajantnracen").
var reFusedRing = lazyRegexp(`\b((?:[Dd]i)?[Bb]enzo?)(?:f[\[{(]|[\[({l1|Ijfi])([a-k](?:[,.]\s?[a-k])?)(?:[\]})jJl1|I]|\]J)([a-z])`)

// reOpenWord is a word whose bracket opens after a letter and is not
// closed before the next word ("Bis(2-ethylhexyl phthalate"): in a name
// whose brackets do not balance, its ")" was lost.
var reOpenWord = lazyRegexp(`\b(\p{L}+\([^()\s]+)(\s)`)

// reChromiumState is chromium's oxidation state read in lower case, with
// its "I)" as "D)", its "I" as "l", "3", "IU", "\\1" or lost, or its "(" as
// "f", "t", "i" or doubled: "Cr(vi)", "Cr(VD)", "Cr(Vi)", "Cr(vl)",
// "Cr(V)", "Cr(v)", "CrfV)", "CriV)", "CrtVI)", "Cr(V3)", "Crl(Vi)",
// "Cr((VI)", "Cr({VI)", "Cr(VIU)", "Cr(V\\1)", or its "(" lost: "CrVD)",
// "CrV)". A RoHS table names no other state of chromium in brackets but
// Cr(III), which this leaves. Its "C" may read small and, at the name's
// end, its ")" may be lost ("crtVI)", "CrtVD"), or read with its "I" as
// "q" ("(CriVq)"), or as "h" ("Cr(Vh").
var reChromiumState = lazyRegexp(`\b[Cc]r(?:(?:[(ftiC]|[l1|]\(|\([({])\s?(?:vi|Vi|vI|VI|VD|vD|[Vv]l|[Vv]|V3|VI[Uu]|V\\+[1lI|]|Vq|Vh)(?:\)|$)|V[ID]?\))`)

// reChromiumGarbled is hexavalent chromium's symbol in brackets garbled
// whole after its name ("Chromium (CMVD)": "r(" read as "M").
var reChromiumGarbled = lazyRegexp(`(?i)(chromium\s?)\(C[^()\s]{0,2}V[IDl1|]{0,2}\)+$`)

// reAngleAbbrev is a closing abbreviation whose brackets OCR read as a
// CJK angle bracket and lost ("Dibutyl phthalate 《DBP").
var reAngleAbbrev = lazyRegexp(`《([A-Za-z]{2,8})》?$`)

// reBracketDot is a speck read as a period after a name's bracket,
// inside the name.
var reBracketDot = lazyRegexp(`\)\. (\p{Ll})`)

// reDotBracket is a speck read as a period before a name's bracket.
var reDotBracket = lazyRegexp(`(\pL)\. ?\(`)

// reBracedSymbol is an element symbol or an abbreviation in braces, which
// an item name prints in parentheses ("Mercury {Hg}").
var reBracedSymbol = lazyRegexp(`\{([A-Za-z][A-Za-z0-9]{0,7})\}`)

// respellWord respells one word: a known word as it is; a symbol
// standing alone by case or one confused glyph; a longer word by
// confused glyphs (one in a word of up to five letters, two beyond) or a
// lost "l" ("oi" in "olive oi)"), when exactly one known word fits.
func respellWord(w string, standsAlone bool) string {
	if reChromiumVI.MatchString(w) {
		return "Cr(VI)"
	}
	lw := strings.ToLower(w)
	if substanceWords[lw] || elementSymbols[w] {
		return w
	}
	if standsAlone && utf8.RuneCountInString(w) == 2 {
		if s, ok := oneSymbol(w); ok {
			return s
		}
	}
	if abbreviations[w] {
		return w
	}
	if standsAlone && utf8.RuneCountInString(w) >= 3 {
		if s, ok := oneAbbreviation(w); ok {
			return s
		}
	}
	if utf8.RuneCountInString(w) < 2 || hasDigitsOnly(w) {
		return w
	}
	for _, fw := range []string{"of", "as", "and", "by", "with"} { // not "in": "inorganic"
		// a word space lost after a short word: "oflead"
		if rest := strings.TrimPrefix(lw, fw); rest != lw && len(rest) >= 3 && substanceWords[rest] {
			return w[:len(fw)] + " " + w[len(fw):]
		} else if rest != lw && len(rest) >= 4 {
			// and a glyph of the word after misread: "offead"
			if r := respellWord(w[len(fw):], false); substanceWords[strings.ToLower(r)] {
				return w[:len(fw)] + " " + r
			}
		}
		// and before it: "migrationof"; not "as" and "by", which end
		// words of other languages ("aromaticas")
		if rest := strings.TrimSuffix(lw, fw); rest != lw && fw != "as" && fw != "by" && len(rest) >= 3 && substanceWords[rest] {
			return w[:len(rest)] + " " + w[len(rest):]
		}
	}
	if bare := accentsOff.Replace(lw); bare != lw && substanceWords[bare] {
		return matchCase(w, bare) // "amínes": an accent a speck made
	}
	found, rnM := "", strings.ReplaceAll(lw, "rn", "m") // "Chromiurn"
	for cand := range substanceWords {
		if confusable(lw, cand) || lostL(lw, cand) || extraStroke(lw, cand) || rnM == cand || lostLMisread(lw, cand) {
			if found != "" {
				return w // two words fit: leave it
			}
			found = cand
		}
	}
	if found == "" {
		if c, ok := compoundRespell(lw); ok {
			return matchCase(w, c)
		}
		return w
	}
	if utf8.RuneCountInString(w) == 1 {
		return found
	}
	return matchCase(w, found)
}

// accentsOff drops the accents of the vowels OCR puts them on.
var accentsOff = strings.NewReplacer("á", "a", "à", "a", "é", "e", "è", "e", "í", "i", "ì", "i", "ó", "o", "ò", "o", "ú", "u", "ù", "u")

// compoundRespell respells a word of ten letters or more that is no word
// of the vocabulary but, one glyph confused (glyphPairs), is two or three
// of its words run together, as German names are ("Benzylbutyiphthalat",
// "Diisobutylpnthalat"); only when one such reading fits.
func compoundRespell(lw string) (string, bool) {
	rs := []rune(lw)
	if len(rs) < 10 || substanceCompound(lw) {
		return "", false
	}
	found := ""
	for i, r := range rs {
		for pair := range glyphPairs {
			if pair[0] != r {
				continue
			}
			c := string(rs[:i]) + string(pair[1]) + string(rs[i+1:])
			if c != found && substanceCompound(c) {
				if found != "" {
					return "", false
				}
				found = c
			}
		}
	}
	return found, found != ""
}

// substanceCompound reports whether w is two or three words of the
// vocabulary of three letters or more run together.
func substanceCompound(w string) bool {
	const parts = 3
	var split func(w string, n int) bool
	split = func(w string, n int) bool {
		if w == "" {
			return n >= 2
		}
		if n == parts {
			return false
		}
		for k := 3; k <= len(w); k++ {
			if substanceWords[w[:k]] && split(w[k:], n+1) {
				return true
			}
		}
		return false
	}
	return split(w, 0)
}

// oneSymbol is the one element symbol w is by case or one confused glyph
// ("cl", "Ha", "8r").
func oneSymbol(w string) (string, bool) { return oneOf(elementSymbols, w) }

// oneAbbreviation is the one abbreviation w is by case or one confused
// glyph ("BKFA", "BkEA" for "BkFA"), or, of four letters or more, by a
// glyph read twice in the other case ("BkKFA").
func oneAbbreviation(w string) (string, bool) {
	if s, ok := oneOf(abbreviations, w); ok {
		return s, true
	}
	if r := []rune(w); len(r) >= 5 {
		for k := 1; k < len(r); k++ {
			if unicode.ToLower(r[k]) == unicode.ToLower(r[k-1]) && r[k] != r[k-1] {
				if s := string(r[:k]) + string(r[k+1:]); abbreviations[s] {
					return s, true
				}
				if s := string(r[:k-1]) + string(r[k:]); abbreviations[s] {
					return s, true
				}
			}
		}
	}
	return "", false
}

// oneOf is the one word of set that w is by case or by glyph confusions,
// as printed or in one case; none when two fit.
func oneOf(set map[string]bool, w string) (string, bool) {
	found := ""
	for s := range set {
		if strings.EqualFold(s, w) {
			if found != "" && found != s {
				return "", false
			}
			found = s
		}
	}
	if found != "" {
		return found, true // the word in another case ("cd"), not another word a glyph off ("Co")
	}
	for s := range set {
		if strings.EqualFold(s, w) || confusable(w, s) || confusable(strings.ToLower(w), strings.ToLower(s)) || confusable(strings.ToUpper(w), strings.ToUpper(s)) {
			if found != "" && found != s {
				return "", false
			}
			found = s
		}
	}
	return found, found != ""
}

// confusable reports whether a reads as b with glyph confusions only: one
// for words of up to five letters, two for longer ones.
func confusable(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	limit := 1
	if len(rb) > 5 {
		limit = 2
	}
	diff := 0
	for k := range ra {
		if ra[k] == rb[k] {
			continue
		}
		if !glyphPairs[[2]rune{ra[k], rb[k]}] && !accentMisread(ra[k], rb[k]) {
			return false
		}
		diff++
	}
	return diff > 0 && diff <= limit
}

// accentMisread reports a letter read with its accent lost or added
// ("especifica"), or an accented vowel read as another ("Migracién").
func accentMisread(a, b rune) bool {
	fa, fb := foldAccent(a), foldAccent(b)
	return fa == fb || fa != a && fb != b
}

// lostLMisread reports whether b is a, of six letters or more, with one
// "l" lost and one glyph misread besides ("olivend" for "olivenöl").
func lostLMisread(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(rb) != len(ra)+1 || len(ra) < 6 {
		return false
	}
	for k, r := range rb {
		if r != 'l' {
			continue
		}
		rest := string(append(slices.Clone(rb[:k]), rb[k+1:]...))
		if rest != a && confusable(a, rest) && editDistance(ra, []rune(rest)) == 1 {
			return true
		}
	}
	return false
}

// lostL reports whether b is a with one "l" OCR did not read ("oi" for
// "oil").
func lostL(a, b string) bool {
	if len(b) != len(a)+1 || len(a) < 2 {
		return false
	}
	for k := 0; k < len(b); k++ {
		if b[k] == 'l' && b[:k]+b[k+1:] == a {
			return true
		}
	}
	return false
}

// extraStroke reports whether a is b, a word of six letters or more, with
// one stroke OCR added: a speck read as "i", "l" or "1" ("aromiatic").
func extraStroke(a, b string) bool {
	if len(a) != len(b)+1 || len(b) < 6 {
		return false
	}
	for k := 0; k < len(a); k++ {
		if strings.IndexByte("il1|", a[k]) >= 0 && a[:k]+a[k+1:] == b {
			return true
		}
	}
	return false
}

func hasDigitsOnly(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// headerWords are the Latin words of five letters or more of the result
// table headers the generic reader knows ("result", "limit", "method").
// They are kept by length: respellHeader runs on every OCR word and
// compares only words of its own length.
var headerWords = sync.OnceValue(func() map[int][]string {
	m := map[int][]string{}
	seen := map[string]bool{}
	for _, list := range tableLexicon {
		for _, w := range strings.FieldsFunc(strings.ToLower(list), func(r rune) bool { return !unicode.IsLetter(r) || r > unicode.MaxLatin1 }) {
			if n := utf8.RuneCountInString(w); n >= 5 && !seen[w] {
				seen[w] = true
				m[n] = append(m[n], w)
			}
		}
	}
	return m
})

// respellHeader respells an OCR word that a glyph confusion keeps from
// being a table header's word ("Resuit" for "Result"), when exactly one
// such word fits.
func respellHeader(w string) string {
	if len(w) < 5 || len(w) > 16 {
		return w
	}
	lw := strings.ToLower(w)
	words := headerWords()[utf8.RuneCountInString(lw)]
	if slices.Contains(words, lw) {
		return w
	}
	found := oneConfusable(lw, slices.Values(words))
	if found == "" {
		return w
	}
	return matchCase(w, found)
}

// oneConfusable returns the one word of cands that w reads as by glyph
// confusions (confusable), "" when none or more than one fits.
func oneConfusable(w string, cands iter.Seq[string]) string {
	found := ""
	for cand := range cands {
		if confusable(w, cand) {
			if found != "" {
				return ""
			}
			found = cand
		}
	}
	return found
}

// matchCase writes found in the case of w: all capitals, a capital first,
// or lower case.
func matchCase(w, found string) string {
	switch {
	case strings.ToUpper(w) == w:
		return strings.ToUpper(found)
	case unicode.IsUpper([]rune(w)[0]):
		return strings.ToUpper(found[:1]) + found[1:]
	}
	return found
}

// reSignStroke is a sign before one stroke: "<I", "≤ l", "<i".
var reSignStroke = lazyRegexp(`^([<>≤≥]\s?)[lIi|工丨]$`)

// reMisreadLimit is a limit cell whose "≤" OCR read as a letter, an
// equals, a dollar, pound or hash sign, or as "<s", and whose "1" perhaps
// as a letter: "sl", "s2", "=i", "si", "$100", "£1000", "#1000", "<s1000".
var reMisreadLimit = lazyRegexp(`^(?:<s|[s=$£#])\s?([lIi|]|\d+(?:[.,]\d+)?)$`)

// reLimitJunk is a rule or speck read as a dash before a limit ("— ≤ 1",
// "-Max. 1000"), a sign read twice ("=< ≤ 1000"), a quote before a number
// ("‘1000", "-'1000"), a speck read as a comma or period before a limit
// (".Max. 1000", "， 0.07"; ".5" stays), or a period doubled or read as
// a comma after "Max" ("Max.. 1000", "Max, 1000"), or a colon after its
// stop ("Max.: 10").
var reLimitJunk = lazyRegexp(`^(?:[-—–_.,，、"“”‘’']\s?|[=<>]{1,2}\s)([<>≤≥]|[Mm]ax\b)|^([Mm]ax)(?:\.{2,}|,|:|\.-|\.:)\s?(\d)|^(?:[-—–]?[‘’'"]+\s?|[，、]\s?|[.,]\s)(\d)`)

// mendLimit reads an OCR limit cell that is a sign and a number by its
// shape: a limit column holds nothing else.
func mendLimit(s string) (string, bool) {
	if m := reLimitJunk.FindStringSubmatchIndex(s); m != nil {
		switch {
		case m[2] >= 0:
			return s[m[2]:], true
		case m[8] >= 0:
			return s[m[8]:], true
		}
		return s[m[4]:m[5]] + ". " + s[m[6]:], true
	}
	if m := reLimitSpeck.FindStringSubmatch(s); m != nil {
		if t := strings.NewReplacer("<=", "≤", ">=", "≥").Replace(m[1] + m[2]); t != s {
			return t, true // "<=1000", "≤ 1."
		}
	}
	if m := reLimitAmongJunk.FindStringSubmatch(s); m != nil && m[1] != s && !shortUnit[m[2]] {
		return m[1], true // "s ≤ 1000", "aes < 1000", "< 900 ay"
	}
	if m := reMaxAmongJunk.FindStringSubmatch(s); m != nil && !shortUnit[m[2]] {
		return m[1], true // "Max. 10 aL", "10 Be": a speck line joined below
	}
	if m := reNumberJunk.FindStringSubmatch(s); m != nil {
		return m[1], true // "1.": a speck after the number
	}
	if m := reJunkNumber.FindStringSubmatch(s); m != nil && !shortUnit[m[1]] && !limitWords[strings.ToLower(m[1])] {
		return m[2], true // "uy 10": a speck or stamp before a bare limit
	}
	if m := reLimitDigit.FindStringSubmatch(s); m != nil {
		return m[1], true // "≤1000 1": a rule's piece or a note's mark after it
	}
	if m := reSignStroke.FindStringSubmatch(s); m != nil {
		return m[1] + "1", true // "<I": a sign and a "1" read as a letter
	}
	m := reMisreadLimit.FindStringSubmatch(s)
	if m == nil {
		return s, false
	}
	n := m[1]
	if strings.ContainsAny(n, "lIi|") {
		n = "1"
	}
	return "≤" + n, true
}

// reLimitDigit is a signed or bounded limit with one digit alone after
// it: no limit prints two numbers.
var reLimitDigit = lazyRegexp(`^((?:[Mm]ax\.\s?|[<>≤≥]\s?)\d+(?:[.,]\d+)?)\s+\d$`)

// notDetectedBesideDigit reads a not-detected mark with a lone digit
// before or after it ("4 N.D.", "N.D 3", "5 Not Detected") as the mark: a
// speck, a rule or a footnote's number; no digit qualifies "not
// detected".
func notDetectedBesideDigit(s string) (string, bool) {
	fs := strings.Fields(s)
	if len(fs) < 2 {
		return "", false
	}
	lone := func(f string) bool { return len(f) == 1 && f[0] >= '0' && f[0] <= '9' }
	var rest []string
	switch {
	case lone(fs[0]) && !lone(fs[len(fs)-1]):
		rest = fs[1:]
	case lone(fs[len(fs)-1]) && !lone(fs[0]):
		rest = fs[:len(fs)-1]
	default:
		return "", false
	}
	t := strings.Join(rest, " ")
	if v, err := normalize.ParseValue(t); err != nil || v.Kind != normalize.NotDetected {
		return "", false
	}
	return t, true
}

// reNumberJunk is a number an OCR speck ends: "2:", "41.", "0.2.".
var reNumberJunk = lazyRegexp(`^(\d+(?:[.,]\d+)?)[.:]$`)

// reUnitJunk is a rule or speck read as a dash before a unit ("- mg/dm²").
var reUnitJunk = lazyRegexp(`^[-—–_]\s?([\pL%µ])`)

// reCellValue is one token an MDL or result cell holds: a number with
// or without a sign, or "not detected" abbreviated.
var reCellValue = lazyRegexp(`^(?:[<>≤≥]?\d+(?:[.,]\d+)?%?|(?i:n\.?d\.?))$`)

// reStrokeNumber is a number whose "1"s OCR read as "l" or "I" between
// its digits ("1l0"), or all of them ("ll"); a stroke at a number's edge
// may be a table rule ("5l", "|5") and is left alone.
var reStrokeNumber = lazyRegexp(`^(?:[<>≤≥]?\d+[lI]+[\dlI]*\d(?:[.,]\d+)?|l{2,3})$`)

// reNotDetectedSpeck is "Not Detected" with a speck before its second
// word ("Not .Detected", "Not. Detected").
var reNotDetectedSpeck = lazyRegexp(`^(?i)(not)\s*[.,'’]\s?(detected)$`)

// notDetectedAmongSpecks reads "Not", a word "Detected" two glyphs off
// at most and as long, and one or two specks of one glyph each ("Not 45
// Detected" holds no speck) as "Not Detected": a photo's "Not 4
// Detected", "Not 让 letected", "Not Detectei d". A lost "Not" ("4
// Detected") is not guessed: "Detected" is the opposite reading.
func notDetectedAmongSpecks(s string) (string, bool) {
	fs := strings.Fields(s)
	if len(fs) < 3 || len(fs) > 4 || !strings.EqualFold(fs[0], "not") {
		return "", false
	}
	word := ""
	for _, f := range fs[1:] {
		switch {
		case utf8.RuneCountInString(f) == 1 && !strings.EqualFold(f, "a"):
		case word == "" && len(f) >= 8 && len(f) <= 9:
			word = f
		default:
			return "", false
		}
	}
	if word == "" || editDistance([]rune(strings.ToLower(word)), []rune("detected")) > 2 {
		return "", false
	}
	return fs[0] + " Detected", true
}

// reNotDetectedMisread is "Not" and a word, "Detected" two glyphs off
// at most and as long (mendNumber checks): "Not Detsceted"; "Not
// Deleted" is a word of its own.
var reNotDetectedMisread = lazyRegexp(`^([Nn]ot)\s+([A-Za-z]{6,10})$`)

// reNatDetected is "Not Detected" with its "o" read as a round glyph.
var reNatDetected = lazyRegexp(`^([Nn])[a0e]t(\s+[Dd]etected)$`)

// reNDSpeckO is "n.d." with a speck before it read as "o" and its first
// period lost, or its last read as a colon: "ond.", "ond:", "nd:".
var reNDSpeckO = lazyRegexp(`^(o?)(n)(\.?)(d)([.:])$`)

// reNDComma is "N.D." with its last period read as a comma or doubled:
// "N.D、", "N.D..".
var reNDComma = lazyRegexp(`^([Nn]\.?[Dd])(?:[、，,]|\.\.+)$`)

// reSymbolJ is an element symbol in brackets whose closing bracket OCR
// read as "j" at the end of the name.
var reSymbolJ = lazyRegexp(`\(([A-Z][a-z]?)j$`)

// reSymbolBang is "(Cl)" with its "l" read as "!".
var reSymbolBang = lazyRegexp(`\(([A-Z])!\)`)

// reOpenAbbrev is an item that ends on a bracketed abbreviation or
// symbol that was never closed.
// reEmptyAfterWord is an empty bracket glued to a word: its closing
// bracket read with an opening one before it.
var reEmptyAfterWord = lazyRegexp(`(\p{L})\(\)`)

var reOpenAbbrev = lazyRegexp(`(\s\()([A-Za-z]+|Cr\(VI\))$`)

// reOpenWordsSymbol is an open bracket of a word or two and an element's
// symbol at the end ("(como Pb").
var reOpenWordsSymbol = lazyRegexp(`\s\(\p{Ll}+(?: \p{Ll}+)? ([A-Z][a-z]?)$`)

// reLimitSpeck is a signed limit OCR read with "<=" for "≤", or with a
// speck after its number ("≤ 1.", "≤ 900°", "< 1000-"), or a bare
// limit with a speck read as a degree ("100°").
var reLimitSpeck = lazyRegexp(`^((?:<=|>=)\s?\d+(?:[.,]\d+)?|(?:[<>≤≥]|[Mm]ax\.)\s?\d+(?:[.,]\d+)?)[.°\-—–]?$|^(\d+(?:[.,]\d+)?)°$`)

// reMaxAmongJunk is a limit, "Max." or signed or bare, with a token of
// one or two letters after it ("10 Be", "=1000 Zs"), a round symbol
// ("1000 ©", a mark of the next cell) or one Han character ("< 1000 吧"):
// a speck line joined below, unless
// the token is a unit (shortUnit).
var reMaxAmongJunk = lazyRegexp(`^((?:[Mm]ax\.\s?|[<>≤≥=]\s?)?\d+(?:[.,]\d+)?)\s+([A-Za-z]{1,3}|[©®•¢§¶]|\p{Han})[.:;,]?$`)

// reJunkNumber is a bare number after a short lowercase token.
var reJunkNumber = lazyRegexp(`^([a-z]{1,3})\s+(\d+(?:[.,]\d+)?)$`)

// limitWords are the short words a limit prints before its number.
var limitWords = wordSet(`max min nmt nlt ca`)

// shortUnit are the units of one or two letters a limit may print.
var shortUnit = wordSet(`mg kg g l L ml mL ug ng cm mm dm m h d s ppm ppb min`)

// reLimitAmongJunk is a signed limit with a short lowercase token a
// speck or stamp made before or after it (a unit after it is no junk).
var reLimitAmongJunk = lazyRegexp(`^(?:[a-z]{1,3}\s+)?([<>≤≥]\s?\d+(?:[.,]\d+)?)(?:\s+([a-z]{1,3}))?$`)

// reNDLostDot is "n.d." with its first period lost ("nd.") or read as a
// stroke ("NLD."), or its last read with a speck as a colon ("ND:",
// "N.D:"): a period after a bare "nd" is printed only as the end of
// "n.d.".
var reNDLostDot = lazyRegexp(`^([Nn])[LlI|.]?([Dd])[.:]$`)

// reNDSpecks is a not-detected mark with a speck read before it as a
// tilde, underscore, quote or dash, or after it as a dash or a period it
// does not print.
var reNDSpecks = lazyRegexp(`^[~_"'‘’“”\-—–]?([Nn]\.[Dd]\.?|ND|nd|[Nn]ot [Dd]etected)[-.]?$`)

// reNumberLead is a number after a colon or semicolon a speck made.
var reNumberLead = lazyRegexp(`^[:;]\s?([<>≤≥]?\d+(?:[.,]\d+)?)$`)

// reNumberDash is a number with a lone dash after it: no cell prints a
// number and a "none" mark, and no sign comes after a number.
var reNumberDash = lazyRegexp(`^([<>≤≥]?\s?\d+(?:[.,]\d+)?) [-—–]$`)

// reZeroColon is a number under one read with a colon for its point:
// no time or ratio starts "0:".
var reZeroColon = lazyRegexp(`^([<>≤≥]?\s?)0:(\d+)$`)

// mendNumber mends an OCR MDL or result cell: a speck read as a period or
// colon after a whole number (a decimal point ends no number), "1"s read
// as "l", a comma for the last period of "N.D.", and junk tokens of a
// rule, a speck or a stamp beside one value ("n.d. ag", "加 4", "<8 fe:").
func mendNumber(s string) (string, bool) {
	if t := strings.TrimLeft(s, "\"'‘’“”"); t != s && t != "" && !strings.ContainsAny(t, "\"'‘’“”") {
		t, _ = mendNumber(t)
		return t, true // "“2", "“NO": no value opens a quote
	}
	if s == "_" {
		return "-", true // a dash for "none", read low
	}
	if m := reStopBeforeDecimal.FindStringSubmatch(s); m != nil {
		return m[1], true // ".0.002": a speck before a number with its point
	}
	if t := strings.TrimLeft(s, ".,"); t != s && t != "" && unicode.IsLetter(firstRune(t)) {
		if v, err := normalize.ParseValue(t); err == nil && v.Kind == normalize.NotDetected {
			return t, true // ".Not Detected": a speck before the mark
		}
	}
	if m := reNumberJunk.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	if reStrokeNumber.MatchString(s) {
		return strings.NewReplacer("l", "1", "I", "1").Replace(s), true
	}
	if m := reNDComma.FindStringSubmatch(s); m != nil {
		return m[1] + ".", true
	}
	if m := reNDLostDot.FindStringSubmatch(s); m != nil && m[1]+"."+m[2]+"." != s {
		return m[1] + "." + m[2] + ".", true
	}
	if m := reNotDetectedSpeck.FindStringSubmatch(s); m != nil {
		return m[1] + " " + m[2], true
	}
	if m := reNotDetectedMisread.FindStringSubmatch(s); m != nil && !strings.EqualFold(m[2], "detected") && len(m[2]) >= 8 &&
		editDistance([]rune(strings.ToLower(m[2])), []rune("detected")) <= 2 {
		return m[1] + " Detected", true // "Not Detsceted"
	}
	if m := reNatDetected.FindStringSubmatch(s); m != nil {
		return m[1] + "ot" + m[2], true // "Nat Detected"
	}
	if nd, ok := notDetectedAmongSpecks(s); ok {
		return nd, true // "Not 4 Detected", "Not Detectei d"
	}
	if m := reNDSpeckO.FindStringSubmatch(s); m != nil && (m[1] == "o" || m[5] == ":") {
		return m[2] + "." + m[4] + ".", true // "ond.", "ond:"
	}
	if m := reNumberLead.FindStringSubmatch(s); m != nil {
		return m[1], true // ":57": a rule's speck before the number
	}
	if m := reNumberDash.FindStringSubmatch(s); m != nil {
		return m[1], true // "85 -": a speck or a rule's end after the number
	}
	if m := reZeroColon.FindStringSubmatch(s); m != nil {
		return m[1] + "0." + m[2], true // "0:01": a point and a speck above it
	}
	if m := reNDSpecks.FindStringSubmatch(s); m != nil && m[1] != s {
		return m[1], true // "n.d.-", "Not Detected.", "~N.D"
	}
	if nd, ok := notDetectedBesideDigit(s); ok {
		return nd, true // "4 N.D.", "N.D 3"
	}
	fs := strings.Fields(s)
	if len(fs) < 2 || len(fs) > 3 {
		return s, false
	}
	keep := ""
	for _, f := range fs {
		switch {
		case reCellValue.MatchString(f):
			// the same number twice round a speck ("8 一 8"): one cell
			// read twice; "N.D. N.D." may be two samples' results
			if keep != "" && (f != keep || len(fs) != 3 || !reHasDigit.MatchString(f)) {
				return s, false
			}
			keep = f
		case utf8.RuneCountInString(f) > 4 || strings.ContainsAny(f, "0123456789<>≤≥=-—–"):
			return s, false // a word, a number or a sign: not junk
		}
	}
	if keep == "" {
		return s, false
	}
	return keep, true
}

// cellUnits are the units of result tables an OCR unit cell is respelled
// to ("mg/ka", "mo/dm?").
var cellUnits = []string{"mg/kg", "mg/dm²", "mg/L", "µg/kg", "µg/L", "ppm"}

// unitAmongJunk finds one of cellUnits in a cell among specks, stray
// glyphs or its own copy ("了 mg/dm²", "mg/kg.", "mg/kg _mg/kg",
// "mg/dm?2"): every other token is two runes or fewer.
func unitAmongJunk(s string) (string, bool) {
	unit := ""
	for _, t := range strings.Fields(s) {
		t = strings.Trim(t, "._,:;'\"‘’“”")
		t = strings.Replace(t, "?2", "²", 1)
		switch {
		case slices.Contains(cellUnits, t) && (unit == "" || unit == t):
			unit = t
		case utf8.RuneCountInString(t) > 2:
			return "", false
		}
	}
	return unit, unit != "" && unit != s
}

// reUnitGlyphs are the glyphs units are written with.
var reUnitGlyphs = lazyRegexp(`^[\pL/²³%\d]+$`)

// mendUnit drops a dash before an OCR unit cell and respells a unit with
// a slash one misread glyph from exactly one of cellUnits, or two when it
// holds a glyph no unit has ("mo/dm?"); another unit ("mg/m³", "g/kg")
// or another spelling of one ("mg/l", "mg/dm2") stays.
func mendUnit(s string) (string, bool) {
	if m := reUnitJunk.FindStringSubmatchIndex(s); m != nil {
		return s[m[2]:], true
	}
	if !strings.Contains(s, "/") {
		return s, false
	}
	if u, ok := unitAmongJunk(s); ok {
		return u, true
	}
	spelling := strings.NewReplacer("2", "²", "3", "³", "μ", "µ")
	found := ""
	for _, u := range cellUnits {
		if strings.EqualFold(spelling.Replace(s), u) {
			return s, false
		}
		if utf8.RuneCountInString(s) != utf8.RuneCountInString(u) {
			continue // glyphs misread, not added or lost ("g/kg")
		}
		d := editDistance([]rune(s), []rune(u))
		if d == 1 || d == 2 && !reUnitGlyphs.MatchString(s) {
			if found != "" {
				return s, false
			}
			found = u
		}
	}
	if found == "" {
		return s, false
	}
	return found, true
}

// reStandardBody starts a method: a standards body's code.
var reStandardBody = lazyRegexp(`^(?:IEC|EN|ISO|GB|GB/T|ASTM|EPA|US|DIN|BS|JIS|KS|AfPS|CPSC|SN|LFQB|LFGB)$`)

// mendMethod drops what OCR adds to a method cell: a lone quote, rule or
// East Asian comma ("、", "”") anywhere, and a token of two runes or fewer before the
// standards body that starts it ("fe IEC 62321-5:2013").
func mendMethod(s string) (string, bool) {
	fs := strings.Fields(s)
	out := fs[:0:0]
	for i, f := range fs {
		if strings.Trim(f, "、，。”“‘’'\"·_|~") == "" || strayLetter(fs, i) {
			continue
		}
		out = append(out, f)
	}
	if len(out) >= 3 && utf8.RuneCountInString(out[0]) <= 2 && !reStandardBody.MatchString(out[0]) && reStandardBody.MatchString(out[1]) {
		out = out[1:]
	}
	if len(out) > 0 {
		// a quote stuck to the body ("“IEC 62321-7-2:2017")
		if b := strings.TrimLeft(out[0], "“”\"'‘’"); b != out[0] && reStandardBody.MatchString(b) {
			out[0] = b
		}
	}
	t := strings.Join(out, " ")
	t = reStandardDash.ReplaceAllString(t, "$1-$2")                                           // "EN 1186. 9:2002"
	t = rePartSpace.ReplaceAllString(t, "$1-$2")                                              // "IEC 62321-7- 2:2017"
	t = reBodyDot.ReplaceAllString(t, "$1 $2")                                                // "IEC. 62321", "AfPS.GS"
	t = reTokenWordsDot.ReplaceAllString(t, "$1$2 $3$4")                                      // "combustion.ion"
	t = reYearDotSlash.ReplaceAllString(t, "$1 /")                                            // "EN 14582:2016./ combustion"
	t = reSmallBody.ReplaceAllStringFunc(t, strings.ToUpper)                                  // "en 13130-1:2004"
	t = reYearDot.ReplaceAllString(t, "$1 $2")                                                // "62321-8:2017. GC-MS"
	t = reEndDot.ReplaceAllString(t, "$1")                                                    // "EN 14582:2016.", "2019:01 PAK."
	t = reICP.ReplaceAllString(t, "${1}ICP-$2")                                               // "(CP-MS", "}CP-OES", "CP-OES"
	t = rePartComma.ReplaceAllString(t, "$1.$2")                                              // "GB 31604,2-2016"
	t = reAcronymI.ReplaceAllStringFunc(t, strings.ToUpper)                                   // "iEC", "iCP-OES", "UV-ViS"
	t = reIECGlyph.ReplaceAllString(t, "${1}IEC $2")                                          // "4EC 62321", "tEC 62321"
	t = reIECPart.ReplaceAllString(t, "${1}IEC $2")                                           // "VEC 62321", IEC's number alone
	t = reIECBracket.ReplaceAllString(t, "${1}IEC $2")                                        // "(EC 62321"
	t = reIECGlyph.ReplaceAllString(reMethodLeadJunk.ReplaceAllString(t, "$1"), "${1}IEC $2") // "/})JEC 62321"
	t = reIECLetter.ReplaceAllString(t, "IEC $1")                                             // "i 62321-7-2:2017"
	t = reGSDigit.ReplaceAllString(t, "AfPS GS")                                              // "AfPS G5"
	t = reSplitWord.ReplaceAllStringFunc(t, joinMethodWord)                                   // "s pectrophatometry"
	t = reBraceOpen.ReplaceAllString(t, "($1)")                                               // "{article filling)"
	t = reGSColon.ReplaceAllString(t, "GS $1")                                                // "AfPS GS:2019:01"
	t = reBraceClose.ReplaceAllString(t, "($1)")                                              // "(GC-MS}"
	t = reAmendPlus.ReplaceAllString(t, "$1+AMD$2")                                           // "2013+AMD1" read "20134AMD1", "20134+AM01"
	t = reYearDigit.ReplaceAllString(t, "$1")                                                 // "IEC 62321-5:2013 7"
	t = reMethodWord.ReplaceAllStringFunc(t, respellMethodWord)                               // "spectrophatometry", "pectrophotometry"
	t = reAcronymHyphen.ReplaceAllString(t, "$1-$2")                                          // "CV- AAS/ICP- OES"
	t = reSlashQuote.ReplaceAllString(t, "$1/ $2")                                            // "IEC 62321-6:2015 /'GC-MS"
	return t, t != s && t != ""
}

// methodWords are the words methods are described with: the techniques of
// the standards the reports' regulations name.
var methodWords = wordSet(`chromatography spectrophotometry spectrometry spectroscopy photometry gravimetry
titration dilution isotope combustion ion pyrolysis article filling extraction digestion
absorption emission fluorescence colorimetry colorimetric mass plasma atomic microwave calculation
determination method methods total immersion`)

// reMethodWord is a word of small letters, five or more.
var reMethodWord = lazyRegexp(`\b\p{Ll}{5,}\b`)

// reMethodLeadJunk is brackets, braces, quotes and slashes a rule or a
// speck put before a method's first word ("/})JEC 62321", "”|IEC"), or a
// dash glued to its capital ("-IEC 62321-8:2017").
var reMethodLeadJunk = lazyRegexp(`^(?:[/\\|{}()\[\]“”"'‘’]{2,}|[-—–_~]+)(\p{Lu})`)

// reIECLetter is IEC 62321, the RoHS test standard only IEC publishes,
// starting a method with its "IEC" read as one stroke, as "EC" or "=C",
// or lost.
var reIECLetter = lazyRegexp(`^(?:[iIl|]|[=~]?C|EC)?\s?(62321\b)`)

// reGSDigit is the AfPS GS specification with its S read as a 5.
var reGSDigit = lazyRegexp(`\bAfPS G5\b`)

// reSplitWord is a letter alone before a word of small letters: a word
// OCR parted after its first letter ("s pectrophatometry").
var reSplitWord = lazyRegexp(`\b\p{Ll} \p{Ll}{4,}\b`)

// joinMethodWord joins a word parted after its first letter when the
// whole is a method's word, respelled if need be.
func joinMethodWord(m string) string {
	if w := respellMethodWord(strings.Replace(m, " ", "", 1)); methodWords[w] {
		return w
	}
	return m
}

// respellMethodWord respells a method's word that reads as one of
// methodWords by glyph confusions only, or with one letter lost
// ("pectrophotometry"; not the last: "chromatograph" is a word), and no
// other.
func respellMethodWord(w string) string {
	if methodWords[w] {
		return w
	}
	if found := oneConfusable(w, maps.Keys(methodWords)); found != "" {
		return found
	}
	if len(w) >= 7 {
		found := ""
		for m := range methodWords {
			if len(m) == len(w)+1 && !strings.HasPrefix(m, w) && editDistance([]rune(w), []rune(m)) == 1 {
				if found != "" {
					return w
				}
				found = m
			}
		}
		if found != "" {
			return found
		}
	}
	return w
}

// reAcronymHyphen is a technique's acronyms joined by a hyphen that a
// space follows ("CV- AAS", "ICP- OES").
var reAcronymHyphen = lazyRegexp(`\b([A-Z]{2,})- ([A-Z]{2,})\b`)

// reSlashQuote is a speck read as a quote in the space after a method's
// slash ("2015 /'GC-MS").
var reSlashQuote = lazyRegexp(`(\s)/['‘’"]([A-Z])`)

// reYearDigit is a standard that ends with its year and one digit after
// it, alone: a rule's piece or a speck read as "7"; no method names a
// standard's part after its year.
var reYearDigit = lazyRegexp(`^(.*[:\-](?:19|20)\d{2})\s+\d$`)

// reAmendPlus is a standard's year and its amendment with the "+" read as
// "4" (beside it or in its place) and the amendment's "D" as "0": a year
// of five digits before an amendment is no year.
var reAmendPlus = lazyRegexp(`(:(?:19|20)\d{2})(?:4\+?|\+4?)AM[D0](\d:\d{4})`)

// reTokenWordsDot is reWordsDot for a whole token: "www.iec.ch" stays.
var reTokenWordsDot = lazyRegexp(`(^|[\s(])([a-z]{3,})\.([a-z]{2,})([\s),;]|$)`)

// strayLetter reports whether method token i is one small letter between
// a standard's number and a capital word: a speck ("EN 13130-1:2004 h
// ICP-MS").
func strayLetter(fs []string, i int) bool {
	if i == 0 || i+1 >= len(fs) || len(fs[i]) != 1 || fs[i][0] < 'a' || fs[i][0] > 'z' {
		return false
	}
	next, _ := utf8.DecodeRuneInString(fs[i+1])
	return reHasDigit.MatchString(fs[i-1]) && unicode.IsUpper(next)
}

// rePartSpace is a standard's part number with a space OCR read after
// its hyphen: "IEC 62321-7- 2:2017".
var rePartSpace = lazyRegexp(`\b(\d{3,5}(?:-\d{1,2})?)- (\d{1,2}:\d{4})\b`)

// reStandardDash is a standard's part number whose hyphen OCR read as a
// period and a space: "EN 1186. 9:2002".
var reStandardDash = lazyRegexp(`\b(\d{3,5})\. (\d{1,2}:\d{4})\b`)

// reBraceOpen and reBraceClose are a bracket of which OCR read one side
// as a brace.
var (
	reBraceOpen  = lazyRegexp(`\{([^{}()]*)\)`)
	reBraceClose = lazyRegexp(`\(([^{}()]*)\}`)
)

// reGSColon is the AfPS GS specification's year after a colon a speck
// made: "GS:2019:01".
var reGSColon = lazyRegexp(`\bGS:(\d{4}:\d{2})`)

// reIECBracket is "IEC" with its "I" read as "(", "{" or "[" before a number of five
// digits (IEC's parts: 62321); "(EC) No 1935/2004", a regulation of four,
// is left alone.
var reIECBracket = lazyRegexp(`(^|[\s;,/])[({\[]EC\s?(\d{5}\b)`)

// reIECPart is three capitals ending "EC" before 62321, a number only IEC
// gives its standards ("VEC 62321").
var reIECPart = lazyRegexp(`(^|[\s(;,/])[A-Z]EC\s?(62321\b)`)

// reIECGlyph is "IEC" before a standard's number with its "I" read as
// another glyph ("JEC", "‘EC", "1EC.62321"), or its "EC" small; a bare
// "EC" (a regulation's "(EC) No 1935/2004") is left alone.
var reIECGlyph = lazyRegexp(`(^|[\s(;,/])(?:[4tl1|!\[JH‘’']EC|[Il]?Ec)[\s.]?(\d{4,5}\b)`)

// reAcronymI is an acronym of capitals with an "I" OCR read small.
var reAcronymI = lazyRegexp(`\b(?:i[A-Z]{2,}|[A-Z]+i[A-Z]+|[A-Z]{2,}i)(?:[-/][A-Z]+)*\b`)

// rePartComma is a standard's part number whose period OCR read as a
// comma: "GB 31604,2-2016".
var rePartComma = lazyRegexp(`\b(\d{4,5}),(\d{1,2}-\d{4})\b`)

// reBodyDot and reYearDot are a speck read as a period after a
// standards body or a standard's year (or a specification's part,
// "2019:01"), before the next word.
var (
	reBodyDot = lazyRegexp(`\b(IEC|EN|ISO|GB|ASTM|DIN|JIS|AfPS)\. ?([A-Z\d])`)
	reYearDot = lazyRegexp(`(:\d{2}|:\d{4})\. ([A-Z])`)
	reEndDot  = lazyRegexp(`(:\d{4}|\b[A-Z]{2,})\.$`)
	// a period before the slash that parts a standard from its technique
	reYearDotSlash = lazyRegexp(`(:\d{4})\.\s?/`)
)

// reSmallBody is a standards body that starts a method read in small
// letters, before its number.
var reSmallBody = lazyRegexp(`^(?:en|iec|iso)\b(?:\s\d)`)

// reICP is "ICP-" (ICP-MS, ICP-OES) with its "I" read as a bracket or
// a stroke, or lost: no technique is called CP-MS.
var reICP = lazyRegexp(`(^|[\s/,])[(\[{}|l1J]?CP-(MS|OES|AES)\b`)

// canonicalAbbrev are the abbreviations results name the RoHS phthalates
// and Cr(VI) with; elementNames give the elements' symbols.
var canonicalAbbrev = map[string]string{
	"bis(2-ethylhexyl) phthalate": "DEHP", "butyl benzyl phthalate": "BBP", "dibutyl phthalate": "DBP",
	"diisobutyl phthalate": "DIBP", "hexavalent chromium": "Cr(VI)", "sum of pbbs": "PBBs", "sum of pbdes": "PBDEs",
}

// reAbbrevEnd is an item name that ends with its symbol or abbreviation
// in brackets.
var reAbbrevEnd = lazyRegexp(`\s\(([A-Za-z]{1,6}|Cr\(VI\))\)$`)

// reMethodSlash and reMethodNoSlash are a method of a standard that ends
// with its year and a technique after it, with a slash between or not.
var (
	reMethodSlash   = lazyRegexp(`^(.+[:\-](?:19|20)\d{2}) / (\S.*)$`)
	reMethodNoSlash = lazyRegexp(`^(.+[:\-](?:19|20)\d{2}) (\p{Lu}[^/]*|\p{Lu}\S*/\S+)$`)
)

// methodSeparators gives an OCR method with no slash between its
// standard and its technique the slash three rows of its column print
// there or more, and more rows than lack it: a slash reads as a stroke,
// a brace or a "j" that mendMethod drops as a speck. It returns how many
// rows it changed.
func methodSeparators(rows []labrelay.ResultRow) int {
	with, without := 0, []int{}
	for i, r := range rows {
		switch {
		case reMethodSlash.MatchString(r.Method):
			with++
		case reMethodNoSlash.MatchString(r.Method):
			without = append(without, i)
		}
	}
	if with < 3 || with <= len(without) {
		return 0
	}
	for _, i := range without {
		rows[i].Method = reMethodNoSlash.ReplaceAllString(rows[i].Method, "$1 / $2")
	}
	return len(without)
}

// nameSymbols gives an OCR item whose bracketed symbol or abbreviation is
// a glyph off, lost or added, the one its name is printed with:
// "Chlorine (C)" is chlorine, whatever carbon's symbol. It returns how
// many rows it changed.
func nameSymbols(rows []labrelay.ResultRow) int {
	n := 0
	for i := range rows {
		m := reItemSymbol.FindStringSubmatch(rows[i].Item)
		if m == nil {
			continue
		}
		want, ok := nameAbbrev(m[1])
		if !ok || m[2] == want || !within1([]rune(m[2]), []rune(want)) {
			continue
		}
		rows[i].Item = m[1] + " (" + want + ")"
		n++
	}
	return n
}

// nameAbbrev is the symbol or abbreviation of the substance a name ends
// with ("Cadmium", "镉 Cadmium", "Dibutyl phthalate").
func nameAbbrev(name string) (string, bool) {
	ws := strings.Fields(strings.ToLower(name))
	for k := range ws {
		t := strings.Join(ws[k:], " ")
		if a, ok := canonicalAbbrev[t]; ok {
			return a, true
		}
		if a, ok := elementNames[t]; ok && k == len(ws)-1 {
			return a, true
		}
	}
	return "", false
}

// reItemSymbol is a name and a bracketed token of six glyphs at most.
var reItemSymbol = lazyRegexp(`^(\S.*\S)\s\(([^()\s]{1,6})\)$`)

// reQuoteInName is a quote glued before a small letter that starts a
// word of a name: no item name quotes its words.
var reQuoteInName = lazyRegexp(`(\s)['‘’"“”](\p{Ll})`)

// reStopBeforeDecimal is a stop or comma before a number that has its
// own decimal point.
var reStopBeforeDecimal = lazyRegexp(`^[.,](\d+\.\d+)$`)

// columnLostWord gives an OCR item name that starts with a small word of
// the substances' vocabulary ("migration, 10% ethanol") the capitalised
// word two rows or more of its table print before that word, all the same
// ("Overall migration, …"): a photo's or scan's first word lost at the
// cell's edge. It returns how many rows it changed.
func columnLostWord(rows []labrelay.ResultRow) int {
	// key is a name's start from word i: the word with its comma, or the
	// word and the next ("migration," is not "migration of")
	key := func(f []string, i int) string {
		if strings.ContainsAny(f[i], ",.;:") || i+1 == len(f) {
			return f[i]
		}
		return f[i] + " " + f[i+1]
	}
	before := map[string]map[string]int{} // a start -> the words before it -> rows
	for _, r := range rows {
		f := strings.Fields(r.Item)
		if len(f) >= 2 && unicode.IsUpper(firstRune(f[0])) && unicode.IsLower(firstRune(f[1])) {
			k := key(f, 1)
			if before[k] == nil {
				before[k] = map[string]int{}
			}
			before[k][f[0]]++
		}
	}
	n := 0
	for i, r := range rows {
		f := strings.Fields(r.Item)
		if len(f) < 2 || !unicode.IsLower(firstRune(f[0])) {
			continue
		}
		w := strings.TrimRight(f[0], ",.;:")
		if !substanceWords[w] || linkWords[w] || len(before[key(f, 0)]) != 1 {
			continue
		}
		for head, k := range before[key(f, 0)] {
			if k >= 2 {
				rows[i].Item = head + " " + r.Item
				n++
			}
		}
	}
	return n
}

// reGarbledAbbrev is a name and a bracketed token after it.
var reGarbledAbbrev = lazyRegexp(`^(\S.*\S)\s\(([^()\s]{2,6})\)$`)

// columnAbbreviations gives an OCR item name that lost its bracketed
// symbol or abbreviation (a wrapped line's end, "Dibutyl phthalate") the
// one its substance is named with, where two thirds of the table's rows
// print one, three at least; or that reads it a glyph off ("(DEH?)"). It
// returns how many rows it changed.
func columnAbbreviations(rows []labrelay.ResultRow) int {
	n := nameSymbols(rows)
	with, without := 0, []int{}
	for i, r := range rows {
		if reAbbrevEnd.MatchString(r.Item) {
			with++
			continue
		}
		without = append(without, i)
	}
	if with < 3 || with < 2*len(without) {
		return n
	}
	for _, i := range without {
		name := strings.ToLower(strings.TrimSpace(rows[i].Item))
		if m := reGarbledAbbrev.FindStringSubmatch(rows[i].Item); m != nil {
			if abbr, ok := canonicalAbbrev[strings.ToLower(m[1])]; ok && oneGlyphOff(m[2], abbr) {
				rows[i].Item = m[1] + " (" + abbr + ")"
				n++
			}
			continue
		}
		abbr, ok := canonicalAbbrev[name]
		if !ok {
			abbr, ok = elementNames[name]
		}
		if !ok {
			continue
		}
		rows[i].Item = strings.TrimSpace(rows[i].Item) + " (" + abbr + ")"
		n++
	}
	return n
}
