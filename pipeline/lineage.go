package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
)

// Languages of report twins (Lineage.PrimaryLanguage).
const (
	LanguageEnglish = "en"
	LanguageChinese = "zh"
)

// Lineage is how the pipeline treats revisions and language twins of a
// report, so that a buyer never sees two current records for one sample.
//
// A revision (its record's supersedes names an earlier report number)
// takes the place of the earlier one: the earlier document is marked
// superseded (withdrawn from the outbox when it was waiting there), and
// the revision's payload names it (labrelay.Lineage.Replaces, with the DSP id
// when it was published) so that the DSP retires it. A revision that
// arrives first makes the earlier report, when it arrives, go straight to
// superseded without being published.
//
// Twins (the same report in two languages under two numbers, one printing
// the other's number) are published once: the twin in PrimaryLanguage is
// published with a twin_of reference; the other is recorded and linked
// (Store.LinkTwin) but not published. When the other twin arrives first it
// is published until the primary one arrives and takes its place.
type Lineage struct {
	// PrimaryLanguage is the twin published: "en" (default) or "zh".
	PrimaryLanguage string
}

func (l Lineage) primary() string {
	if l.PrimaryLanguage == "" {
		return LanguageEnglish
	}
	return l.PrimaryLanguage
}

// lineagePlan is what the lineage of one accepted document asks for.
type lineagePlan struct {
	// supersededBy: a newer revision is accepted or published; this one
	// is not to be published as current.
	supersededBy *labrelay.Document
	// twinOf: the primary twin is accepted or published; this one is kept
	// and linked, not published.
	twinOf *labrelay.Document
	// notice: this document must still go to the DSP although a newer
	// revision replaces it, because an older revision it replaces was sent
	// already and only this one's payload names it.
	notice bool
	// lineage is the payload's lineage (nil: none).
	lineage *labrelay.Lineage
}

// approved are the states of a document a person or the rules accepted.
var approved = []labrelay.State{labrelay.StateAccepted, labrelay.StateSigned, labrelay.StatePublished}

// planLineage works out d's revisions and twins and carries out what
// concerns the others: older revisions d replaces are superseded, a
// secondary twin d is primary to is linked. It does not move d.
func (p *Pipeline) planLineage(ctx context.Context, d labrelay.Document, log *slog.Logger) (lineagePlan, error) {
	var plan lineagePlan
	if d.Extraction == nil {
		return plan, nil
	}
	rec := d.Extraction.Fields
	number, supersedes, _ := d.LineageKeys()
	lin := &labrelay.Lineage{Supersedes: rec.Supersedes, TwinOf: rec.TwinOf}
	var err error
	if plan.supersededBy, err = p.newerRevision(ctx, d, number); err != nil {
		return plan, err
	}
	if supersedes != "" && supersedes != number {
		if err := p.supersedeOlder(ctx, d, supersedes, lin, &plan); err != nil {
			return plan, err
		}
	}
	if plan.supersededBy != nil {
		plan.lineage = lin
		return plan, nil
	}
	if err := p.linkTwins(ctx, d, lin, &plan); err != nil {
		return plan, err
	}
	if plan.twinOf != nil || lin.Supersedes != "" || lin.TwinOf != "" || len(lin.Replaces) > 0 {
		plan.lineage = lin
	}
	return plan, nil
}

// newerRevision returns the newest revision that supersedes d, if any
// (also one superseded in its turn: in a chain A ← B ← C, A is B's
// whatever became of B).
func (p *Pipeline) newerRevision(ctx context.Context, d labrelay.Document, number string) (*labrelay.Document, error) {
	if number == "" {
		return nil, nil
	}
	mentions, err := p.Store.Documents(ctx, labrelay.DocumentQuery{Mentions: number,
		States: append(slices.Clone(approved), labrelay.StateSuperseded)})
	if err != nil {
		return nil, err
	}
	var newer *labrelay.Document
	for _, n := range mentions {
		if n.ID == d.ID || n.Extraction == nil || labrelay.ReportKey(n.Extraction.Fields.Supersedes) != number {
			continue
		}
		if newer == nil || n.ID > newer.ID {
			newer = &n
		}
	}
	return newer, nil
}

