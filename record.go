package labrelay

// Field names of the canonical record (spec §1). They are the JSON names used
// in Extraction.Fields and in Confidence, and what mapping files and rule
// packs write to.
const (
	FieldReportNumber     = "report_number"
	FieldLab              = "lab"
	FieldLabName          = "lab_name"
	FieldLabAccreditation = "lab_accreditation"
	FieldIssueDate        = "issue_date"
	FieldReceivedDate     = "received_date"
	FieldTestStartDate    = "test_start_date"
	FieldTestEndDate      = "test_end_date"
	FieldApplicantName    = "applicant_name"
	FieldApplicantAddress = "applicant_address"
	FieldManufacturerName = "manufacturer_name"
	FieldProductName      = "product_name"
	FieldModelNumber      = "model_number"
	FieldBatchNumber      = "batch_number"
	FieldPONumber         = "po_number"
	FieldCategory         = "category"
	FieldTestStandards    = "test_standards"
	FieldResults          = "results"
	FieldOverallResult    = "overall_result"
	FieldSignatoryName    = "signatory_name"
	FieldPageCount        = "page_count"
	FieldSupersedes       = "supersedes"
	FieldTwinOf           = "twin_of"
)

// FieldNames lists every canonical field in spec order.
var FieldNames = []string{
	FieldReportNumber, FieldLab, FieldLabName, FieldLabAccreditation,
	FieldIssueDate, FieldReceivedDate, FieldTestStartDate, FieldTestEndDate,
	FieldApplicantName, FieldApplicantAddress, FieldManufacturerName,
	FieldProductName, FieldModelNumber, FieldBatchNumber, FieldPONumber,
	FieldCategory, FieldTestStandards, FieldResults, FieldOverallResult,
	FieldSignatoryName, FieldPageCount, FieldSupersedes, FieldTwinOf,
}

// IsField reports whether name is a canonical field name.
func IsField(name string) bool {
	for _, f := range FieldNames {
		if f == name {
			return true
		}
	}
	return false
}

// Lab families.
const (
	LabSGS   = "SGS"
	LabBV    = "BV"
	LabOther = "OTHER"
)

// DSP categories.
const (
	CategoryElectronic = "electronic_components"
	CategoryAutomotive = "automotive_parts"
	CategoryFood       = "food_packaging"
)

// Verdicts, used for overall_result and (without inconclusive) result rows.
const (
	VerdictPass         = "pass"
	VerdictFail         = "fail"
	VerdictInconclusive = "inconclusive"
)

// Record is the canonical inspection-report record of spec §1. Every field
// is optional; a zero value means "not found" and is left out of JSON.
type Record struct {
	ReportNumber     string      `json:"report_number,omitempty"`
	Lab              string      `json:"lab,omitempty"`
	LabName          string      `json:"lab_name,omitempty"`
	LabAccreditation string      `json:"lab_accreditation,omitempty"`
	IssueDate        string      `json:"issue_date,omitempty"`
	ReceivedDate     string      `json:"received_date,omitempty"`
	TestStartDate    string      `json:"test_start_date,omitempty"`
	TestEndDate      string      `json:"test_end_date,omitempty"`
	ApplicantName    string      `json:"applicant_name,omitempty"`
	ApplicantAddress string      `json:"applicant_address,omitempty"`
	ManufacturerName string      `json:"manufacturer_name,omitempty"`
	ProductName      string      `json:"product_name,omitempty"`
	ModelNumber      string      `json:"model_number,omitempty"`
	BatchNumber      string      `json:"batch_number,omitempty"`
	PONumber         string      `json:"po_number,omitempty"`
	Category         string      `json:"category,omitempty"`
	TestStandards    []string    `json:"test_standards,omitempty"`
	Results          []ResultRow `json:"results,omitempty"`
	OverallResult    string      `json:"overall_result,omitempty"`
	SignatoryName    string      `json:"signatory_name,omitempty"`
	PageCount        int         `json:"page_count,omitempty"`
	Supersedes       string      `json:"supersedes,omitempty"`
	TwinOf           string      `json:"twin_of,omitempty"`
}

// ResultRow is one row of a result table. Verdict is always written, empty
// where the row has no limit (spec §1).
type ResultRow struct {
	Item    string `json:"item"`
	Method  string `json:"method,omitempty"`
	Unit    string `json:"unit,omitempty"`
	MDL     string `json:"mdl,omitempty"`
	Limit   string `json:"limit,omitempty"`
	Value   string `json:"value"`
	Verdict string `json:"verdict"`
}

// Present returns the names of the fields that hold a value, in spec order.
func (r *Record) Present() []string {
	var names []string
	for _, name := range FieldNames {
		if !r.isZero(name) {
			names = append(names, name)
		}
	}
	return names
}

func (r *Record) isZero(name string) bool {
	switch name {
	case FieldTestStandards:
		return len(r.TestStandards) == 0
	case FieldResults:
		return len(r.Results) == 0
	case FieldPageCount:
		return r.PageCount == 0
	}
	s, _ := r.String(name)
	return s == ""
}

// String returns the value of a string field and whether name is one.
func (r *Record) String(name string) (string, bool) {
	p := r.stringField(name)
	if p == nil {
		return "", false
	}
	return *p, true
}

// SetString sets a string field; it reports false when name is not a string
// field of the record.
func (r *Record) SetString(name, value string) bool {
	p := r.stringField(name)
	if p == nil {
		return false
	}
	*p = value
	return true
}

// Clear removes a field from the record.
func (r *Record) Clear(name string) {
	switch name {
	case FieldTestStandards:
		r.TestStandards = nil
	case FieldResults:
		r.Results = nil
	case FieldPageCount:
		r.PageCount = 0
	default:
		r.SetString(name, "")
	}
}

func (r *Record) stringField(name string) *string {
	switch name {
	case FieldReportNumber:
		return &r.ReportNumber
	case FieldLab:
		return &r.Lab
	case FieldLabName:
		return &r.LabName
	case FieldLabAccreditation:
		return &r.LabAccreditation
	case FieldIssueDate:
		return &r.IssueDate
	case FieldReceivedDate:
		return &r.ReceivedDate
	case FieldTestStartDate:
		return &r.TestStartDate
	case FieldTestEndDate:
		return &r.TestEndDate
	case FieldApplicantName:
		return &r.ApplicantName
	case FieldApplicantAddress:
		return &r.ApplicantAddress
	case FieldManufacturerName:
		return &r.ManufacturerName
	case FieldProductName:
		return &r.ProductName
	case FieldModelNumber:
		return &r.ModelNumber
	case FieldBatchNumber:
		return &r.BatchNumber
	case FieldPONumber:
		return &r.PONumber
	case FieldCategory:
		return &r.Category
	case FieldOverallResult:
		return &r.OverallResult
	case FieldSignatoryName:
		return &r.SignatoryName
	case FieldSupersedes:
		return &r.Supersedes
	case FieldTwinOf:
		return &r.TwinOf
	}
	return nil
}
