package untp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
)

// Profile names this wire profile in destination config.
const Profile = "untp-dcc"

// JWS header values and the media type of a secured credential
// (VC-JOSE-COSE §3.1.1).
const (
	Type        = "vc+jwt"             // protected "typ"
	ContentType = "vc"                 // protected "cty"
	MediaType   = "application/vc+jwt" // compact serialization
)

// JSON-LD contexts, in the order the UNTP DCC schema requires.
const (
	ContextVC  = "https://www.w3.org/ns/credentials/v2"
	ContextDCC = "https://test.uncefact.org/vocabulary/untp/dcc/working/"
)

// Values of the UNTP code lists used by every credential labrelay issues.
const (
	// AssessorLevel3rdParty: the labs labrelay reads are third-party
	// testing laboratories (spec: "third-party inspection reports").
	AssessorLevel3rdParty = "3rdParty"
	// AttestationTesting: a lab test report.
	AttestationTesting = "testing"
	// TopicCompliance is the conformity topic of every assessment: a test
	// against a standard or regulatory limit. The UNTP topic list is about
	// ESG themes, and a finer choice (emissions? safety?) would be a guess.
	TopicCompliance = "governance.compliance"
)

// Errors of NewCredential.
var (
	ErrIssuer    = errors.New("the credential issuer must be a DID (did:web:… or did:key:…)")
	ErrApplicant = errors.New("the report names no applicant: a UNTP conformity attestation must name the party it is issued to")
	ErrVerdict   = errors.New("the report's overall result is neither pass nor fail: a UNTP conformity assessment must state conformance true or false")
)

// Issuer is who issues and signs the credentials: the operator of this
// labrelay (the lab is the assessor, named in each assessment).
type Issuer struct {
	// ID is the issuer's DID, e.g. did:web:reports.example.com (see DIDKey
	// for one derived from the signing key).
	ID string
	// Name is the issuer's name; the DID when empty.
	Name string
	// DocumentURL, when set, returns the address at which the lab's
	// original file (given its SHA-256) is published; it becomes the
	// conformity certificate's linkURL. Without it the certificate is
	// named by file name and hash only.
	DocumentURL func(sourceSHA256 string) string
}

// Credential is a UNTP Digital Conformity Credential (VC Data Model 2.0).
type Credential struct {
	Context           []string         `json:"@context"`
	Type              []string         `json:"type"`
	ID                string           `json:"id"`
	Name              string           `json:"name,omitempty"`
	Issuer            CredentialIssuer `json:"issuer"`
	ValidFrom         string           `json:"validFrom,omitempty"`
	CredentialSubject *Attestation     `json:"credentialSubject"`
}

// CredentialIssuer is the issuer as the credential states it.
type CredentialIssuer struct {
	Type []string `json:"type"`
	ID   string   `json:"id"`
	Name string   `json:"name"`
}

// Attestation is the credential subject: a UNTP ConformityAttestation.
type Attestation struct {
	Type                  []string      `json:"type"`
	ID                    string        `json:"id"`
	Name                  string        `json:"name,omitempty"`
	AssessorLevel         string        `json:"assessorLevel"`
	AssessmentLevel       string        `json:"assessmentLevel"`
	AttestationType       string        `json:"attestationType"`
	Description           string        `json:"description,omitempty"`
	IssuedToParty         Party         `json:"issuedToParty"`
	Authorisation         []Endorsement `json:"authorisation,omitempty"`
	ConformityCertificate *SecureLink   `json:"conformityCertificate,omitempty"`
	Assessment            []Assessment  `json:"assessment,omitempty"`
	// Report holds what the lab printed that the UNTP model has no place
	// for (an extension; ConformityAttestation allows extra properties).
	Report *Report `json:"labrelay:report,omitempty"`
}

// Party identifies an organisation.
type Party struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	RegisteredID string `json:"registeredId,omitempty"`
}

// Endorsement is the lab's accreditation.
type Endorsement struct {
	Type             []string `json:"type"`
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	IssuingAuthority Party    `json:"issuingAuthority"`
}

