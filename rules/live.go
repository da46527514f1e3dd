package rules

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
)

// Live is an engine over the built-in packs (or RulesDir) plus the packs
// of Dir, reloaded when a file of Dir changes: a pack dropped into Dir is
// used without a restart. A broken pack is refused with its file, rule and
// line, and the previous set stays in use. Build it with Load; it is safe
// for concurrent use.
type Live struct {
	RulesDir string // "" for the built-in packs
	Dir      string // the extra packs (config extract.packs)
	// Interval is how often Watch looks at Dir; default 3s. Polling the
	// modification times needs no new dependency and catches edits on
	// network file systems that inotify misses.
	Interval time.Duration
	Logger   *slog.Logger

	eng   atomic.Pointer[Engine]
	mu    sync.Mutex
	stamp string // what Dir looked like when last loaded (or refused)
}

var _ extract.Analyzer = (*Live)(nil)

// Load (re)builds the engine from the directories. On an error the
// previous engine stays in use and the error names the bad pack.
func (l *Live) Load() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	stamp, err := dirStamp(l.Dir)
	if err != nil {
		return err
	}
	l.stamp = stamp
	e, err := FromDirs(l.RulesDir, l.Dir)
	if err != nil {
		return err
	}
	l.eng.Store(e)
	var names []string
	for _, p := range e.Packs() {
		names = append(names, p.VersionString())
	}
	l.log().Info("rule packs loaded", "dir", l.Dir, "packs", strings.Join(names, " "), "rules_version", e.Version())
	return nil
}

// Engine returns the engine in use (nil before the first Load).
func (l *Live) Engine() *Engine { return l.eng.Load() }

// Analyze implements extract.Analyzer with the engine in use.
func (l *Live) Analyze(ctx context.Context, lay *labrelay.Layout) (*labrelay.Extraction, error) {
	e := l.eng.Load()
	if e == nil {
		return nil, errors.New("rules: no packs loaded")
	}
	return e.Analyze(ctx, lay)
}

// Watch reloads the packs whenever a *.yaml file of Dir is added, removed
// or modified, until ctx ends. A refused pack is logged; the next change
// is tried again.
func (l *Live) Watch(ctx context.Context) {
	every := l.Interval
	if every <= 0 {
		every = 3 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		stamp, err := dirStamp(l.Dir)
		l.mu.Lock()
		changed := err == nil && stamp != l.stamp
		l.mu.Unlock()
		if err != nil {
			l.log().Warn("rule packs: cannot read the directory", "dir", l.Dir, "err", err)
			continue
		}
		if !changed {
			continue
		}
		if err := l.Load(); err != nil {
			l.log().Error("rule packs refused; the previous set stays in use", "dir", l.Dir, "err", err)
		}
	}
}

func (l *Live) log() *slog.Logger {
	if l.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l.Logger
}

// dirStamp is the name, size and modification time of every *.yaml file
// of dir ("" for none).
func dirStamp(dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	names, err := fs.Glob(os.DirFS(dir), "*.yaml")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			continue // removed meanwhile: the next look sees it gone
		}
		fmt.Fprintf(&b, "%s %d %d\n", n, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String(), nil
}
