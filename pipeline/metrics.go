package pipeline

import (
	"context"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the pipeline's Prometheus metrics. NewMetrics registers them;
// one Metrics may serve several Pipelines of a process.
type Metrics struct {
	documents   *prometheus.CounterVec
	extractions *prometheus.CounterVec
	discovered  *prometheus.CounterVec
	exceptions  *prometheus.CounterVec
	retries     prometheus.Counter
	stage       *prometheus.HistogramVec
	latency     prometheus.Histogram
	inFlight    *prometheus.GaugeVec
}

// Counter is the part of labrelay.Store the state gauges read.
type Counter interface {
	Counts(ctx context.Context, from, to time.Time) ([]labrelay.Count, error)
}

// NewMetrics creates the pipeline's metrics and registers them on reg
// (nil: not registered). When store is not nil, gauges of the documents
// per state (the queue depth of every stage, the review backlog) are read
// from it at each scrape.
//
//	labrelay_pipeline_documents_total{stage,outcome}    stage results
//	labrelay_pipeline_extractions_total{path,outcome}   extractions by path; outcome accepted|needs_review|failed
//	labrelay_pipeline_discovered_total{via,outcome}     objects offered by the watchers; outcome new|seen|error
//	labrelay_pipeline_exceptions_total{stage}           documents sent to the exceptions list
//	labrelay_pipeline_publish_retries_total             publications scheduled again
//	labrelay_pipeline_stage_duration_seconds{stage}     time spent in one stage run
//	labrelay_pipeline_discovered_to_published_seconds   from discovery to the DSP's acceptance
//	labrelay_pipeline_in_flight{stage}                  stage runs in progress
//	labrelay_pipeline_documents{state}                  documents per state (from the store)
//	labrelay_pipeline_review_backlog                    documents waiting for a person
func NewMetrics(reg prometheus.Registerer, store Counter) *Metrics {
	m := &Metrics{
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "labrelay_pipeline_documents_total",
			Help: "Stage results, by stage and outcome.",
		}, []string{"stage", "outcome"}),
		extractions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "labrelay_pipeline_extractions_total",
			Help: "Extractions by path (native_xml, native_json, pdf_text, ocr) and outcome (accepted, needs_review, failed).",
		}, []string{"path", "outcome"}),
		discovered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "labrelay_pipeline_discovered_total",
			Help: "Objects offered by the watchers, by watcher (poll, webhook, sqs) and outcome (new, seen, error).",
		}, []string{"via", "outcome"}),
		exceptions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "labrelay_pipeline_exceptions_total",
			Help: "Documents sent to the exceptions list, by stage.",
		}, []string{"stage"}),
		retries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "labrelay_pipeline_publish_retries_total",
			Help: "Publications that failed with a retryable error and were scheduled again.",
		}),
		stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "labrelay_pipeline_stage_duration_seconds",
			Help:    "Time spent in one run of a stage.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 14),
		}, []string{"stage"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "labrelay_pipeline_discovered_to_published_seconds",
			Help:    "Time from a document's discovery to the DSP's acceptance.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2, 16),
		}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "labrelay_pipeline_in_flight",
			Help: "Stage runs in progress.",
		}, []string{"stage"}),
	}
	if reg != nil {
		reg.MustRegister(m.documents, m.extractions, m.discovered, m.exceptions, m.retries, m.stage, m.latency, m.inFlight)
		if store != nil {
			reg.MustRegister(&stateCollector{store: store})
		}
	}
	return m
}

func (m *Metrics) count(stage, outcome string) {
	m.documents.WithLabelValues(stage, outcome).Inc()
}

func (m *Metrics) observe(stage string, start time.Time) {
	m.stage.WithLabelValues(stage).Observe(time.Since(start).Seconds())
}

var (
	stateDesc = prometheus.NewDesc("labrelay_pipeline_documents",
		"Documents per state, as the store holds them (discovered, fetched, extracted and accepted are the stages' queues; signed is the outbox).",
		[]string{"state"}, nil)
	backlogDesc = prometheus.NewDesc("labrelay_pipeline_review_backlog",
		"Documents waiting for a person (needs_review).", nil, nil)
	scrapeErrDesc = prometheus.NewDesc("labrelay_pipeline_store_scrape_error",
		"1 when the store could not be read for the state gauges.", nil, nil)
)

// stateCollector reads the document counts per state at scrape time.
type stateCollector struct {
	store Counter
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- stateDesc
	ch <- backlogDesc
	ch <- scrapeErrDesc
}

var allStates = []labrelay.State{
	labrelay.StateDiscovered, labrelay.StateFetched, labrelay.StateExtracted, labrelay.StateNeedsReview,
	labrelay.StateAccepted, labrelay.StateSigned, labrelay.StatePublished, labrelay.StateFailed,
	labrelay.StateException, labrelay.StateSuperseded,
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.store.Counts(ctx, time.Time{}, time.Time{})
	if err != nil {
		ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, 1)
		return
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrDesc, prometheus.GaugeValue, 0)
	n := map[labrelay.State]int{}
	for _, c := range counts {
		n[c.State] += c.N
	}
	for _, s := range allStates {
		ch <- prometheus.MustNewConstMetric(stateDesc, prometheus.GaugeValue, float64(n[s]), string(s))
	}
	ch <- prometheus.MustNewConstMetric(backlogDesc, prometheus.GaugeValue, float64(n[labrelay.StateNeedsReview]))
}
