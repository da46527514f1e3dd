package review

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Form names: every canonical field is an input named "f.<field>"; the
// result table is parallel lists "r.item", "r.method", … one entry per row.
const (
	fieldPrefix = "f."
	rowPrefix   = "r."
)

var rowColumns = []string{"item", "method", "unit", "mdl", "limit", "value", "verdict"}

var enumOptions = map[string][]string{
	labrelay.FieldLab:           {labrelay.LabSGS, labrelay.LabBV, labrelay.LabOther},
	labrelay.FieldCategory:      {labrelay.CategoryElectronic, labrelay.CategoryAutomotive, labrelay.CategoryFood},
	labrelay.FieldOverallResult: {labrelay.VerdictPass, labrelay.VerdictFail, labrelay.VerdictInconclusive},
}

var verdictOptions = []string{labrelay.VerdictPass, labrelay.VerdictFail}

var dateFields = map[string]bool{
	labrelay.FieldIssueDate: true, labrelay.FieldReceivedDate: true,
	labrelay.FieldTestStartDate: true, labrelay.FieldTestEndDate: true,
}

func oneOf(v string, opts []string) bool {
	for _, o := range opts {
		if o == v {
			return true
		}
	}
	return false
}

// recordFromForm reads the edited record from a submitted document form.
// It returns the record as submitted (also when invalid, to show it again)
// and a plain sentence per field that is not in the form the spec requires.
func recordFromForm(form url.Values) (labrelay.Record, map[string]string) {
	var rec labrelay.Record
	errs := map[string]string{}
	for _, name := range labrelay.FieldNames {
		raw := form.Get(fieldPrefix + name)
		switch name {
		case labrelay.FieldResults:
			continue
		case labrelay.FieldTestStandards:
			for _, line := range strings.Split(raw, "\n") {
				if v := text.OneLine(line); v != "" {
					rec.TestStandards = append(rec.TestStandards, v)
				}
			}
			continue
		case labrelay.FieldPageCount:
			v := text.OneLine(raw)
			if v == "" {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100000 {
				errs[name] = "Enter the number of pages as a whole number, or leave it empty."
				continue
			}
			rec.PageCount = n
			continue
		}
		v := text.OneLine(raw)
		rec.SetString(name, v)
		if v == "" {
			continue
		}
		if opts, ok := enumOptions[name]; ok && !oneOf(v, opts) {
			errs[name] = "Choose one of " + strings.Join(opts, ", ") + "."
		}
		if dateFields[name] {
			if _, err := time.Parse("2006-01-02", v); err != nil {
				errs[name] = "Enter the date as YYYY-MM-DD, e.g. 2026-05-09."
			}
		}
	}
	cols := map[string][]string{}
	n := 0
	for _, c := range rowColumns {
		cols[c] = form[rowPrefix+c]
		n = max(n, len(cols[c]))
	}
	at := func(c string, i int) string {
		if i < len(cols[c]) {
			return text.OneLine(cols[c][i])
		}
		return ""
	}
	for i := range n {
		row := labrelay.ResultRow{
			Item: at("item", i), Method: at("method", i), Unit: at("unit", i), MDL: at("mdl", i),
			Limit: at("limit", i), Value: at("value", i), Verdict: at("verdict", i),
		}
		if row == (labrelay.ResultRow{}) {
			continue // an added row left empty
		}
		if row.Item == "" {
			errs[labrelay.FieldResults] = "Every result row needs a test item; fill it in or remove the row."
		}
		if row.Verdict != "" && !oneOf(row.Verdict, verdictOptions) {
			errs[labrelay.FieldResults] = "A row's verdict is pass, fail or empty."
		}
		rec.Results = append(rec.Results, row)
	}
	return rec, errs
}

// fieldLabel turns a field name into a label: "po_number" → "PO number".
func fieldLabel(name string) string {
	switch name {
	case labrelay.FieldPONumber:
		return "PO number"
	}
	s := strings.ReplaceAll(name, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// requiredToApprove are the fields a record must have before it is signed
// and published.
var requiredToApprove = []string{labrelay.FieldReportNumber, labrelay.FieldIssueDate, labrelay.FieldLab, labrelay.FieldOverallResult}

// approvalErrors checks, on the server, that rec may be signed: the
// required fields are there and the record passes the record schema. It
// adds a plain sentence per field to errs without replacing the form's own.
func approvalErrors(rec labrelay.Record, errs map[string]string) {
	add := func(field, msg string) {
		if _, ok := errs[field]; !ok {
			errs[field] = msg
		}
	}
	for _, name := range requiredToApprove {
		if v, _ := rec.String(name); v == "" {
			add(name, "Required before approval: fill in the "+strings.ToLower(fieldLabel(name))+".")
		}
	}
	err := schema.ValidateRecord(rec)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		if err != nil {
			add(labrelay.FieldReportNumber, "The record could not be checked against the schema: "+err.Error())
		}
		return
	}
	for _, leaf := range schemaLeaves(ve) {
		field := labrelay.FieldReportNumber
		if len(leaf.InstanceLocation) > 0 {
			field = leaf.InstanceLocation[0]
		}
		add(field, "This value is not allowed by the record schema ("+strings.Join(leaf.ErrorKind.KeywordPath(), "/")+"); correct it.")
	}
}

// schemaLeaves returns the innermost causes of a schema error: the ones
// that name the value at fault.
func schemaLeaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, schemaLeaves(c)...)
	}
	return out
}
