-- The media type a signed record is published under, chosen by the
-- publication profile when it was signed: every sender (the pipeline,
-- the nightly batch) sends it as stored. Empty: the client picks
-- application/jose(+json) from the serialization.
ALTER TABLE outbox ADD COLUMN content_type TEXT NOT NULL DEFAULT '';