// SecureLink points at the lab's original file and carries its SHA-256.
type SecureLink struct {
	Type       []string `json:"type"`
	LinkURL    string   `json:"linkURL,omitempty"`
	LinkName   string   `json:"linkName,omitempty"`
	LinkType   string   `json:"linkType,omitempty"`
	HashDigest string   `json:"hashDigest"`
	HashMethod string   `json:"hashMethod"`
}

// Assessment is a UNTP ConformityAssessment: the report's overall
// conclusion, or one result row that has a verdict.
type Assessment struct {
	Type                []string              `json:"type"`
	ID                  string                `json:"id"`
	Name                string                `json:"name,omitempty"`
	AssessmentDate      string                `json:"assessmentDate,omitempty"`
	ReferenceStandard   *Standard             `json:"referenceStandard,omitempty"`
	ReferenceRegulation *Regulation           `json:"referenceRegulation,omitempty"`
	DeclaredValue       []Metric              `json:"declaredValue,omitempty"`
	ConformityTopic     string                `json:"conformityTopic"`
	Conformance         bool                  `json:"conformance"`
	AssessedProduct     []ProductVerification `json:"assessedProduct,omitempty"`
	Auditor             *Party                `json:"auditor,omitempty"`

	// Extensions (ConformityAssessment allows extra properties).

	// PrintedResult is the result row as printed, on a row's assessment:
	// the only place a value such as "N.D." or "<2" appears.
	PrintedResult *labrelay.ResultRow `json:"labrelay:printedResult,omitempty"`
	// TestStandards lists the report's test standards as printed, on the
	// overall assessment.
	TestStandards []string `json:"labrelay:testStandards,omitempty"`
	// UnassessedResults are the rows without a limit (no verdict), as
	// printed, on the overall assessment.
	UnassessedResults []labrelay.ResultRow `json:"labrelay:resultsWithoutLimit,omitempty"`
}

// Standard is a UNTP Standard; only built when its issuing body is known.
type Standard struct {
	Type         []string `json:"type"`
	Name         string   `json:"name"`
	IssuingParty Party    `json:"issuingParty"`
}

// Regulation is a UNTP Regulation; only built when who administers it is
// known.
type Regulation struct {
	Type           []string `json:"type"`
	Name           string   `json:"name"`
	AdministeredBy Party    `json:"administeredBy"`
}

// Metric is a declared numeric value.
type Metric struct {
	Type        []string `json:"type"`
	MetricName  string   `json:"metricName"`
	MetricValue Measure  `json:"metricValue"`
}

// Measure is a number with a UN/CEFACT Rec 20 unit code.
type Measure struct {
	Type  []string `json:"type"`
	Value float64  `json:"value"`
	Unit  string   `json:"unit"`
}

// ProductVerification names the tested product.
type ProductVerification struct {
	Type    []string `json:"type"`
	Product Product  `json:"product"`
}

// Product is the tested sample.
type Product struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	BatchNumber     string `json:"batchNumber,omitempty"`
	ProducedByParty *Party `json:"producedByParty,omitempty"`
	ModelNumber     string `json:"labrelay:modelNumber,omitempty"`
}

