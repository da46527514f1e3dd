package labrelay

import (
	"bytes"
	"encoding/json"
)

// FieldChange is one field a reviewer changed: Old and New are the field's
// JSON values ("" when absent).
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// DiffRecords lists the canonical fields whose values differ between old and
// new, in spec order. Stores use it to write the review audit trail.
func DiffRecords(old, new Record) []FieldChange {
	a, b := fieldJSON(old), fieldJSON(new)
	var changes []FieldChange
	for _, name := range FieldNames {
		if !bytes.Equal(a[name], b[name]) {
			changes = append(changes, FieldChange{Field: name, Old: string(a[name]), New: string(b[name])})
		}
	}
	return changes
}

func fieldJSON(r Record) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	data, err := json.Marshal(r)
	if err != nil {
		return m // a Record always marshals
	}
	_ = json.Unmarshal(data, &m)
	for k, v := range m {
		var buf bytes.Buffer
		if json.Compact(&buf, v) == nil {
			m[k] = buf.Bytes()
		}
	}
	return m
}
