package report_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/postgres"
	"github.com/labrelay/labrelay/report"
	"github.com/labrelay/labrelay/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var stores = []struct {
	name string
	open func(testing.TB) labrelay.Store
}{
	{"sqlite", func(tb testing.TB) labrelay.Store {
		st := sqlite.New(filepath.Join(tb.TempDir(), "labrelay.db"))
		if err := st.Open(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}},
	{"postgres", func(tb testing.TB) labrelay.Store {
		st := postgres.New(pgtest.DSN(tb))
		if err := st.Open(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}},
}

// hostile is document-derived text that must come out as text.
const hostile = `<script>document.title="pwned"</script><img src=x onerror=alert(1)> & "quotes"`

type spec struct {
	lab, category, path string
	to                  labrelay.State // needs_review, accepted (auto), published, exception, failed
	reviewed            bool           // published after a person's review
}

// fill makes documents in the given states through the store's own
// moves, the way the pipeline does.
func fill(t *testing.T, st labrelay.Store, specs []spec) {
	t.Helper()
	ctx := context.Background()
	for i, sp := range specs {
		data := []byte(fmt.Sprintf("report %d %s", i, sp.lab))
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])
		if _, _, err := st.Discover(ctx, labrelay.NewDocument{Source: labrelay.ObjectRef{Bucket: "reports", Key: fmt.Sprintf("in/%s/%d.xml", sp.lab, i), ETag: hexSum[:8]}, LabHint: sp.lab}); err != nil {
			t.Fatal(err)
		}
		ls, err := st.Lease(ctx, "w", labrelay.StateDiscovered, 1, time.Minute)
		if err != nil || len(ls) != 1 {
			t.Fatalf("lease: %v %d", err, len(ls))
		}
		if sp.to == labrelay.StateFailed {
			if _, err := st.Complete(ctx, ls[0], labrelay.StateFailed, labrelay.Update{Reason: "The file is not a lab report: " + hostile}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		ext := &labrelay.Extraction{Path: sp.path, RulePack: "p", RulesVersion: "p@1",
			Fields: labrelay.Record{Lab: sp.lab, Category: sp.category, ReportNumber: fmt.Sprintf("R%d", i), ProductName: hostile}}
		route := labrelay.StateAccepted
		if sp.to == labrelay.StateNeedsReview || sp.reviewed {
			route = labrelay.StateNeedsReview
			ext.RequireReview("low confidence")
		}
		if _, err := st.Complete(ctx, ls[0], route, labrelay.Update{SHA256: hexSum, Extraction: ext}); err != nil {
			t.Fatal(err)
		}
		if sp.to == labrelay.StateNeedsReview {
			continue
		}
		id := ls[0].DocumentID
		if sp.reviewed {
			if _, err := st.Claim(ctx, id, "qa", time.Minute); err != nil {
				t.Fatal(err)
			}
			if _, err := st.Approve(ctx, id, "qa", "ok"); err != nil {
				t.Fatal(err)
			}
		}
		if sp.to == labrelay.StateAccepted {
			continue
		}
		ls, err = st.Lease(ctx, "w", labrelay.StateAccepted, 1, time.Minute)
		if err != nil || len(ls) != 1 {
			t.Fatalf("lease accepted: %v %d", err, len(ls))
		}
		if _, err := st.Complete(ctx, ls[0], labrelay.StateSigned, labrelay.Update{SignedRecord: []byte("jws"), IdempotencyKey: "key-" + hexSum[:12]}); err != nil {
			t.Fatal(err)
		}
		its, err := st.LeaseOutbox(ctx, "w", 1, time.Minute)
		if err != nil || len(its) != 1 {
			t.Fatalf("lease outbox: %v %d", err, len(its))
		}
		if sp.to == labrelay.StateException {
			_, err = st.PublishException(ctx, its[0], "The DSP refused the record (HTTP 422): "+hostile)
		} else {
			_, err = st.Published(ctx, its[0], labrelay.Receipt{ID: fmt.Sprintf("dsp-%d", i), Status: 201})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

var specs = []spec{
	{"SGS", labrelay.CategoryElectronic, labrelay.PathNativeXML, labrelay.StatePublished, false},
	{"SGS", labrelay.CategoryElectronic, labrelay.PathNativeXML, labrelay.StatePublished, false},
	{"SGS", labrelay.CategoryFood, labrelay.PathPDFText, labrelay.StatePublished, true},
	{"SGS", labrelay.CategoryFood, labrelay.PathOCR, labrelay.StateNeedsReview, false},
	{"BV", labrelay.CategoryAutomotive, labrelay.PathNativeJSON, labrelay.StatePublished, false},
	{"BV", labrelay.CategoryAutomotive, labrelay.PathNativeJSON, labrelay.StateException, false},
	{"BV", labrelay.CategoryElectronic, labrelay.PathPDFText, labrelay.StateNeedsReview, false},
	{"BV", "", "", labrelay.StateFailed, false},
	{"OTHER", labrelay.CategoryFood, labrelay.PathOCR, labrelay.StateAccepted, false},
}

// TestBuild checks the report's numbers against the store's own queries
// on both stores.
func TestBuild(t *testing.T) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			st := s.open(t)
			fill(t, st, specs)
			d := build(t, st)
			checkNumbers(t, st, d)
		})
	}
}

func build(t *testing.T, st labrelay.Store) *report.Data {
	t.Helper()
	now := time.Now()
	d, err := report.Build(context.Background(), st, now.Add(-24*time.Hour), now.Add(time.Minute), now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func checkNumbers(t *testing.T, st labrelay.Store, d *report.Data) {
	t.Helper()
	ctx := context.Background()
	counts, err := st.Counts(ctx, d.From, d.To)
	if err != nil {
		t.Fatal(err)
	}
	total, byLab, byState := 0, map[string]int{}, map[labrelay.State]int{}
	for _, c := range counts {
		total += c.N
		byLab[c.Lab] += c.N
		byState[c.State] += c.N
	}
	lats, err := st.Latencies(ctx, d.From, d.To)
	if err != nil {
		t.Fatal(err)
	}
	durs := make([]time.Duration, len(lats))
	for i, l := range lats {
		durs[i] = l.Duration
	}
	_, backlog, err := st.ReviewQueue(ctx, labrelay.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"total", d.Total, total},
		{"total (specs)", d.Total, len(specs)},
		{"published", d.Published, len(lats)},
		{"published (specs)", d.Published, 4},
		{"failures", d.Failures, byState[labrelay.StateFailed]},
		{"exceptions", d.Exceptions, byState[labrelay.StateException]},
		{"review backlog", d.ReviewBacklog, backlog},
		{"review backlog (specs)", d.ReviewBacklog, 2},
		// routed: all but the failed one; auto: published without review,
		// the exception and the accepted one.
		{"routed", d.Routed, 8},
		{"auto accepted", d.AutoAccepted, 5},
		{"listed exceptions", len(d.ExceptionList), 1},
		{"listed failures", len(d.FailureList), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	for _, b := range d.ByLab {
		if b.N != byLab[b.Label] {
			t.Errorf("lab %s: got %d, want %d", b.Label, b.N, byLab[b.Label])
		}
	}
	if d.LatencyMedian != report.Percentile(durs, 50) || d.LatencyP95 != report.Percentile(durs, 95) {
		t.Errorf("latency median %s p95 %s; store's give %s %s", d.LatencyMedian, d.LatencyP95, report.Percentile(durs, 50), report.Percentile(durs, 95))
	}
}

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var out []time.Duration
		for _, n := range ns {
			out = append(out, time.Duration(n)*time.Millisecond)
		}
		return out
	}
	for _, c := range []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 95, 7 * time.Millisecond},
		{"median of four is the second", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p95 of twenty is the nineteenth", ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 95, 19 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := report.Percentile(c.in, c.p); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestCSV checks the CSV's figures against the data and that hostile text
// cannot start a formula.
func TestCSV(t *testing.T) {
	st := stores[0].open(t)
	fill(t, st, specs)
	d := build(t, st)
	var buf bytes.Buffer
	if err := report.WriteCSV(&buf, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	metrics, docs := map[string]string{}, 0
	for _, r := range rows[1:] {
		switch r[0] {
		case "metric":
			metrics[r[1]] = r[7]
		case "documents":
			n, _ := strconv.Atoi(r[7])
			docs += n
		}
	}
	if docs != d.Total || metrics["documents"] != strconv.Itoa(d.Total) || metrics["published"] != strconv.Itoa(d.Published) ||
		metrics["review_backlog"] != strconv.Itoa(d.ReviewBacklog) || metrics["exceptions"] != "1" || metrics["failures"] != "1" {
		t.Errorf("CSV: documents rows sum %d, metrics %v; data total %d published %d backlog %d", docs, metrics, d.Total, d.Published, d.ReviewBacklog)
	}
	if metrics["auto_accept_rate"] != strconv.FormatFloat(d.AutoAcceptRate, 'f', 4, 64) {
		t.Errorf("auto_accept_rate %s, want %.4f", metrics["auto_accept_rate"], d.AutoAcceptRate)
	}
}

// TestHTMLInChromium renders the report in headless Chromium, writes a
// screenshot to a temporary directory, reads the figures back from the
// page and checks them against the store, and checks that hostile text
// stayed text.
func TestHTMLInChromium(t *testing.T) {
	chromium := testenv.MustChromium(t)
	st := stores[0].open(t)
	fill(t, st, specs)
	d := build(t, st)
	dir := t.TempDir()
	page := writeSelfContained(t, d, dir)
	got := readInChromium(t, chromium, dir, page)

	for id, want := range map[string]int{"total": d.Total, "published": d.Published, "review-backlog": d.ReviewBacklog, "failures": d.Failures, "exceptions": d.Exceptions} {
		if got := strings.TrimSpace(got.Text[id]); got != strconv.Itoa(want) {
			t.Errorf("#%s shows %q, want %d", id, got, want)
		}
	}
	if got, want := strings.TrimSpace(got.Text["auto-accept-rate"]), fmt.Sprintf("%.1f %%", d.AutoAcceptRate*100); got != want {
		t.Errorf("auto-accept rate shows %q, want %q", got, want)
	}
	if got.MedianMS != strconv.FormatInt(d.LatencyMedian.Milliseconds(), 10) || got.P95MS != strconv.FormatInt(d.LatencyP95.Milliseconds(), 10) {
		t.Errorf("latency median %q p95 %q ms, want %d %d", got.MedianMS, got.P95MS, d.LatencyMedian.Milliseconds(), d.LatencyP95.Milliseconds())
	}
	checkNumbers(t, st, d)
	if got.SVGs < 6 {
		t.Errorf("%d SVG charts, want at least 6", got.SVGs)
	}
	if got.Scripts != 0 || got.Title == "pwned" {
		t.Errorf("hostile text became markup: %d script/img elements, title %q", got.Scripts, got.Title)
	}
	if !strings.Contains(got.Reason, hostile) {
		t.Errorf("reason cell %q does not show the hostile text literally", got.Reason)
	}
}

// writeSelfContained writes the report's HTML into dir, checking that it
// loads nothing from elsewhere, and returns its path.
func writeSelfContained(t *testing.T, d *report.Data, dir string) string {
	page := filepath.Join(dir, "report.html")
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, d); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, bad := range []string{"<script", "<img", "http://", "https://", "<link"} {
		if strings.Contains(strings.ReplaceAll(html, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("report contains %q: not self-contained or not escaped", bad)
		}
	}
	if err := os.WriteFile(page, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	return page
}

// shownReport is what Chromium shows of the report.
type shownReport struct {
	Text     map[string]string `json:"text"`
	MedianMS string            `json:"median_ms"`
	P95MS    string            `json:"p95_ms"`
	SVGs     int               `json:"svgs"`
	Scripts  int               `json:"scripts"`
	Reason   string            `json:"reason"`
	Title    string            `json:"title"`
}

// readInChromium opens page in headless Chromium, saves a screenshot to
// dir and reads the figures back from the page.
func readInChromium(t *testing.T, chromium, dir, page string) shownReport {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1600),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+page), chromedp.WaitVisible(chromedp.ID("total"))); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shotPath := filepath.Join(dir, "report.png")
	if err := os.WriteFile(shotPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shotPath, len(shot))
	if keep := os.Getenv("LABRELAY_REPORT_SCREENSHOT"); keep != "" {
		os.WriteFile(keep, shot, 0o644)
	}
	var got shownReport
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
		text: Object.fromEntries(["total", "published", "review-backlog", "failures", "exceptions", "auto-accept-rate"].map(id => [id, document.getElementById(id).textContent.trim()])),
		median_ms: document.getElementById("latency-median").dataset.ms,
		p95_ms: document.getElementById("latency-p95").dataset.ms,
		svgs: document.querySelectorAll("svg").length,
		scripts: document.querySelectorAll("script, img").length,
		reason: document.querySelector("td.reason").textContent,
		title: document.title,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	return got
}
