package pdfsig

import "strings"

// A small PDF lexer: enough to read the top-level entries of a dictionary
// and compare two versions of an object. Values come back as their tokens
// joined by one space, so formatting differences do not count as changes.

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return strings.IndexByte("()<>[]{}/%", c) >= 0
}

// maxTokens bounds one dictionary's tokens: hostile files nest deeply.
const maxTokens = 1 << 16

// nextToken returns the token starting at or after i and the offset after
// it; "" at the end of data.
func nextToken(data []byte, i int) (string, int) {
	for i < len(data) {
		switch c := data[i]; {
		case isSpace(c):
			i++
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		default:
			return tokenAt(data, i)
		}
	}
	return "", i
}

func tokenAt(data []byte, i int) (string, int) {
	c := data[i]
	switch {
	case c == '(':
		return stringToken(data, i)
	case c == '<' && i+1 < len(data) && data[i+1] == '<', c == '>' && i+1 < len(data) && data[i+1] == '>':
		return string(data[i : i+2]), i + 2
	case c == '<':
		j := i + 1
		for j < len(data) && data[j] != '>' {
			j++
		}
		return string(data[i:min(j+1, len(data))]), j + 1
	case c == '[' || c == ']' || c == '{' || c == '}' || c == '>' || c == ')':
		return string(c), i + 1
	}
	j := i + 1
	for j < len(data) && !isSpace(data[j]) && !isDelim(data[j]) {
		j++
	}
	return string(data[i:j]), j
}

// stringToken reads a literal string with nested parentheses and escapes.
func stringToken(data []byte, i int) (string, int) {
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(data[i : j+1]), j + 1
			}
		}
	}
	return string(data[i:]), len(data)
}

// tokens splits b into tokens.
func tokens(b []byte) []string {
	var out []string
	for i := 0; len(out) < maxTokens; {
		t, next := nextToken(b, i)
		if t == "" {
			break
		}
		out = append(out, t)
		i = next
	}
	return out
}

// parseDict reads the dictionary opening at data[start] ("<<"): its
// top-level entries by key without the slash, and the offset after ">>".
func parseDict(data []byte, start int) (map[string]string, int, bool) {
	t, i := nextToken(data, start)
	if t != "<<" {
		return nil, 0, false
	}
	d := map[string]string{}
	var key string
	var val []string
	depth := 0
	for n := 0; n < maxTokens; n++ {
		t, i = nextToken(data, i)
		switch {
		case t == "":
			return nil, 0, false
		case depth == 0 && t == ">>":
			if key != "" {
				d[key] = strings.Join(val, " ")
			}
			return d, i, true
		case depth == 0 && t[0] == '/' && (key == "" || len(val) > 0):
			if key != "" {
				d[key] = strings.Join(val, " ")
			}
			key, val = t[1:], nil
			continue
		case t == "<<" || t == "[":
			depth++
		case t == ">>" || t == "]":
			depth--
		}
		val = append(val, t)
	}
	return nil, 0, false
}