// Report is the "labrelay:report" extension: the report's own identity,
// dates and the provenance of the record, as printed or recorded.
type Report struct {
	ReportNumber     string `json:"reportNumber,omitempty"`
	Lab              string `json:"lab,omitempty"`
	LabName          string `json:"labName,omitempty"`
	LabAccreditation string `json:"labAccreditation,omitempty"`
	IssueDate        string `json:"issueDate,omitempty"`
	ReceivedDate     string `json:"receivedDate,omitempty"`
	TestStartDate    string `json:"testStartDate,omitempty"`
	TestEndDate      string `json:"testEndDate,omitempty"`
	ApplicantAddress string `json:"applicantAddress,omitempty"`
	PONumber         string `json:"poNumber,omitempty"`
	Category         string `json:"category,omitempty"`
	OverallResult    string `json:"overallResult,omitempty"`
	SignatoryName    string `json:"signatoryName,omitempty"`
	PageCount        int    `json:"pageCount,omitempty"`
	Supersedes       string `json:"supersedes,omitempty"`
	TwinOf           string `json:"twinOf,omitempty"`

	SourceFile       string `json:"sourceFile,omitempty"`
	SourceMediaType  string `json:"sourceMediaType,omitempty"`
	SourceSHA256     string `json:"sourceSHA256"`
	ExtractionPath   string `json:"extractionPath,omitempty"`
	ExtractorVersion string `json:"extractorVersion,omitempty"`
	RulesVersion     string `json:"rulesVersion,omitempty"`
	ReviewedBy       string `json:"reviewedBy,omitempty"`
	ReviewedAt       string `json:"reviewedAt,omitempty"`
	// LabSignature is the evidence of the lab's own signature on the
	// source file, as labrelay checked it.
	LabSignature *LabSignature `json:"labSignature,omitempty"`
	// IdempotencyKey is the signed record's (sign.IdempotencyKey).
	IdempotencyKey string `json:"idempotencyKey"`
}

// LabSignature is the outcome of checking the lab's signature on the
// source report (docs/signing.md): status, signer, signing time, coverage.
type LabSignature struct {
	Status   string `json:"status"`
	Signer   string `json:"signer,omitempty"`
	SignedAt string `json:"signedAt,omitempty"`
	Covers   string `json:"covers,omitempty"`
}

// idNamespace is the UUID namespace of the identifiers labrelay derives:
// the name-based (SHA-1, version 5) UUID of the package's import path in
// the URL namespace.
var idNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/labrelay/labrelay/untp"))

// ids derives stable identifiers for one report.
type ids struct{ base string }

func (d ids) urn(parts ...string) string {
	name := d.base + "|" + strings.Join(parts, "|")
	return "urn:uuid:" + uuid.NewSHA1(idNamespace, []byte(name)).String()
}

