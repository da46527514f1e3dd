// Package untp expresses a signed labrelay record as a UN Transparency
// Protocol (UNTP) Digital Conformity Credential: a W3C Verifiable Credential
// (VC Data Model 2.0) whose subject is a ConformityAttestation, secured with
// VC-JOSE-COSE (an enveloping JWS with "typ": "vc+jwt" whose payload is the
// credential itself).
//
// It is the open-interop wire profile ("untp-dcc") beside the plain signed
// record: NewCredential maps a sign.Payload onto the UNTP data model, Sign and
// SignPayload secure it, Verify checks one.
//
// The mapping never invents data. Identifiers the model requires but a lab
// report does not print (the attestation's, the parties', the product's)
// are name-based UUIDs derived from the source file's SHA-256 and the report
// number, so the same report always gets the same ones; standards bodies,
// accreditation bodies and unit codes are filled in only when the printed
// designation names them unambiguously. Printed values the model cannot
// hold as numbers ("N.D.", "<2") keep their printed form in a
// "labrelay:printedResult" extension of the assessment.
//
// The package does not read flags or the environment, and does not choose
// which destinations receive credentials: that is the pipeline's config.
package untp
