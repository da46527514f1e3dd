// Package native reads reports that labs deliver as structured data
// (XML or JSON) into the canonical record, driven by mapping files: one
// YAML file per lab format says which documents it applies to, where each
// canonical field lives and how to normalise it. Onboarding a new lab
// format means writing a mapping file, not code (see docs/mapping.md).
//
// It treats every document as hostile: XML with a DOCTYPE is refused (no
// DTDs, so no external or expanding entities), nesting depth and element
// counts are bounded before the tree is built, and JSON nesting is checked
// by a streaming scan before it is decoded. It does not sniff file types
// or bound file sizes; package extract does.
//
// A lab's signature (XMLDSig, or a JWS around JSON) is checked with
// sign/labsig against the Set's Trust before any mapping runs; a mapping
// then reads only what the signature covers, and never reads a report
// whose signature is invalid.
package native
