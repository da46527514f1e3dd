package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/sqlite"
)

const adminPassword = "correct horse battery staple"

// TestReviewLearnsLayout drives "Learn this layout" in Chromium against
// `labrelay run`: two reports of a layout no pack knows wait in review;
// an admin corrects and approves the first, learns its layout and saves
// the pack; the second is re-read with it and published without review,
// and so is a third report dropped afterwards.
func TestReviewLearnsLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts labrelay run and Chromium: skipped with -short")
	}
	r := newCrashRig(t)
	packs, users := filepath.Join(r.Dir, "packs"), filepath.Join(r.Dir, "users.yaml")
	if err := os.Mkdir(packs, 0o750); err != nil {
		t.Fatal(err)
	}
	h, err := review.HashPassword(adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := review.PutUser(users, review.User{Name: "root", Role: review.RoleAdmin, PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(r.Dir, "labrelay.db")
	cfg := r.config(t, "w1", "sqlite: "+db)
	appendFile(t, cfg, "extract: {packs: "+packs+"}\nreview: {users: "+users+"}\n")
	p := r.start(t, labrelayBinary(t), cfg)
	base := p.url(t) + "/review/"

	reports := make([]layouts.Doc, 3)
	for n := range reports {
		if reports[n], err = layouts.Variant(4, uint64(n)); err != nil {
			t.Fatal(err)
		}
	}
	r.S3.MustPut(t, crashBucket, "in/a.pdf", reports[0].PDF)
	r.S3.MustPut(t, crashBucket, "in/b.pdf", reports[1].PDF)
	a := waitState(t, db, "in/a.pdf", labrelay.StateNeedsReview)
	waitState(t, db, "in/b.pdf", labrelay.StateNeedsReview)

	ctx := browserFor(t)
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		return v
	}
	load := func(act chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.WaitEvent(page.LoadEventFired, nil, act)(ctx, tg)
			return err
		})
	}
	do("sign in and claim",
		chromedp.Navigate(base+fmt.Sprintf("doc/%d", a.ID)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "root"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), adminPassword),
		load(chromedp.Click(chromedp.CSS(`.login button[type=submit]`))),
		load(chromedp.Click(chromedp.ID("claim"))),
		chromedp.WaitEnabled(chromedp.ID("f-report_number")),
	)
	// Correct every field the generic rules read differently from the
	// approved record (at least one, as a reviewer would), then approve.
	truth := reports[0].Truth
	corrected := 0
	for _, f := range []string{labrelay.FieldApplicantName, labrelay.FieldProductName, labrelay.FieldModelNumber, labrelay.FieldManufacturerName, labrelay.FieldSignatoryName} {
		want, _ := truth.String(f)
		if want == "" || text(fmt.Sprintf(`String(document.getElementById("f-%s") ? document.getElementById("f-%s").value : "-")`, f, f)) == want {
			continue
		}
		do("correct "+f, chromedp.Clear(chromedp.ID("f-"+f)), chromedp.SendKeys(chromedp.ID("f-"+f), want))
		corrected++
	}
	t.Logf("%d fields corrected", corrected)
	do("approve",
		chromedp.KeyEvent(kb.Escape),
		load(chromedp.KeyEvent("a")),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	do("learn",
		load(chromedp.Navigate(base+fmt.Sprintf("doc/%d", a.ID))),
		load(chromedp.Click(chromedp.ID("learn"))),
		chromedp.WaitVisible(chromedp.ID("learn-yaml")),
	)
	if y := text(`document.getElementById("learn-yaml").textContent`); !strings.Contains(y, "learned: true") || !strings.Contains(y, "match:") {
		t.Fatalf("the learned pack shown:\n%s", y)
	}
	if bad := text(`String(document.querySelectorAll("tr.not-learned").length)`); bad != "0" {
		t.Errorf("%s fields not learned:\n%s", bad, text(`document.querySelector("table.learn-fields").innerText`))
	}
	do("save", load(chromedp.Click(chromedp.ID("learn-save"))), chromedp.WaitVisible(chromedp.ID("learn-saved")))

	// The second report, waiting in review, is re-read and published
	// without a reviewer; so is a third one dropped now.
	r.S3.MustPut(t, crashBucket, "in/c.pdf", reports[2].PDF)
	for _, key := range []string{"in/b.pdf", "in/c.pdf"} {
		d := waitState(t, db, key, labrelay.StatePublished)
		if d.ReviewedBy != "" || d.Extraction == nil || !strings.HasPrefix(d.Extraction.RulePack, "learned-") {
			t.Errorf("%s: reviewed by %q, pack %v; want the learned pack and no reviewer", key, d.ReviewedBy, d.Extraction)
		}
	}
	names, _ := filepath.Glob(filepath.Join(packs, "*.yaml"))
	if len(names) != 1 {
		t.Fatalf("packs written: %v", names)
	}
	data, _ := os.ReadFile(names[0])
	if !strings.Contains(string(data), "by root at") || !strings.Contains(string(data), fmt.Sprintf("documents %d", a.ID)) {
		t.Errorf("the pack does not say who learned it from which documents:\n%s", data)
	}
	if err := p.term(t); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
}

// waitState waits, at most 90 s, until the document of key is in state.
func waitState(t *testing.T, db, key string, state labrelay.State) labrelay.Document {
	t.Helper()
	st := sqlite.New(db)
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(90 * time.Second)
	var last labrelay.Document
	for time.Now().Before(deadline) {
		docs, err := st.Documents(t.Context(), labrelay.DocumentQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.Source.Key == key {
				last = d
				if d.State == state {
					return d
				}
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s: %s (%s), want %s within 90 s", key, last.State, last.Reason, state)
	return last
}

// browserFor starts a headless Chromium with a fresh profile (strict
// mode: fails without Chromium).
func browserFor(t *testing.T) context.Context {
	t.Helper()
	path := testenv.MustChromium(t)
	dir := t.TempDir()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir))
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancelT)
	return ctx
}
