-- Lineage: report numbers (as labrelay.ReportKey: upper case, no spaces)
-- of the extraction and of the reports it says it supersedes or twins,
-- indexed so that the pipeline finds the other revisions and language
-- versions of a report; twin_of links a twin kept but not published.
ALTER TABLE documents ADD COLUMN report_key     TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN supersedes_key TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN twin_key       TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN twin_of        INTEGER REFERENCES documents(id);
UPDATE documents SET
	report_key     = upper(replace(coalesce(json_extract(extraction, '$.fields.report_number'), ''), ' ', '')),
	supersedes_key = upper(replace(coalesce(json_extract(extraction, '$.fields.supersedes'), ''), ' ', '')),
	twin_key       = upper(replace(coalesce(json_extract(extraction, '$.fields.twin_of'), ''), ' ', ''))
WHERE extraction IS NOT NULL;
CREATE INDEX documents_report_key ON documents (report_key);
CREATE INDEX documents_supersedes_key ON documents (supersedes_key);
CREATE INDEX documents_twin_key ON documents (twin_key);
