package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

// revision is one report of a lineage scenario: its number, what it
// prints as superseded or as its twin, and its language.
type revision struct {
	Number, Supersedes, TwinOf string
	Chinese                    bool
}

var (
	reportNo   = regexp.MustCompile(`<sgs:ReportNo>[^<]*</sgs:ReportNo>`)
	lineageTag = regexp.MustCompile(`\s*<sgs:(?:Supersedes|TwinReport)[^>]*>[^<]*</sgs:(?:Supersedes|TwinReport)>`)
)

// sgsReport builds an auto-accepted SGS native report for rev from the
// sample sgs-rohs-pass-01: the lab's revision statement is its
// <sgs:Supersedes>, its twin reference <sgs:TwinReport>; a Chinese twin
// has its parties and product in Chinese.
func sgsReport(tb testing.TB, rev revision) []byte {
	tb.Helper()
	base, err := os.ReadFile(filepath.Join(fixtures.Dir(tb), "native", "sgs-rohs-pass-01.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	s := lineageTag.ReplaceAllString(string(base), "")
	head := "<sgs:ReportNo>" + rev.Number + "</sgs:ReportNo>"
	if rev.Supersedes != "" {
		head += "\n    <sgs:Supersedes>" + rev.Supersedes + "</sgs:Supersedes>"
	}
	if rev.TwinOf != "" {
		head += "\n    <sgs:TwinReport lang=\"en\">" + rev.TwinOf + "</sgs:TwinReport>"
	}
	s = reportNo.ReplaceAllLiteralString(s, head)
	if rev.Chinese {
		s = strings.NewReplacer(
			"SGS-CSTC Standards Technical Services Co., Ltd. Shenzhen Branch", "通标标准技术服务有限公司深圳分公司",
			"Guangzhou Meiya Packaging Co., Ltd.", "广州美雅包装有限公司",
			"Suzhou Yitong Wire &amp; Cable Co., Ltd.", "苏州亿通电线电缆有限公司",
			"SMD power inductor 4.7 µH", "贴片功率电感 4.7 µH",
		).Replace(s)
	}
	if s == string(base) {
		tb.Fatal("sgsReport changed nothing")
	}
	return []byte(s)
}

// scenario is reports of one sample arriving one per round, in order.
type scenario struct {
	name    string
	reports []revision
	// head is the report number that must be the one current record.
	head string
}

func (sc scenario) file(tb testing.TB, i int) file {
	return file{Key: "in/lineage/" + sc.name + "/" + strings.ReplaceAll(sc.reports[i].Number, " ", "_") + ".xml", Data: sgsReport(tb, sc.reports[i])}
}

// chain returns the revisions A ← B ← C of one sample, in order.
func chain(prefix string, order string) []revision {
	revs := map[byte]revision{
		'A': {Number: prefix + "001"},
		'B': {Number: prefix + "002", Supersedes: prefix + "001"},
		'C': {Number: prefix + "003 A01", Supersedes: prefix + "002"},
	}
	var out []revision
	for i := range len(order) {
		out = append(out, revs[order[i]])
	}
	return out
}

// TestLineage: revisions and twins arriving in every order leave exactly
// one current record per sample at the DSP and one published document in
// the store; nothing is published twice; a record that a revision
// replaced at the DSP is named in the revision's payload with its DSP id.
func TestLineage(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	p.Lineage = pipeline.Lineage{PrimaryLanguage: pipeline.LanguageEnglish}
	start(t, p)

	en, zh := "CANML1401714220", "CANML1401714221"
	scenarios := lineageScenarios(en, zh)
	dropInRounds(t, r, st, scenarios)

	ctx := context.Background()
	var docs []labrelay.Document
	err := eventually(t, 10*time.Second, func() bool {
		docs, _ = st.Documents(ctx, labrelay.DocumentQuery{})
		published := 0
		for _, d := range docs {
			if d.State == labrelay.StatePublished {
				published++
			}
		}
		return published == len(scenarios)
	})
	byNumber := dspByNumber(t, r.DSP.Sim.Reports())
	byNumberDoc := map[string]labrelay.Document{}
	for _, d := range docs {
		if d.Extraction != nil {
			byNumberDoc[d.Extraction.Fields.ReportNumber] = d
		}
	}
	checkOneCurrent(t, scenarios, byNumber, byNumberDoc)
	if err != nil {
		t.Fatalf("not exactly one published document per sample: %v", err)
	}
	checkRevisionLinks(t, r, byNumber, byNumberDoc, en, zh)
	checkChains(t, byNumber)
}

// lineageScenarios: a revision after and before its original, bilingual
// twins in both orders, and a chain of three revisions in every order.
func lineageScenarios(en, zh string) []scenario {
	scenarios := []scenario{
		{"revision-after", []revision{{Number: "CANHG1716962901"}, {Number: "CANHG1716962902 A01", Supersedes: "CANHG1716962901"}}, "CANHG1716962902 A01"},
		{"revision-before", []revision{{Number: "CANHG1816962902 A01", Supersedes: "CANHG 1816962901"}, {Number: "CANHG1816962901"}}, "CANHG1816962902 A01"},
		{"twins-en-first", []revision{{Number: en}, {Number: zh, TwinOf: en, Chinese: true}}, en},
		{"twins-zh-first", []revision{{Number: "Z" + zh, TwinOf: "Z" + en, Chinese: true}, {Number: "Z" + en}}, "Z" + en},
	}
	for _, order := range chainOrders {
		prefix := "TUV" + order + " "
		scenarios = append(scenarios, scenario{"chain-" + order, chain(prefix, order), prefix + "003 A01"})
	}
	return scenarios
}

var chainOrders = []string{"ABC", "ACB", "BAC", "BCA", "CAB", "CBA"}

// dropInRounds: round i drops the i-th report of every scenario, and waits
// until everything has settled, so each scenario's reports arrive in order.
func dropInRounds(t *testing.T, r *rig, st labrelay.Store, scenarios []scenario) {
	n := 0
	for round := range 3 {
		var files []file
		for _, sc := range scenarios {
			if round < len(sc.reports) {
				files = append(files, sc.file(t, round))
			}
		}
		if len(files) == 0 {
			break
		}
		r.put(t, files...)
		n += len(files)
		waitSettled(t, st, n, 30*time.Second)
	}
}

// dspByNumber indexes the DSP's reports by report number; a number or an
// idempotency key seen twice is an error.
func dspByNumber(t *testing.T, reports []dspsim.Report) map[string]dspsim.Report {
	byNumber := map[string]dspsim.Report{}
	keys := map[string]int{}
	for _, rep := range reports {
		keys[rep.IdempotencyKey]++
		if prev, ok := byNumber[rep.ReportNumber]; ok {
			t.Errorf("report %s published twice: %s and %s", rep.ReportNumber, prev.ID, rep.ID)
		}
		byNumber[rep.ReportNumber] = rep
	}
	for k, c := range keys {
		if c != 1 {
			t.Errorf("idempotency key %s: %d reports", k, c)
		}
	}
	return byNumber
}

// checkOneCurrent: per scenario, the head is published and the one report
// current at the DSP; every other report is superseded, with a link.
func checkOneCurrent(t *testing.T, scenarios []scenario, byNumber map[string]dspsim.Report, byNumberDoc map[string]labrelay.Document) {
	for _, sc := range scenarios {
		var live []string
		for _, rev := range sc.reports {
			if rep, ok := byNumber[rev.Number]; ok && rep.Status == dspsim.StatusAccepted {
				live = append(live, rev.Number)
			}
			d, ok := byNumberDoc[rev.Number]
			switch {
			case !ok:
				t.Errorf("%s: no document for %s", sc.name, rev.Number)
			case rev.Number == sc.head && d.State != labrelay.StatePublished:
				t.Errorf("%s: head %s is %s (%s), want published", sc.name, rev.Number, d.State, d.Reason)
			case rev.Number != sc.head && d.State != labrelay.StateSuperseded:
				t.Errorf("%s: %s is %s, want superseded", sc.name, rev.Number, d.State)
			case rev.Number != sc.head && d.SupersededBy == 0 && d.TwinOf == 0:
				t.Errorf("%s: %s is superseded without a link", sc.name, rev.Number)
			}
		}
		if len(live) != 1 || live[0] != sc.head {
			t.Errorf("%s: current at the DSP %q, want only %s", sc.name, live, sc.head)
		}
	}
}

// checkRevisionLinks: what the revision and twin scenarios published and
// how the records name each other.
func checkRevisionLinks(t *testing.T, r *rig, byNumber map[string]dspsim.Report, byNumberDoc map[string]labrelay.Document, en, zh string) {
	// Arriving in order, the superseded original was published; the
	// revision names it with its DSP id and the DSP retired it.
	old, rev := byNumber["CANHG1716962901"], byNumber["CANHG1716962902 A01"]
	if old.Status != dspsim.StatusSuperseded || old.SupersededBy != rev.ID || rev.SupersedesID != old.ID {
		t.Errorf("revision after original: original %s superseded by %q, revision supersedes %q", old.Status, old.SupersededBy, rev.SupersedesID)
	}
	p1 := payloadOf(t, r, rev.IdempotencyKey)
	if l := p1.Lineage; l == nil || l.Supersedes != "CANHG1716962901" || len(l.Replaces) != 1 || l.Replaces[0].DSPID != old.ID || l.Replaces[0].IdempotencyKey != old.IdempotencyKey {
		t.Errorf("revision's lineage = %+v, want supersedes CANHG1716962901 replacing %s", p1.Lineage, old.ID)
	}
	// Arriving first, the revision made the original never published.
	if rep, ok := byNumber["CANHG1816962901"]; ok {
		t.Errorf("original arriving after its revision was published: %+v", rep)
	}
	// English twin first: the Chinese one is linked, never published, and
	// the English one names it.
	if rep, ok := byNumber[zh]; ok {
		t.Errorf("Chinese twin arriving second was published: %+v", rep)
	}
	if d := byNumberDoc[zh]; d.TwinOf != byNumberDoc[en].ID {
		t.Errorf("Chinese twin linked to %d, want %d", d.TwinOf, byNumberDoc[en].ID)
	}
	if l := payloadOf(t, r, byNumber[en].IdempotencyKey).Lineage; l != nil && l.TwinOf != "" {
		t.Logf("English twin published before its Chinese twin arrived: twin_of %q", l.TwinOf)
	}
	// Chinese twin first: published alone, then replaced by the English.
	zhRep, enRep := byNumber["Z"+zh], byNumber["Z"+en]
	if zhRep.Status != dspsim.StatusSuperseded || zhRep.SupersededBy != enRep.ID {
		t.Errorf("Chinese twin first: %s superseded by %q, want superseded by %s", zhRep.Status, zhRep.SupersededBy, enRep.ID)
	}
	if l := payloadOf(t, r, enRep.IdempotencyKey).Lineage; l == nil || l.TwinOf != "Z"+zh || len(l.Replaces) != 1 || l.Replaces[0].DSPID != zhRep.ID {
		t.Errorf("English twin's lineage = %+v, want twin_of Z%s replacing %s", l, zh, zhRep.ID)
	}
}

// checkChains: a revision whose own successor arrived before it is never published as
// a live record. It is sent only as a supersede notice, when the record
// it replaces is live at the DSP (C, A, B: A was published before
// anything tied it to C), and the DSP retires it at once.
func checkChains(t *testing.T, byNumber map[string]dspsim.Report) {
	for _, order := range chainOrders {
		arrived := map[string]int{}
		revs := chain("TUV"+order+" ", order)
		for i, rev := range revs {
			arrived[rev.Number] = i
		}
		for _, rev := range revs {
			for _, next := range revs {
				if next.Supersedes != rev.Number || arrived[next.Number] > arrived[rev.Number] {
					continue
				}
				rep, ok := byNumber[rev.Number]
				if ok && (rep.Status != dspsim.StatusSuperseded || len(rep.Replaces) == 0) {
					t.Errorf("chain %s: %s, whose revision %s came first, is at the DSP as %s replacing %v; want never published, or only as a retired supersede notice",
						order, rev.Number, next.Number, rep.Status, rep.Replaces)
				}
			}
		}
	}
}

// payloadOf returns the verified signed record the DSP got under key.
func payloadOf(tb testing.TB, r *rig, key string) *sign.Payload {
	tb.Helper()
	payload, _, err := sign.Verify(r.DSP.body(key), r.DSP.Keys)
	if err != nil {
		tb.Fatalf("signature of %s: %v", key, err)
	}
	p, err := sign.ParsePayload(payload)
	if err != nil {
		tb.Fatalf("payload of %s: %v", key, err)
	}
	return p
}

// TestLanguage: the Chinese twin is told from the English one.
func TestLanguage(t *testing.T) {
	for _, tc := range []struct {
		rec  labrelay.Record
		want string
	}{
		{labrelay.Record{ProductName: "SMD power inductor", LabName: "SGS-CSTC Standards Technical Services Co., Ltd."}, "en"},
		{labrelay.Record{ProductName: "贴片功率电感 4.7 µH", LabName: "通标标准技术服务有限公司深圳分公司", Results: []labrelay.ResultRow{{Item: "Cadmium (Cd)"}, {Item: "Lead (Pb)"}}}, "zh"},
		{labrelay.Record{}, "en"},
	} {
		if got := pipeline.Language(&tc.rec); got != tc.want {
			t.Errorf("Language(%s) = %s, want %s", fmt.Sprint(tc.rec.ProductName), got, tc.want)
		}
	}
}

// TestUNTPProfile: with the untp-dcc profile every record goes to the DSP
// as a UNTP conformity credential (application/vc+jwt), which the DSP
// verifies with the JWKS and files under the report number and the hash
// of the lab's file.
func TestUNTPProfile(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	cs, ks := relaytest.MustUNTPSigner(t)
	r.DSP.Sim.AddKeys(*ks)
	p := r.pipeline(t, st, "w1", nil)
	p.Profile = &publish.UNTPProfile{Signer: cs, Issuer: untp.Issuer{ID: "did:web:reports.example.com", Name: "Example Supplier QA"}}
	start(t, p)

	files := nativeFiles(t)
	r.put(t, files...)
	waitSettled(t, st, len(files), 30*time.Second)
	byKey := map[string]dspsim.Report{}
	for _, rep := range r.DSP.Sim.Reports() {
		byKey[rep.IdempotencyKey] = rep
	}
	for _, f := range files {
		d, err := st.DocumentBySource(context.Background(), labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
		if err != nil {
			t.Fatal(err)
		}
		if d.State != labrelay.StatePublished {
			t.Errorf("%s: %s (%s), want published", f.Key, d.State, d.Reason)
			continue
		}
		rep := byKey[d.IdempotencyKey]
		if rep.Profile != untp.Profile || rep.Submissions != 1 || rep.ReportNumber != d.Extraction.Fields.ReportNumber {
			t.Errorf("%s: DSP report %+v", f.Key, rep)
		}
		v, err := untp.Verify(r.DSP.body(d.IdempotencyKey), ks)
		if err != nil {
			t.Errorf("%s: credential: %v", f.Key, err)
			continue
		}
		if err := v.Credential.CheckSource(f.Data); err != nil {
			t.Errorf("%s: %v", f.Key, err)
		}
		if v.Credential.Issuer.ID != "did:web:reports.example.com" {
			t.Errorf("%s: issuer %q", f.Key, v.Credential.Issuer.ID)
		}
	}
}
