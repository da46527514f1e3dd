package review_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/sign"
)

var screenshots = flag.String("screenshots", "testdata/screenshots", "directory for the browser test's screenshots (gitignored)")

// mustChromium starts a headless Chromium with a fresh profile. Without
// Chromium the test skips, unless CI is set: then it fails.
func mustChromium(t *testing.T) context.Context {
	t.Helper()
	chromiumPath := testenv.MustChromium(t)
	dir, err := os.MkdirTemp("", "review-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 { // Chromium's children may still write for a moment
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser without a deadline
		t.Fatal(err)
	}
	return ctx
}

// TestBrowserReview is the end-to-end test: in a real Chromium a reviewer
// signs in, opens a low-confidence document, sees its page image and the
// provenance box, corrects a field, approves with the keyboard, and the
// corrected value and the reviewer arrive at the DSP; the audit trail shows
// the change; hostile extracted text never runs.
func TestBrowserReview(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	xss := r.seedXSS(t)
	b := newBrowserSession(t, mustChromium(t))

	b.signInAndQueue(r.URL, doc.ID)
	b.claimAndCheckBox(doc.ID)
	b.correctAndApprove()

	// At the DSP: the corrected value and the reviewer, signed.
	reports := r.dspReports(t)
	if len(reports) != 1 {
		t.Fatalf("DSP holds %d reports, want 1", len(reports))
	}
	var p sign.Payload
	if err := json.Unmarshal(reports[0].Payload, &p); err != nil {
		t.Fatal(err)
	}
	if p.Record.BatchNumber != "H24120-E" || p.ReviewedBy != "alice" || p.ReviewedAt.IsZero() || p.Source.SHA256 != doc.SHA256 {
		t.Fatalf("DSP payload: batch %q reviewed by %q at %v, source %s", p.Record.BatchNumber, p.ReviewedBy, p.ReviewedAt, p.Source.SHA256)
	}
	got, err := r.Store.Document(context.Background(), doc.ID)
	if err != nil || got.State != labrelay.StatePublished {
		t.Fatalf("document after approval: %v %s", err, got.State)
	}

	b.checkAuditTrail(r.URL, doc.ID)
	b.checkHostile(r.URL, xss.ID)
}

// browserSession drives one Chromium tab for a test, counting the
// JavaScript dialogs opened (refused) and saving screenshots.
type browserSession struct {
	t       *testing.T
	ctx     context.Context
	dialogs *atomic.Int32
}

func newBrowserSession(t *testing.T, browser context.Context) *browserSession {
	b := &browserSession{t: t, dialogs: new(atomic.Int32)}
	events := chromedp.Events(browser, page.JavascriptDialogOpening)
	go func() {
		for _, err := range events {
			if err != nil {
				return
			}
			b.dialogs.Add(1)
			_, _ = chromedp.Call(browser, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	ctx, cancel := context.WithTimeout(browser, 90*time.Second)
	t.Cleanup(cancel)
	b.ctx = ctx
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *browserSession) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.CaptureScreenshot()(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(*screenshots, name+".png"), buf, 0o644)
	})
}

func (b *browserSession) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

func (b *browserSession) eval(expr string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// load runs a and waits for the page it leads to.
func load(a chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, a)(ctx, tg)
		return err
	})
}