// supersedeOlder supersedes the older revisions d replaces and names the
// ones sent to the DSP in lin.Replaces.
func (p *Pipeline) supersedeOlder(ctx context.Context, d labrelay.Document, supersedes string, lin *labrelay.Lineage, plan *lineagePlan) error {
	olders, err := p.Store.Documents(ctx, labrelay.DocumentQuery{ReportNumber: supersedes,
		States: append([]labrelay.State{labrelay.StateNeedsReview}, approved...)})
	if err != nil {
		return err
	}
	for _, o := range olders {
		if o.ID == d.ID {
			continue
		}
		ref, sent, err := p.reference(ctx, o, "supersedes")
		if err != nil {
			return err
		}
		if _, err := p.Store.Supersede(ctx, o.ID, d.ID); err != nil && !errors.Is(err, labrelay.ErrIllegalMove) {
			return err
		} else if err == nil {
			p.Metrics.count(StageSign, OutcomeSuperseded)
			p.docLogger(o).Info("superseded by a revision", "by_document_id", d.ID, "report_number", o.Extraction.Fields.ReportNumber, "revision", d.Extraction.Fields.ReportNumber, "was", o.State)
		}
		if sent {
			lin.Replaces = append(lin.Replaces, ref)
			plan.notice = plan.supersededBy != nil
		}
	}
	return nil
}