// NewCredential expresses a signed record's payload as a UNTP Digital
// Conformity Credential issued by iss. p must name its source file's
// SHA-256; its SignedAt becomes validFrom. It returns ErrIssuer,
// ErrApplicant or ErrVerdict when the model cannot honestly hold the
// report.
func NewCredential(p *sign.Payload, iss Issuer) (*Credential, error) {
	overall, err := checkInput(p, iss)
	if err != nil {
		return nil, err
	}
	r := &p.Record
	canon, err := sign.CanonicalRecord(r)
	if err != nil {
		return nil, err
	}
	key := sign.IdempotencyKey(p.Source.SHA256, canon)
	id := ids{base: "labrelay untp v0|" + p.Source.SHA256 + "|" + r.ReportNumber}

	name := iss.Name
	if name == "" {
		name = iss.ID
	}
	c := &Credential{
		Context: []string{ContextVC, ContextDCC},
		Type:    []string{"VerifiableCredential", "DigitalConformityCredential"},
		// The credential's id changes with its content (a reviewer's
		// correction is a new credential); the attestation's does not.
		ID:     id.urn("credential", key),
		Name:   reportTitle(r),
		Issuer: CredentialIssuer{Type: []string{"CredentialIssuer"}, ID: iss.ID, Name: name},
	}
	if !p.SignedAt.IsZero() {
		c.ValidFrom = p.SignedAt.UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	a := attestation(p, iss, id, key)
	a.Assessment = assessments(r, id, overall)
	c.CredentialSubject = a
	return c, nil
}

// checkInput refuses what a credential cannot be made of, and returns the
// overall conformance.
func checkInput(p *sign.Payload, iss Issuer) (bool, error) {
	if !strings.HasPrefix(iss.ID, "did:") {
		return false, fmt.Errorf("%w: got %q", ErrIssuer, iss.ID)
	}
	if p.Source.SHA256 == "" {
		return false, sign.ErrNoSourceHash
	}
	r := &p.Record
	if strings.TrimSpace(r.ApplicantName) == "" {
		return false, ErrApplicant
	}
	switch r.OverallResult {
	case labrelay.VerdictPass:
		return true, nil
	case labrelay.VerdictFail:
		return false, nil
	}
	return false, fmt.Errorf("%w (report %s: %q)", ErrVerdict, r.ReportNumber, r.OverallResult)
}

// attestation is the credential subject without its assessments.
func attestation(p *sign.Payload, iss Issuer, id ids, key string) *Attestation {
	r := &p.Record
	a := &Attestation{
		Type:            []string{"ConformityAttestation", "Attestation"},
		ID:              id.urn("attestation"),
		Name:            reportTitle(r),
		AssessorLevel:   AssessorLevel3rdParty,
		AssessmentLevel: "Unspecified",
		AttestationType: AttestationTesting,
		Description:     description(r),
		IssuedToParty:   Party{ID: id.urn("applicant"), Name: r.ApplicantName},
		ConformityCertificate: &SecureLink{
			Type:       []string{"SecureLink", "Link"},
			LinkName:   linkName(p),
			HashDigest: p.Source.SHA256,
			HashMethod: "SHA-256",
		},
		Report: report(p, key),
	}
	if iss.DocumentURL != nil {
		a.ConformityCertificate.LinkURL = iss.DocumentURL(p.Source.SHA256)
	}
	if r.LabAccreditation != "" {
		// The report prints an accreditation number: an accredited test,
		// whether or not we can name the accreditation body.
		a.AssessmentLevel = "Accredited"
		if b, ok := accreditationBody(r.LabAccreditation); ok {
			a.Authorisation = []Endorsement{{
				Type:             []string{"Endorsement"},
				ID:               id.urn("accreditation", r.LabAccreditation),
				Name:             r.LabAccreditation,
				IssuingAuthority: Party{ID: b.id, Name: b.name},
			}}
		}
	}
	return a
}

// assessments are the overall conclusion, then one per result row with a
// verdict; rows without one go on the overall assessment as printed.
func assessments(r *labrelay.Record, id ids, overall bool) []Assessment {
	newAssessment := assessmentMaker(r, id)
	all := newAssessment([]string{"assessment", "overall"}, "Overall conclusion of test report "+r.ReportNumber, overall)
	all.TestStandards = r.TestStandards
	if reg := regulation(r.TestStandards); reg != nil {
		all.ReferenceRegulation = reg
	}
	rows := []Assessment{}
	for i, row := range r.Results {
		if row.Verdict != labrelay.VerdictPass && row.Verdict != labrelay.VerdictFail {
			all.UnassessedResults = append(all.UnassessedResults, row)
			if m, ok := metric(row); ok {
				all.DeclaredValue = append(all.DeclaredValue, m)
			}
			continue
		}
		as := newAssessment([]string{"assessment", "row", strconv.Itoa(i)}, row.Item, row.Verdict == labrelay.VerdictPass)
		if b, ok := standardBody(row.Method); ok {
			as.ReferenceStandard = &Standard{Type: []string{"Standard"}, Name: row.Method, IssuingParty: Party{ID: b.id, Name: b.name}}
		}
		if m, ok := metric(row); ok {
			as.DeclaredValue = []Metric{m}
		}
		printed := row
		as.PrintedResult = &printed
		rows = append(rows, as)
	}
	return append([]Assessment{all}, rows...)
}

// assessmentMaker returns a constructor of assessments that share the
// report's date, tested product and lab.
func assessmentMaker(r *labrelay.Record, id ids) func(idParts []string, name string, conformance bool) Assessment {
	var lab *Party
	if n := labName(r); n != "" {
		lab = &Party{ID: id.urn("lab"), Name: n}
	}
	var product []ProductVerification
	if n := firstNonEmpty(r.ProductName, r.ModelNumber); n != "" {
		pr := Product{ID: id.urn("product"), Name: n, BatchNumber: r.BatchNumber, ModelNumber: r.ModelNumber}
		if r.ManufacturerName != "" {
			pr.ProducedByParty = &Party{ID: id.urn("manufacturer"), Name: r.ManufacturerName}
		}
		product = []ProductVerification{{Type: []string{"ProductVerification"}, Product: pr}}
	}
	date := firstNonEmpty(r.TestEndDate, r.IssueDate)
	return func(idParts []string, name string, conformance bool) Assessment {
		return Assessment{
			Type:            []string{"ConformityAssessment", "Declaration"},
			ID:              id.urn(idParts...),
			Name:            name,
			AssessmentDate:  date,
			ConformityTopic: TopicCompliance,
			Conformance:     conformance,
			AssessedProduct: product,
			Auditor:         lab,
		}
	}
}

// regulation returns the one regulation among a report's test standards
// whose authority is known; none when there are several (the overall
// assessment can name only one, and all stay in labrelay:testStandards).
func regulation(standards []string) *Regulation {
	var found *Regulation
	for _, s := range standards {
		b, ok := regulationAuthority(s)
		if !ok {
			continue
		}
		if found != nil {
			return nil
		}
		found = &Regulation{Type: []string{"Regulation"}, Name: s, AdministeredBy: Party{ID: b.id, Name: b.name}}
	}
	return found
}

// metric returns a row's value as a Measure when it is a plain number in a
// unit with a known code.
func metric(row labrelay.ResultRow) (Metric, bool) {
	code, ok := unitCodes[strings.TrimSpace(row.Unit)]
	v := strings.TrimSpace(row.Value)
	if !ok || !number.MatchString(v) {
		return Metric{}, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return Metric{}, false
	}
	return Metric{
		Type:        []string{"Metric"},
		MetricName:  row.Item,
		MetricValue: Measure{Type: []string{"Measure"}, Value: f, Unit: code},
	}, true
}

func reportTitle(r *labrelay.Record) string {
	t := "Test report"
	if r.ReportNumber != "" {
		t += " " + r.ReportNumber
	}
	if r.ProductName != "" {
		t += ": " + r.ProductName
	}
	return t
}

func description(r *labrelay.Record) string {
	d := reportTitle(r)
	if n := labName(r); n != "" {
		d += ", by " + n
	}
	if r.IssueDate != "" {
		d += ", issued " + r.IssueDate
	}
	return d + "; structured from the lab's file by labrelay."
}

func labName(r *labrelay.Record) string {
	if r.LabName != "" {
		return r.LabName
	}
	if r.Lab == labrelay.LabSGS || r.Lab == labrelay.LabBV {
		return r.Lab
	}
	return ""
}

func linkName(p *sign.Payload) string {
	if p.Source.File != "" {
		return p.Source.File
	}
	return "original report"
}

func report(p *sign.Payload, key string) *Report {
	r := &p.Record
	rep := &Report{
		ReportNumber: r.ReportNumber, Lab: r.Lab, LabName: r.LabName, LabAccreditation: r.LabAccreditation,
		IssueDate: r.IssueDate, ReceivedDate: r.ReceivedDate, TestStartDate: r.TestStartDate, TestEndDate: r.TestEndDate,
		ApplicantAddress: r.ApplicantAddress, PONumber: r.PONumber, Category: r.Category,
		OverallResult: r.OverallResult, SignatoryName: r.SignatoryName, PageCount: r.PageCount,
		Supersedes: r.Supersedes, TwinOf: r.TwinOf,
		SourceFile: p.Source.File, SourceMediaType: p.Source.MediaType, SourceSHA256: p.Source.SHA256,
		ExtractionPath: p.Path, ExtractorVersion: p.ExtractorVersion, RulesVersion: p.RulesVersion,
		ReviewedBy:     p.ReviewedBy,
		IdempotencyKey: key,
	}
	if !p.ReviewedAt.IsZero() {
		rep.ReviewedAt = p.ReviewedAt.UTC().Format(time.RFC3339)
	}
	if ls := p.LabSignature; ls != nil {
		rep.LabSignature = &LabSignature{Status: ls.Status, Signer: ls.Signer, Covers: ls.Covers}
		if !ls.SignedAt.IsZero() {
			rep.LabSignature.SignedAt = ls.SignedAt.UTC().Format(time.RFC3339)
		}
	}
	return rep
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
