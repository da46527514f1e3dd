package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/labrelay/labrelay"
)

// Kind says what a printed result value is.
type Kind int

const (
	// Number is a plain number: "12", "0.8", "12,5".
	Number Kind = iota + 1
	// NotDetected is "N.D.", "ND", "Not detected", "未检出".
	NotDetected
	// Less is an upper bound: "<2" (Strict) or "≤10".
	Less
	// Greater is a lower bound: ">100" (Strict) or "≥10".
	Greater
)

// Value is a printed result or limit read for comparison.
type Value struct {
	Kind Kind
	// Num is the number, or the bound for Less and Greater.
	Num float64
	// Strict is set for "<" and ">", clear for "≤" and "≥".
	Strict bool
}

var notDetected = map[string]bool{
	"n.d.": true, "n.d": true, "nd": true, "n d": true, "not detected": true, "none detected": true,
	"未检出": true, "未檢出": true, "<mdl": true, "< mdl": true, "<rl": true, "<lod": true, "<loq": true,
}

var reNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// ParseValue reads a printed result or limit: N.D. forms, bounds such as
// "<2", "< 2", "≤10", "<=10", ">100", "≥5", and numbers with a decimal point
// or a decimal comma ("12,5"; "1,000" is read as one thousand). Anything
// else ("Negative", "See appendix") is an error: it is not comparable.
func ParseValue(s string) (Value, error) {
	k := strings.ToLower(fold(s))
	k = strings.NewReplacer("＜", "<", "＞", ">", "≦", "≤", "≧", "≥").Replace(k)
	if notDetected[k] {
		return Value{Kind: NotDetected}, nil
	}
	v := Value{Kind: Number}
	switch {
	case strings.HasPrefix(k, "<="), strings.HasPrefix(k, "≤"):
		v.Kind = Less
		k = strings.TrimPrefix(strings.TrimPrefix(k, "<="), "≤")
	case strings.HasPrefix(k, ">="), strings.HasPrefix(k, "≥"):
		v.Kind = Greater
		k = strings.TrimPrefix(strings.TrimPrefix(k, ">="), "≥")
	case strings.HasPrefix(k, "<"):
		v.Kind, v.Strict = Less, true
		k = k[1:]
	case strings.HasPrefix(k, ">"):
		v.Kind, v.Strict = Greater, true
		k = k[1:]
	}
	n, err := number(strings.TrimSpace(k))
	if err != nil {
		return Value{}, fmt.Errorf("value %q is not comparable", s)
	}
	v.Num = n
	return v, nil
}

func number(s string) (float64, error) {
	switch strings.Count(s, ",") {
	case 0:
	case 1:
		i := strings.IndexByte(s, ',')
		after := s[i+1:]
		switch {
		case strings.Contains(s, "."):
			// 1,000.5 (thousands) or 1.000,5 (European)
			if strings.IndexByte(s, '.') > i {
				s = strings.Replace(s, ",", "", 1)
			} else {
				s = strings.ReplaceAll(s, ".", "")
				s = strings.Replace(s, ",", ".", 1)
			}
		case len(after) == 3 && i > 0 && i <= 3:
			s = strings.Replace(s, ",", "", 1)
		default:
			s = strings.Replace(s, ",", ".", 1)
		}
	default:
		s = strings.ReplaceAll(s, ",", "")
	}
	if !reNumber.MatchString(s) {
		return 0, fmt.Errorf("not a number: %q", s)
	}
	return strconv.ParseFloat(s, 64)
}

// RowVerdict derives a result row's verdict from its printed value and
// limit (spec §1): "" when there is no limit ("-", "/", absent, not
// regulated) or when value and limit cannot be compared; "pass" for N.D.
// under any numeric limit, for a number within the limit, and for a bound
// ("<2") that is within it; "fail" when the value exceeds the limit.
// A limit printed with "≥" or ">" is a minimum (e.g. a strength).
func RowVerdict(value, limit string) string {
	if none[key(limit)] {
		return ""
	}
	l, err := ParseValue(limit)
	if err != nil || l.Kind == NotDetected {
		return ""
	}
	v, err := ParseValue(value)
	if err != nil {
		return ""
	}
	if l.Kind == Greater {
		// A minimum: only a plain number or a lower bound can be judged.
		switch v.Kind {
		case Number:
			if v.Num > l.Num || v.Num == l.Num && !l.Strict {
				return labrelay.VerdictPass
			}
			return labrelay.VerdictFail
		case Greater:
			if v.Num >= l.Num {
				return labrelay.VerdictPass
			}
		case Less, NotDetected:
			if v.Kind == NotDetected || v.Num < l.Num || v.Num == l.Num && l.Strict {
				return labrelay.VerdictFail
			}
		}
		return ""
	}
	// A maximum: "1000", "≤10" or "<10".
	within := func(x float64) bool { return x < l.Num || x == l.Num && !l.Strict }
	switch v.Kind {
	case NotDetected:
		return labrelay.VerdictPass
	case Number:
		if within(v.Num) {
			return labrelay.VerdictPass
		}
		return labrelay.VerdictFail
	case Less:
		if v.Num <= l.Num {
			return labrelay.VerdictPass
		}
	case Greater:
		if v.Num >= l.Num {
			return labrelay.VerdictFail
		}
	}
	return ""
}
