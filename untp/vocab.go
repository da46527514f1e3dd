package untp

import (
	"regexp"
	"strings"
)

// body is an organisation named by the designation it publishes, with its
// public web address as its identifier.
type body struct {
	id, name string
}

// standardBodies maps the first word of a printed standard designation to
// the body that issues it. Only prefixes that name exactly one body are
// listed; "GB" (issued by SAC, or by the NHC and SAMR for food-safety
// standards), "ISO/IEC" and anything else is left unresolved, and such a
// standard appears only in its printed form.
var standardBodies = map[string]body{
	"IEC":  {"https://www.iec.ch", "International Electrotechnical Commission (IEC)"},
	"ISO":  {"https://www.iso.org", "International Organization for Standardization (ISO)"},
	"ASTM": {"https://www.astm.org", "ASTM International"},
	"VDA":  {"https://www.vda.de", "Verband der Automobilindustrie (VDA)"},
	"CPSC": {"https://www.cpsc.gov", "U.S. Consumer Product Safety Commission (CPSC)"},
	// "US EPA 3052:1996" is an EPA SW-846 test method.
	"US EPA": {"https://www.epa.gov", "U.S. Environmental Protection Agency (EPA)"},
	// European Standards from CEN and CENELEC; ETSI's (EN 300 000 to
	// 303 999) are excluded in standardBody.
	"EN": {"https://www.cencenelec.eu", "CEN-CENELEC"},
}

var etsiEN = regexp.MustCompile(`^EN 30[0-3]`)

// standardBody returns the body that issues a printed standard, if its
// designation names one.
func standardBody(designation string) (body, bool) {
	d := strings.TrimSpace(designation)
	if etsiEN.MatchString(d) {
		return body{}, false
	}
	for _, prefix := range []string{"US EPA", "IEC", "ISO", "ASTM", "VDA", "CPSC", "EN"} {
		rest, ok := strings.CutPrefix(d, prefix)
		if !ok || rest == "" {
			continue
		}
		// The prefix must be a whole word: "EN 1186", "CPSC-CH-E1002", not
		// "ISO/IEC 17025" (a joint standard) or "ENV …".
		if rest[0] == ' ' || (prefix == "CPSC" && rest[0] == '-') {
			return standardBodies[prefix], true
		}
	}
	return body{}, false
}

// euLegislation matches EU (and former EC/EEC) regulations, directives and
// decisions as they are usually printed: "Regulation (EU) No 10/2011",
// "Directive 2011/65/EU", "Directive 2000/53/EC (ELV)".
var euLegislation = regexp.MustCompile(`^(?:Commission |Council )?(?:Regulation|Directive|Decision)\b.*(?:\((?:EU|EC|EEC)\)|\d+/\d+/(?:EU|EC|EEC)\b)`)

var europeanUnion = body{"https://european-union.europa.eu", "European Union"}

// regulationAuthority returns who administers a regulation listed among a
// report's test standards, if its designation says.
func regulationAuthority(designation string) (body, bool) {
	if euLegislation.MatchString(strings.TrimSpace(designation)) {
		return europeanUnion, true
	}
	return body{}, false
}

// accreditationBodies maps the first word of a printed accreditation
// number ("CNAS L0599") to the accreditation body that granted it.
var accreditationBodies = map[string]body{
	"CNAS":   {"https://www.cnas.org.cn", "China National Accreditation Service for Conformity Assessment (CNAS)"},
	"A2LA":   {"https://a2la.org", "American Association for Laboratory Accreditation (A2LA)"},
	"DAkkS":  {"https://www.dakks.de", "Deutsche Akkreditierungsstelle (DAkkS)"},
	"HOKLAS": {"https://www.itc.gov.hk/en/quality/hkas/", "Hong Kong Accreditation Service (HKAS)"},
	"UKAS":   {"https://www.ukas.com", "United Kingdom Accreditation Service (UKAS)"},
	"NATA":   {"https://nata.com.au", "National Association of Testing Authorities, Australia (NATA)"},
	"COFRAC": {"https://www.cofrac.fr", "Comité français d'accréditation (COFRAC)"},
	"JAB":    {"https://www.jab.or.jp", "Japan Accreditation Board (JAB)"},
	"KOLAS":  {"https://www.knab.go.kr", "Korea Laboratory Accreditation Scheme (KOLAS)"},
}

func accreditationBody(printed string) (body, bool) {
	word, _, _ := strings.Cut(strings.TrimSpace(printed), " ")
	b, ok := accreditationBodies[word]
	return b, ok
}

// unitCodes maps printed units to UN/CEFACT Recommendation 20 codes, the
// vocabulary the UNTP Measure "unit" is drawn from. Units without a code
// listed here (mg/dm², HRC, grade, …) are not turned into a Measure; the
// row keeps its printed form.
var unitCodes = map[string]string{
	"mg/kg": "NA",  // milligram per kilogram
	"ppm":   "59",  // part per million
	"%":     "P1",  // percent
	"mm":    "MMT", // millimetre
	"µm":    "4H",  // micrometre
	"μm":    "4H",  // (Greek mu)
	"h":     "HUR", // hour
	"°":     "DD",  // degree (angle)
	"g":     "GRM",
	"kg":    "KGM",
	"mg":    "MGM",
	"N":     "NEW", // newton
}

// number matches a plain printed decimal: "12", "2.5", "-0.3". Anything
// else ("N.D.", "<2", "≤10", "1,5", "Pass") is not a number here.
var number = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?$`)