// signInAndQueue signs alice in on the way to document id, then looks at
// the queue.
func (b *browserSession) signInAndQueue(base string, id int64) {
	t, do, shot, eval := b.t, b.do, b.shot, b.eval
	do("sign in",
		chromedp.EmulateViewport(1366, 768),
		chromedp.Navigate(base+fmt.Sprintf("doc/%d", id)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=name]`)),
		shot("login-1366x768"),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "alice"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		load(chromedp.Click(chromedp.CSS(`.login button[type=submit]`))),
		chromedp.WaitVisible(chromedp.ID("claim")), // back where we were going
	)
	do("queue",
		load(chromedp.Navigate(base)),
		chromedp.WaitVisible(chromedp.CSS(`table.queue`)),
		shot("queue-1366x768"),
		chromedp.EmulateViewport(768, 1024),
		shot("queue-768x1024"),
		chromedp.EmulateViewport(1366, 768),
	)
	if rows := eval(`String(document.querySelectorAll("table.queue tbody tr").length)`); rows != "2" {
		t.Fatalf("queue rows = %s, want 2", rows)
	}
}

// claimAndCheckBox claims document id and checks the page image, the
// provenance box on the batch number and the confidence colour.
func (b *browserSession) claimAndCheckBox(id int64) {
	t, do, shot, eval := b.t, b.do, b.shot, b.eval
	do("open and claim",
		load(chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href$="/doc/%d"]`, id)))),
		load(chromedp.Click(chromedp.ID("claim"))),
		chromedp.WaitEnabled(chromedp.ID("f-batch_number")),
		chromedp.Focus(chromedp.ID("f-batch_number")),
		chromedp.WaitVisible(chromedp.CSS(`.page .box`)),
	)
	// The page image is loaded and the box sits on the batch number: its
	// centre at (158.2 pt, 183.5 pt) of an A4 page (595.28 × 841.89 pt).
	var box struct{ Natural, X, Y float64 }
	if err := json.Unmarshal([]byte(eval(`(() => { const img = document.querySelector(".page img"); const b = document.querySelector(".page .box");
		return JSON.stringify({Natural: img.naturalWidth, X: (b.offsetLeft + b.offsetWidth / 2) / img.clientWidth, Y: (b.offsetTop + b.offsetHeight / 2) / img.clientHeight}); })()`)), &box); err != nil {
		t.Fatal(err)
	}
	if box.Natural != 827 || math.Abs(box.X-158.2/595.28) > 0.01 || math.Abs(box.Y-183.5/841.89) > 0.01 {
		t.Errorf("page image %v px wide, box centre at (%.3f, %.3f) of the page, want 827 and (%.3f, %.3f)", box.Natural, box.X, box.Y, 158.2/595.28, 183.5/841.89)
	}
	if got := eval(`getComputedStyle(document.querySelector('tr[data-field="batch_number"] td.conf')).color`); got != "rgb(179, 38, 30)" {
		t.Errorf("low confidence colour = %s, want red", got)
	}
	do("document screenshots",
		shot("document-1366x768"),
		chromedp.EmulateViewport(768, 1024),
		chromedp.Focus(chromedp.ID("f-po_number")),
		chromedp.Focus(chromedp.ID("f-batch_number")),
		chromedp.Sleep(500*time.Millisecond), // smooth scrolling
		shot("document-768x1024"),
		chromedp.EmulateViewport(1366, 768),
		chromedp.Focus(chromedp.ID("f-batch_number")),
	)
}

// correctAndApprove moves with the keyboard, corrects the batch number and
// approves.
func (b *browserSession) correctAndApprove() {
	t, do, eval := b.t, b.do, b.eval
	// j/k move between fields.
	do("keyboard", chromedp.KeyEvent(kb.Escape), chromedp.KeyEvent("j"))
	if got := eval(`document.activeElement.id`); got != "f-po_number" {
		t.Errorf("after Esc j the focus is on %q, want f-po_number", got)
	}
	do("correct and approve",
		chromedp.Clear(chromedp.ID("f-batch_number")),
		chromedp.SendKeys(chromedp.ID("f-batch_number"), "H24120-E"),
		chromedp.SendKeys(chromedp.CSS(`input[name=comment]`), "batch number read from page 1"),
		chromedp.KeyEvent(kb.Escape),
		load(chromedp.KeyEvent("a")),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	)
	if notice := eval(`document.querySelector("p.notice").textContent`); !strings.Contains(notice, "Approved") {
		t.Fatalf("after approve: %q", notice)
	}

}

// checkAuditTrail: the document's page shows who changed what.
func (b *browserSession) checkAuditTrail(base string, id int64) {
	t, do, shot, eval := b.t, b.do, b.shot, b.eval
	do("audit trail", load(chromedp.Navigate(base+fmt.Sprintf("doc/%d", id))), chromedp.WaitVisible(chromedp.CSS(`table.audit`)))
	trail := eval(`document.querySelector("table.audit").innerText`)
	for _, want := range []string{"alice", "correct", "batch_number", `"H24I20-E"`, `"H24120-E"`, "batch number read from page 1", "approve"} {
		if !strings.Contains(trail, want) {
			t.Errorf("audit trail lacks %q:\n%s", want, trail)
		}
	}
	do("published screenshot", shot("document-published-1366x768"))

}

// checkHostile: hostile text is shown as text, never run.
func (b *browserSession) checkHostile(base string, id int64) {
	t, do, shot, eval := b.t, b.do, b.shot, b.eval
	do("hostile document", load(chromedp.Navigate(base+fmt.Sprintf("doc/%d", id))), chromedp.WaitVisible(chromedp.ID("f-lab_name")),
		chromedp.Sleep(300*time.Millisecond), shot("document-hostile-1366x768"))
	if got := eval(`document.querySelector("ul.reasons").textContent.trim()`); got != "lab_name "+xssValue+"seeded for review" && !strings.Contains(got, xssValue) {
		t.Errorf("reasons = %q, want the markup as text", got)
	}
	if got := eval(`document.getElementById("f-lab_name").value`); got != xssValue {
		t.Errorf("lab_name input = %q", got)
	}
	if n := eval(`String(document.querySelectorAll("main script, main img:not(.page img)").length)`); n != "0" {
		t.Errorf("%s injected elements in the page", n)
	}
	do("queue with hostile file name", load(chromedp.Navigate(base)), chromedp.WaitVisible(chromedp.CSS(`table.queue`)), chromedp.Sleep(300*time.Millisecond))
	if n := b.dialogs.Load(); n != 0 {
		t.Fatalf("%d JavaScript dialogs opened: hostile text ran", n)
	}
}
