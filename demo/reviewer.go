package demo

import (
	"crypto/rand"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"

	"github.com/labrelay/labrelay/review"
)

// ReviewerName is the review UI account the demo creates.
const ReviewerName = "reviewer"

// Reviewer makes sure DIR/users.yaml holds the demo reviewer and returns
// its password: made up on the first run and kept in
// DIR/reviewer-password.txt (mode 0600), since the users file holds only
// its hash.
func Reviewer(dir string) (string, error) {
	pwPath := filepath.Join(dir, "reviewer-password.txt")
	usersPath := filepath.Join(dir, "users.yaml")
	if b, err := os.ReadFile(pwPath); err == nil {
		if _, err := os.Stat(usersPath); err == nil {
			return strings.TrimSpace(string(b)), nil
		}
	}
	raw := make([]byte, 9)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	pw := base64.RawURLEncoding.EncodeToString(raw)
	hash, err := review.HashPassword(pw)
	if err != nil {
		return "", err
	}
	if _, err := review.PutUser(usersPath, review.User{Name: ReviewerName, Role: review.RoleReviewer, PasswordHash: hash}); err != nil {
		return "", err
	}
	if err := os.WriteFile(pwPath, []byte(pw+"\n"), 0o600); err != nil {
		return "", err
	}
	return pw, nil
}
