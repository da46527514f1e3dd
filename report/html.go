package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"time"
)

// chart is a horizontal bar chart laid out for the SVG template.
type chart struct {
	Title  string
	Width  int
	Height int
	Rows   []chartRow
}

type chartRow struct {
	Label       string
	N           int
	Y, W, TextY int
	ValueX      int
}

const (
	chartWidth  = 460
	labelWidth  = 170
	barHeight   = 18
	barGap      = 6
	chartMargin = 4
)

func newChart(title string, bars []Bar) chart {
	max := 0
	for _, b := range bars {
		if b.N > max {
			max = b.N
		}
	}
	c := chart{Title: title, Width: chartWidth, Height: chartMargin*2 + len(bars)*(barHeight+barGap)}
	span := chartWidth - labelWidth - 50
	for i, b := range bars {
		w := 0
		if max > 0 {
			w = int(math.Round(float64(b.N) / float64(max) * float64(span)))
		}
		if b.N > 0 && w < 2 {
			w = 2
		}
		y := chartMargin + i*(barHeight+barGap)
		c.Rows = append(c.Rows, chartRow{Label: b.Label, N: b.N, Y: y, W: w, TextY: y + barHeight - 5, ValueX: labelWidth + w + 6})
	}
	return c
}

// view is what the template renders.
type view struct {
	*Data
	Charts  []chart
	Latency chart
	Backlog chart
}

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and SVG, no script, no external asset. All document-derived text is
// escaped by html/template.
func WriteHTML(w io.Writer, d *Data) error {
	v := view{
		Data: d,
		Charts: []chart{
			newChart("Documents by lab", d.ByLab),
			newChart("Documents by category", d.ByCategory),
			newChart("Documents by extraction path", d.ByPath),
			newChart("Documents by state", d.ByState),
		},
		Latency: newChart("Drop-to-publish latency", d.LatencyHistogram),
		Backlog: newChart("Review backlog by age", d.BacklogAges),
	}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("report: render HTML: %w", err)
	}
	return nil
}

func fmtDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "—"
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%.1f min", d.Minutes())
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"dur":          fmtDuration,
	"pct":          func(f float64) string { return fmt.Sprintf("%.1f %%", f*100) },
	"time":         func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"failureChart": func(b []Bar) chart { return newChart("Failure reasons", b) },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — {{time .From}} to {{time .To}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2430; margin: 24px; background: #f6f7f9; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 28px 0 10px; }
.sub { color: #5b6472; margin-bottom: 18px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; }
.tile { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 10px 14px; min-width: 150px; }
.tile .v { font-size: 22px; font-weight: 600; }
.tile .k { color: #5b6472; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile.warn .v { color: #b42318; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 10px 12px; margin: 0; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2430; }
table { border-collapse: collapse; background: #fff; width: 100%; }
th, td { border: 1px solid #dde1e7; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f5; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.reason { max-width: 640px; overflow-wrap: anywhere; }
.empty { color: #5b6472; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<div class="sub">Documents discovered from {{time .From}} to {{time .To}} · generated {{time .GeneratedAt}}</div>

<div class="tiles">
<div class="tile"><div class="k">Documents</div><div class="v" id="total">{{.Total}}</div></div>
<div class="tile"><div class="k">Published</div><div class="v" id="published">{{.Published}}</div></div>
<div class="tile"><div class="k">Auto-accept rate</div><div class="v" id="auto-accept-rate">{{pct .AutoAcceptRate}}</div><div class="k">{{.AutoAccepted}} of {{.Routed}} routed</div></div>
<div class="tile{{if .ReviewBacklog}} warn{{end}}"><div class="k">Review backlog</div><div class="v" id="review-backlog">{{.ReviewBacklog}}</div><div class="k">oldest {{dur .OldestReview}}</div></div>
<div class="tile"><div class="k">Latency median</div><div class="v" id="latency-median" data-ms="{{.LatencyMedian.Milliseconds}}">{{dur .LatencyMedian}}</div></div>
<div class="tile"><div class="k">Latency p95</div><div class="v" id="latency-p95" data-ms="{{.LatencyP95.Milliseconds}}">{{dur .LatencyP95}}</div></div>
<div class="tile{{if .Failures}} warn{{end}}"><div class="k">Failures</div><div class="v" id="failures">{{.Failures}}</div></div>
<div class="tile{{if .Exceptions}} warn{{end}}"><div class="k">Exceptions</div><div class="v" id="exceptions">{{.Exceptions}}</div></div>
</div>

<h2>Volume</h2>
<div class="charts">
{{range .Charts}}{{template "chart" .}}{{end}}
</div>

<h2>Latency and review</h2>
<div class="charts">
{{template "chart" .Latency}}
{{template "chart" .Backlog}}
</div>

<h2>Counts by lab, category and extraction path</h2>
{{if .Counts}}<table id="counts">
<tr><th>Lab</th><th>Category</th><th>Path</th><th>State</th><th>Documents</th></tr>
{{range .Counts}}<tr><td>{{.Lab}}</td><td>{{.Category}}</td><td>{{.Path}}</td><td>{{.State}}</td><td class="n">{{.N}}</td></tr>
{{end}}</table>{{else}}<p class="empty">No documents in this window.</p>{{end}}

<h2>Exceptions ({{.Exceptions}})</h2>
{{template "problems" .ExceptionList}}

<h2>Failures ({{.Failures}})</h2>
{{if .FailureReasons}}<div class="charts">{{template "chart" (failureChart .FailureReasons)}}</div>{{end}}
{{template "problems" .FailureList}}
</body>
</html>
{{define "chart"}}<figure><figcaption>{{.Title}}</figcaption>
{{if .Rows}}<svg xmlns="http://www.w3.org/2000/svg" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" role="img" aria-label="{{.Title}}">
{{range .Rows}}<text x="0" y="{{.TextY}}">{{.Label}}</text><rect x="170" y="{{.Y}}" width="{{.W}}" height="18" rx="3" fill="#3b6fd8"><title>{{.Label}}: {{.N}}</title></rect><text x="{{.ValueX}}" y="{{.TextY}}">{{.N}}</text>
{{end}}</svg>{{else}}<div class="empty">No data.</div>{{end}}
</figure>{{end}}
{{define "problems"}}{{if .}}<table>
<tr><th>Document</th><th>Lab</th><th>Category</th><th>Source</th><th>When</th><th>Reason</th></tr>
{{range .}}<tr><td class="n">{{.DocumentID}}</td><td>{{.Lab}}</td><td>{{.Category}}</td><td>{{.Source}}</td><td>{{time .At}}</td><td class="reason">{{.Reason}}</td></tr>
{{end}}</table>{{else}}<p class="empty">None.</p>{{end}}{{end}}
`))
