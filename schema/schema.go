package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Record is the JSON Schema (2020-12) of the canonical record.
//
//go:embed inspection-report.v0.json
var Record []byte

// Extraction is the JSON Schema (2020-12) of `labrelay extract` output.
//
//go:embed extraction.v0.json
var Extraction []byte

const (
	recordURL     = "https://labrelay.dev/schema/inspection-report.v0.json"
	extractionURL = "https://labrelay.dev/schema/extraction.v0.json"
)

var compiled = sync.OnceValues(func() ([2]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	for url, data := range map[string][]byte{recordURL: Record, extractionURL: Extraction} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return [2]*jsonschema.Schema{}, fmt.Errorf("read schema %s: %w", url, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			return [2]*jsonschema.Schema{}, fmt.Errorf("add schema %s: %w", url, err)
		}
	}
	r, err := c.Compile(recordURL)
	if err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("compile record schema: %w", err)
	}
	e, err := c.Compile(extractionURL)
	if err != nil {
		return [2]*jsonschema.Schema{}, fmt.Errorf("compile extraction schema: %w", err)
	}
	return [2]*jsonschema.Schema{r, e}, nil
})

// ValidateRecord checks a record against the record schema. v may be a
// decoded JSON value (map[string]any…), raw JSON ([]byte,
// json.RawMessage) or any value that encodes to JSON, such as a
// labrelay.Record.
func ValidateRecord(v any) error { return validate(0, v) }

// ValidateExtraction checks `extract` output against its schema; v is
// taken as in ValidateRecord (a *labrelay.Extraction works).
func ValidateExtraction(v any) error { return validate(1, v) }

func validate(which int, v any) error {
	s, err := compiled()
	if err != nil {
		return err
	}
	doc, err := decoded(v)
	if err != nil {
		return err
	}
	if err := s[which].Validate(doc); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	return nil
}

// decoded returns v as the generic JSON value the validator walks.
func decoded(v any) (any, error) {
	var raw []byte
	switch t := v.(type) {
	case []byte:
		raw = t
	case json.RawMessage:
		raw = t
	case map[string]any, []any, string, bool, nil, json.Number, float64:
		return t, nil
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode for validation: %w", err)
		}
		raw = b
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("decode for validation: %w", err)
	}
	return doc, nil
}
