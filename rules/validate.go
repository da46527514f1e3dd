package rules

import (
	"fmt"
	"math"

	"github.com/expr-lang/expr"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// validate runs the built-in and the pack's cross-field checks.
func (e *Engine) validate(p *Pack, x *labrelay.Extraction) {
	f := &x.Fields
	lower := func(field string, reason string) {
		if _, ok := x.Confidence[field]; ok {
			x.Confidence[field] = math.Min(x.Confidence[field], confFailedCheck)
		}
		x.RequireReview(reason)
	}
	if f.IssueDate != "" && f.TestEndDate != "" && f.IssueDate < f.TestEndDate {
		lower(labrelay.FieldIssueDate, fmt.Sprintf("issue date %s is before the end of testing %s", f.IssueDate, f.TestEndDate))
	}
	if f.ReceivedDate != "" && f.TestStartDate != "" && f.ReceivedDate > f.TestStartDate {
		lower(labrelay.FieldReceivedDate, fmt.Sprintf("sample received %s after testing started %s", f.ReceivedDate, f.TestStartDate))
	}
	if f.TestStartDate != "" && f.TestEndDate != "" && f.TestStartDate > f.TestEndDate {
		lower(labrelay.FieldTestEndDate, fmt.Sprintf("testing ends %s before it starts %s", f.TestEndDate, f.TestStartDate))
		lower(labrelay.FieldTestStartDate, "testing period is reversed")
	}
	if f.OverallResult == labrelay.VerdictPass {
		for _, r := range f.Results {
			if r.Verdict == labrelay.VerdictFail {
				lower(labrelay.FieldOverallResult, fmt.Sprintf("overall result is pass but %s fails", r.Item))
				break
			}
		}
	}
	if f.OverallResult == labrelay.VerdictFail && len(f.Results) > 0 {
		passes := 0
		for _, r := range f.Results {
			if r.Verdict == labrelay.VerdictPass {
				passes++
			}
		}
		if passes == len(f.Results) {
			lower(labrelay.FieldOverallResult, "overall result is fail but every result row passes")
		}
	}
	if f.Lab != "" && f.LabName != "" {
		if fam := normalize.Lab(f.LabName); fam != f.Lab && (fam != labrelay.LabOther || p.Lab != "") {
			lower(labrelay.FieldLab, fmt.Sprintf("lab %s does not match the lab name %q", f.Lab, f.LabName))
		}
	}
	if len(p.Checks) == 0 {
		return
	}
	envm := env(&docFuncs{dayFirst: p.DayFirst}, recordEnv(f))
	envm["pack"] = p.Name
	for _, c := range p.Checks {
		out, err := expr.Run(c.prog, envm)
		if err != nil {
			x.RequireReview(fmt.Sprintf("check %s could not run: %v", c.Name, err))
			continue
		}
		if out != true {
			msg := c.Message
			if msg == "" {
				msg = "check " + c.Name + " failed"
			}
			x.RequireReview(msg)
		}
	}
}

func recordEnv(f *labrelay.Record) map[string]any {
	m := map[string]any{}
	for _, name := range labrelay.FieldNames {
		if s, ok := f.String(name); ok {
			m[name] = s
		}
	}
	m[labrelay.FieldTestStandards] = append([]string{}, f.TestStandards...)
	m[labrelay.FieldPageCount] = f.PageCount
	rows := make([]map[string]any, len(f.Results))
	for i, r := range f.Results {
		rows[i] = map[string]any{"item": r.Item, "method": r.Method, "unit": r.Unit, "mdl": r.MDL,
			"limit": r.Limit, "value": r.Value, "verdict": r.Verdict}
	}
	m[labrelay.FieldResults] = rows
	return m
}

// review decides whether a person must look: any field under the pack's
