package main

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestConfigProfileLineageReview: the destination profile, the lineage
// and the review sections parse with their defaults, and each wrong value
// is named.
func TestConfigProfileLineageReview(t *testing.T) {
	c, err := parseConfig(strings.NewReader(minimal), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Destination.Profile != ProfileRecord || c.Lineage.PrimaryLanguage != "en" || time.Duration(c.Review.ClaimTTL) != 30*time.Minute || c.Review.Users != "" {
		t.Errorf("defaults: profile %q, primary language %q, review %+v", c.Destination.Profile, c.Lineage.PrimaryLanguage, c.Review)
	}
	c, err = parseConfig(strings.NewReader(strings.Replace(minimal, `destination: {base_url: "http://127.0.0.1:1"}`,
		`destination: {base_url: "http://127.0.0.1:1", profile: untp-dcc, issuer: {id: "did:web:qa.example.com", document_url: "https://f.example.com/{sha256}"}}`, 1)+`
lineage: {primary_language: zh}
review: {users: /etc/labrelay/users.yaml, secure_cookies: true, claim_ttl: 10m}
`), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Destination.Profile != ProfileUNTPDCC || c.Destination.Issuer.ID != "did:web:qa.example.com" || c.Lineage.PrimaryLanguage != "zh" ||
		!reflect.DeepEqual(c.Review, ReviewConfig{Users: "/etc/labrelay/users.yaml", SecureCookies: true, ClaimTTL: Duration(10 * time.Minute)}) {
		t.Errorf("parsed: %+v %+v %+v", c.Destination, c.Lineage, c.Review)
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"bad profile", strings.Replace(minimal, `"http://127.0.0.1:1"}`, `"http://127.0.0.1:1", profile: vc}`, 1), "destination.profile"},
		{"untp with wire map", strings.Replace(minimal, `"http://127.0.0.1:1"}`, `"http://127.0.0.1:1", profile: untp-dcc, wire_map: m.yaml}`, 1), "destination.wire_map"},
		{"issuer not a DID", strings.Replace(minimal, `"http://127.0.0.1:1"}`, `"http://127.0.0.1:1", profile: untp-dcc, issuer: {id: "https://x"}}`, 1), "destination.issuer.id"},
		{"issuer on record", strings.Replace(minimal, `"http://127.0.0.1:1"}`, `"http://127.0.0.1:1", issuer: {id: "did:web:x"}}`, 1), "destination.issuer"},
		{"language", minimal + "\nlineage: {primary_language: fr}", "lineage.primary_language"},
		{"claim ttl", minimal + "\nreview: {claim_ttl: 0s}", "review.claim_ttl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(strings.NewReader(tc.yaml), env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestReviewSettingsEnvFallback: the environment fills in what the config
// leaves out.
func TestReviewSettingsEnvFallback(t *testing.T) {
	t.Setenv("LABRELAY_REVIEW_USERS", "/env/users.yaml")
	t.Setenv("LABRELAY_REVIEW_SECURE_COOKIES", "1")
	if got := reviewSettings(ReviewConfig{}); got.Users != "/env/users.yaml" || !got.SecureCookies || time.Duration(got.ClaimTTL) != 30*time.Minute {
		t.Errorf("from env: %+v", got)
	}
	if got := reviewSettings(ReviewConfig{Users: "/cfg/users.yaml", ClaimTTL: Duration(time.Minute)}); got.Users != "/cfg/users.yaml" || time.Duration(got.ClaimTTL) != time.Minute {
		t.Errorf("config wins: %+v", got)
	}
}
