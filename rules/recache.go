package rules

import (
	"regexp"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Packs inherit each other's rules, so the default packs compile the same
// few dozen patterns about 190 times; compiling each source once cut
// rules.Default from ~25 ms to a few. A *regexp.Regexp is safe for
// concurrent use, so packs share them.
var ruleRe = struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}{m: map[string]*regexp.Regexp{}}

// maxCachedRe bounds the cache: user packs reloaded with changing
// patterns must not grow it without end.
const maxCachedRe = 4096

// compileRe is regexp.Compile, once per source.
func compileRe(src string) (*regexp.Regexp, error) {
	ruleRe.Lock()
	re, ok := ruleRe.m[src]
	ruleRe.Unlock()
	if ok {
		return re, nil
	}
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, err
	}
	ruleRe.Lock()
	if len(ruleRe.m) < maxCachedRe {
		ruleRe.m[src] = re
	}
	ruleRe.Unlock()
	return re, nil
}

// foldMemo remembers fold's results: label search folds each cell text
// once per label of every rule (about 40% of the analysis before).
var foldMemo = &memo[string, string]{m: map[string]string{}}

const maxFoldMemo = 1 << 14

// captionMemo remembers parseCaptionOCR's results: the generic reader and
// the centred-block finder ask about every cell several times. The
// lexicon is fixed once built (AblateLexicon comes first), so a result
// never goes stale.
var captionMemo = &memo[captionQuery, captionAnswer]{m: map[captionQuery]captionAnswer{}}

type captionQuery struct {
	text string
	ocr  bool
}

type captionAnswer struct {
	hit capHit
	ok  bool
}

// memo is a bounded map safe for concurrent use: when full it starts
// over, so memory stays bounded.
type memo[K comparable, V any] struct {
	sync.Mutex
	m map[K]V
}

func (c *memo[K, V]) get(k K) (V, bool) {
	c.Lock()
	v, ok := c.m[k]
	c.Unlock()
	return v, ok
}

func (c *memo[K, V]) put(k K, v V) {
	c.Lock()
	if len(c.m) >= maxFoldMemo {
		clear(c.m)
	}
	c.m[k] = v
	c.Unlock()
}

// ruleExpr is ruleRe for expressions: a compiled program runs in a new VM
// each time (vm.Run), so packs share them.
var ruleExpr = struct {
	sync.Mutex
	m map[string]*vm.Program
}{m: map[string]*vm.Program{}}

// compileExpr compiles src in the rules' environment, returning a bool
// (isBool) or a string, once per source and kind.
func compileExpr(src string, isBool bool) (*vm.Program, error) {
	key := "s:" + src
	opt := expr.AsKind(reflectString)
	if isBool {
		key, opt = "b:"+src, expr.AsBool()
	}
	ruleExpr.Lock()
	p, ok := ruleExpr.m[key]
	ruleExpr.Unlock()
	if ok {
		return p, nil
	}
	p, err := expr.Compile(src, append(exprOptions(), opt)...)
	if err != nil {
		return nil, err
	}
	ruleExpr.Lock()
	if len(ruleExpr.m) < maxCachedRe {
		ruleExpr.m[key] = p
	}
	ruleExpr.Unlock()
	return p, nil
}
