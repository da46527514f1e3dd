// Package review is the web UI where QA staff check the records the rules
// were not sure of: a queue of documents in needs_review, a document page
// with the lab's page images beside the extracted fields (confidence and
// provenance shown), corrections with an audit trail, and approve / reject.
//
// It is plain net/http and html/template with one small script file and no
// build step. Everything but the sign-in page (and its stylesheet) needs a
// session: local users from a YAML file (bcrypt or argon2id hashes), roles
// reviewer and admin, server-side sessions in secure cookies, a CSRF token
// on every form, and failed sign-ins slowed down per account and per
// address. Extracted text is untrusted and always escaped; pages carry a
// strict Content-Security-Policy.
//
// The package never signs or publishes: approval goes through the injected
// Approver (the pipeline's), and all state lives in the labrelay.Store. It
// never reads flags or the environment.
package review