// twinPartners lists the other-language versions of d's report, by id.
func (p *Pipeline) twinPartners(ctx context.Context, d labrelay.Document) ([]labrelay.Document, error) {
	number, _, twinOf := d.LineageKeys()
	var partners []labrelay.Document
	states := append([]labrelay.State{labrelay.StateNeedsReview}, approved...)
	if twinOf != "" && twinOf != number {
		ps, err := p.Store.Documents(ctx, labrelay.DocumentQuery{ReportNumber: twinOf, States: states})
		if err != nil {
			return nil, err
		}
		partners = append(partners, ps...)
	}
	if number != "" {
		ps, err := p.Store.Documents(ctx, labrelay.DocumentQuery{Mentions: number, States: states})
		if err != nil {
			return nil, err
		}
		for _, t := range ps {
			if t.Extraction != nil && labrelay.ReportKey(t.Extraction.Fields.TwinOf) == number {
				partners = append(partners, t)
			}
		}
	}
	slices.SortFunc(partners, func(a, b labrelay.Document) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(partners, func(a, b labrelay.Document) bool { return a.ID == b.ID }), nil
}

// linkTwins links the secondary twins d is primary to, or sets plan.twinOf
// when an approved twin is primary to d.
func (p *Pipeline) linkTwins(ctx context.Context, d labrelay.Document, lin *labrelay.Lineage, plan *lineagePlan) error {
	partners, err := p.twinPartners(ctx, d)
	if err != nil {
		return err
	}
	for _, t := range partners {
		if t.ID == d.ID || t.Extraction == nil {
			continue
		}
		if !p.isPrimaryTwin(d, t) {
			if t.State == labrelay.StateNeedsReview {
				continue // not approved (yet): d stands alone for now
			}
			plan.twinOf = &t
			return nil
		}
		ref, sent, err := p.reference(ctx, t, "twin_of")
		if err != nil {
			return err
		}
		if _, err := p.Store.LinkTwin(ctx, t.ID, d.ID); err != nil && !errors.Is(err, labrelay.ErrIllegalMove) {
			return err
		} else if err == nil {
			p.Metrics.count(StageSign, OutcomeTwin)
			p.docLogger(t).Info("linked as the other-language twin; not published on its own", "primary_document_id", d.ID, "report_number", t.Extraction.Fields.ReportNumber, "primary", d.Extraction.Fields.ReportNumber, "was", t.State)
		}
		if lin.TwinOf == "" {
			lin.TwinOf = t.Extraction.Fields.ReportNumber
		}
		if sent {
			lin.Replaces = append(lin.Replaces, ref)
		}
	}
	return nil
}

// reference names o for a payload's lineage, and reports whether o was
// sent to the DSP (or may have been: signed and in the outbox).
func (p *Pipeline) reference(ctx context.Context, o labrelay.Document, relation string) (labrelay.Reference, bool, error) {
	ref := labrelay.Reference{Relation: relation, ReportNumber: o.Extraction.Fields.ReportNumber}
	if o.State != labrelay.StateSigned && o.State != labrelay.StatePublished {
		return ref, false, nil
	}
	ref.IdempotencyKey = o.IdempotencyKey
	it, err := p.Store.Outbox(ctx, o.ID)
	if err != nil && !errors.Is(err, labrelay.ErrNotFound) {
		return ref, false, err
	}
	if it.Status == labrelay.OutboxPublished {
		ref.DSPID = it.Receipt.ID
	}
	return ref, true, nil
}

// isPrimaryTwin reports whether d rather than its twin t is the one to
// publish: the one in the primary language; when both or neither are, the
// one that came first.
func (p *Pipeline) isPrimaryTwin(d, t labrelay.Document) bool {
	want := p.Lineage.primary()
	ld, lt := Language(&d.Extraction.Fields), Language(&t.Extraction.Fields)
	if (ld == want) != (lt == want) {
		return ld == want
	}
	return d.ID < t.ID
}

// Language tells a report's language from its record: "zh" when most of
// its descriptive fields that are present (product, lab, applicant and
// address, manufacturer, signatory) are written in Chinese characters,
// else "en". Result items are left out: Chinese reports often name
// analytes in English.
func Language(r *labrelay.Record) string {
	var fields, han int
	for _, s := range []string{r.ProductName, r.LabName, r.ApplicantName, r.ApplicantAddress, r.ManufacturerName, r.SignatoryName} {
		if strings.TrimSpace(s) == "" {
			continue
		}
		fields++
		if strings.ContainsFunc(s, func(c rune) bool { return unicode.Is(unicode.Han, c) }) {
			han++
		}
	}
	if han > 0 && 2*han >= fields {
		return LanguageChinese
	}
	return LanguageEnglish
}

// retireLineage takes d out of publication when its plan says so: it
// returns true when d was superseded or linked as a twin.
func (p *Pipeline) retireLineage(ctx context.Context, d labrelay.Document, plan lineagePlan, stage string, log *slog.Logger) (bool, error) {
	var err error
	switch {
	case plan.supersededBy != nil && !plan.notice:
		_, err = p.Store.Supersede(ctx, d.ID, plan.supersededBy.ID)
		if err == nil {
			p.Metrics.count(stage, OutcomeSuperseded)
			log.Info("a newer revision came first: recorded as superseded, not published", "report_number", d.Extraction.Fields.ReportNumber,
				"by_document_id", plan.supersededBy.ID, "revision", plan.supersededBy.Extraction.Fields.ReportNumber)
		}
	case plan.twinOf != nil:
		_, err = p.Store.LinkTwin(ctx, d.ID, plan.twinOf.ID)
		if err == nil {
			p.Metrics.count(stage, OutcomeTwin)
			log.Info("the primary-language twin is published: recorded and linked, not published on its own", "report_number", d.Extraction.Fields.ReportNumber,
				"primary_document_id", plan.twinOf.ID, "primary", plan.twinOf.Extraction.Fields.ReportNumber)
		}
	default:
		return false, nil
	}
	if errors.Is(err, labrelay.ErrIllegalMove) {
		return true, nil // retired meanwhile by the other document's worker
	}
	if err != nil {
		return false, fmt.Errorf("lineage: %w", err)
	}
	return true, nil
}

// afterPublish retires a document that went to the DSP although a newer
// revision or the primary twin was there (a supersede notice, or a race
// with the other document's worker): the DSP superseded it on arrival, and
// the store says so too.
func (p *Pipeline) afterPublish(ctx context.Context, d labrelay.Document) {
	if d.State != labrelay.StatePublished || d.Extraction == nil {
		return
	}
	log := p.docLogger(d)
	plan, err := p.planLineage(ctx, d, log)
	if err != nil {
		log.Warn("lineage not checked after publication", "err", err)
		return
	}
	plan.notice = false
	if _, err := p.retireLineage(ctx, d, plan, StagePublish, log); err != nil {
		log.Warn("lineage not recorded after publication", "err", err)
	}
}
