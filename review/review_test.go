package review_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/review"
	"golang.org/x/crypto/bcrypt"
)

func TestNothingWithoutSession(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	b := r.client(t)
	for _, tc := range []struct {
		name, method, path string
		want               int
	}{
		{"queue", "GET", "", http.StatusFound},
		{"document", "GET", fmt.Sprintf("doc/%d", doc.ID), http.StatusFound},
		{"admin", "GET", "admin", http.StatusFound},
		{"unknown page", "GET", "nope", http.StatusFound},
		{"page image", "GET", fmt.Sprintf("doc/%d/page/1.png", doc.ID), http.StatusUnauthorized},
		{"script", "GET", "static/review.js", http.StatusUnauthorized},
		{"stylesheet", "GET", "static/review.css", http.StatusUnauthorized},
		{"claim", "POST", fmt.Sprintf("doc/%d/claim", doc.ID), http.StatusUnauthorized},
		{"approve", "POST", fmt.Sprintf("doc/%d/approve", doc.ID), http.StatusUnauthorized},
		{"login page", "GET", "login", http.StatusOK},
		{"login stylesheet", "GET", "static/login.css", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var resp response
			if tc.method == "GET" {
				resp = b.get(tc.path)
			} else {
				resp = b.post(tc.path, url.Values{})
			}
			if resp.Status != tc.want {
				t.Fatalf("%s %s: got %d, want %d", tc.method, tc.path, resp.Status, tc.want)
			}
			if tc.want == http.StatusFound {
				if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/review/login?next=") {
					t.Errorf("Location = %q, want the sign-in page under /review/", loc)
				}
			}
			if resp.Status != http.StatusOK && strings.Contains(resp.Body, doc.Extraction.Fields.ReportNumber) {
				t.Errorf("the refusal shows the document's data")
			}
		})
	}
	// The document is still untouched.
	got, err := r.Store.Document(context.Background(), doc.ID)
	if err != nil || got.State != labrelay.StateNeedsReview {
		t.Fatalf("document after anonymous requests: %v %s", err, got.State)
	}
}

func TestLoginAndLogout(t *testing.T) {
	// Cookies are Secure unless InsecureCookies is set explicitly.
	r := newRig(t, func(o *review.Options) { o.InsecureCookies = false })
	b := r.client(t)
	if resp := b.tryLogin("alice", "wrong password"); resp.Status != http.StatusUnauthorized || !strings.Contains(resp.Body, "Wrong user name or password") {
		t.Fatalf("wrong password: %d", resp.Status)
	}
	if resp := b.tryLogin("nobody", password); resp.Status != http.StatusUnauthorized {
		t.Fatalf("unknown user: %d", resp.Status)
	}
	resp := b.tryLogin("alice", password)
	if resp.Status != http.StatusSeeOther || resp.Header.Get("Location") != "/review/" {
		t.Fatalf("sign in: %d to %q", resp.Status, resp.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, c := range (&http.Response{Header: resp.Header}).Cookies() {
		if c.Name == "labrelay_review" && c.Value != "" {
			sess = c
		}
	}
	if sess == nil {
		t.Fatal("no session cookie")
	}
	if !sess.HttpOnly || !sess.Secure || sess.SameSite != http.SameSiteStrictMode || sess.Path != "/review/" || len(sess.Value) < 40 {
		t.Errorf("session cookie = %+v, want HttpOnly, Secure, SameSite=Strict, Path=/review/, a long random value", sess)
	}
	// The cookie jar ignores Secure cookies over http: send it by hand.
	get := func(path string) response {
		req, _ := http.NewRequest("GET", r.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: sess.Name, Value: sess.Value})
		return b.do(req)
	}
	page := get("")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "Needs review") {
		t.Fatalf("queue after sign-in: %d", page.Status)
	}
	csrf := csrfRE.FindStringSubmatch(page.Body)[1]
	req, _ := http.NewRequest("POST", r.URL+"logout", strings.NewReader(url.Values{"csrf": {csrf}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: sess.Name, Value: sess.Value})
	if out := b.do(req); out.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", out.Status)
	}
	if again := get(""); again.Status != http.StatusFound {
		t.Fatalf("old session after logout: %d, want 302 to sign in", again.Status)
	}
}

func TestSessionExpires(t *testing.T) {
	r := newRig(t)
	b := r.client(t)
	b.login("alice")
	if resp := b.get(""); resp.Status != http.StatusOK {
		t.Fatalf("queue: %d", resp.Status)
	}
	r.Clock.Add(61 * time.Minute) // default idle timeout 1h
	if resp := b.get(""); resp.Status != http.StatusFound {
		t.Fatalf("queue after an idle hour: %d, want 302", resp.Status)
	}
}

func TestLoginNeedsToken(t *testing.T) {
	r := newRig(t)
	b := r.client(t)
	b.csrf("login") // sets the login cookie
	resp := b.post("login", url.Values{"name": {"alice"}, "password": {password}})
	if resp.Status != http.StatusForbidden {
		t.Fatalf("sign in without the form token: %d, want 403", resp.Status)
	}
	resp = b.post("login", url.Values{"csrf": {"forged"}, "name": {"alice"}, "password": {password}})
	if resp.Status != http.StatusForbidden {
		t.Fatalf("sign in with a forged token: %d, want 403", resp.Status)
	}
}

func TestFailedLoginsAreLimited(t *testing.T) {
	r := newRig(t)
	b := r.client(t)
	for i := range 5 {
		if resp := b.tryLogin("alice", "guess"+fmt.Sprint(i)); resp.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, resp.Status)
		}
	}
	resp := b.tryLogin("alice", password)
	if resp.Status != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("sixth attempt, right password: %d, want 429 with Retry-After", resp.Status)
	}
	r.Clock.Add(16 * time.Minute)
	b.login("alice")
}

func TestReviewerIsNotAdmin(t *testing.T) {
	r := newRig(t)
	reviewer := r.client(t)
	reviewer.login("alice")
	if resp := reviewer.get("admin"); resp.Status != http.StatusForbidden {
		t.Fatalf("reviewer on admin page: %d, want 403", resp.Status)
	}
	if strings.Contains(reviewer.get("").Body, `href="/review/admin"`) {
		t.Errorf("the reviewer's menu links to the admin page")
	}
	admin := r.client(t)
	admin.login("root")
	resp := admin.get("admin")
	if resp.Status != http.StatusOK {
		t.Fatalf("admin page: %d", resp.Status)
	}
	for _, want := range []string{"alice", "bob", "root", "Exceptions"} {
		if !strings.Contains(resp.Body, want) {
			t.Errorf("admin page lacks %q", want)
		}
	}
}

func TestPostNeedsCSRFToken(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	b := r.client(t)
	b.login("alice")
	claim := fmt.Sprintf("doc/%d/claim", doc.ID)
	for name, form := range map[string]url.Values{
		"no token":     {},
		"forged token": {"csrf": {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
	} {
		if resp := b.post(claim, form); resp.Status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, resp.Status)
		}
	}
	// Another user's token is not this session's token.
	other := r.client(t)
	other.login("bob")
	if resp := b.post(claim, url.Values{"csrf": {other.csrf("")}}); resp.Status != http.StatusForbidden {
		t.Errorf("bob's token in alice's session: %d, want 403", resp.Status)
	}
	// A cross-site Origin is refused even with the token.
	tok := b.csrf("")
	req, _ := http.NewRequest("POST", b.base+claim, strings.NewReader(url.Values{"csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	if resp := b.do(req); resp.Status != http.StatusForbidden {
		t.Errorf("cross-site origin: %d, want 403", resp.Status)
	}
	if resp := b.post(claim, url.Values{"csrf": {tok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("claim with the token: %d", resp.Status)
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	r := newRig(t)
	doc := r.seedXSS(t)
	b := r.client(t)
	b.login("alice")
	for _, page := range []string{"", fmt.Sprintf("doc/%d", doc.ID)} {
		resp := b.get(page)
		if resp.Status != http.StatusOK {
			t.Fatalf("%q: %d", page, resp.Status)
		}
		if strings.Contains(resp.Body, "<script>alert") || strings.Contains(resp.Body, "<img src=x") {
			t.Errorf("%q: hostile markup reached the page unescaped", page)
		}
		if !strings.Contains(resp.Body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%q: the hostile value is not shown as text", page)
		}
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP = %q", csp)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("framing/sniffing headers: %v", h)
		}
	}
}

func TestClaimConflict(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	alice, bob := r.client(t), r.client(t)
	alice.login("alice")
	bob.login("bob")
	path := fmt.Sprintf("doc/%d", doc.ID)
	if resp := alice.post(path+"/claim", url.Values{"csrf": {alice.csrf(path)}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("alice claims: %d", resp.Status)
	}
	queue := bob.get("").Body
	if !strings.Contains(queue, `class="taken"`) || !strings.Contains(queue, "alice") {
		t.Errorf("bob's queue does not show the document taken by alice")
	}
	page := bob.get(path).Body
	if !strings.Contains(page, "Taken by <strong>alice</strong>") || !strings.Contains(page, "<fieldset disabled>") {
		t.Errorf("bob's document page is editable or does not say alice holds it")
	}
	tok := bob.csrf(path)
	if resp := bob.post(path+"/claim", url.Values{"csrf": {tok}}); resp.Status != http.StatusConflict || !strings.Contains(resp.Body, "being reviewed by alice") {
		t.Errorf("bob claims a taken document: %d", resp.Status)
	}
	form := docForm(doc, tok)
	form.Set("f.batch_number", "BOB-WAS-HERE")
	for _, action := range []string{"save", "approve"} {
		if resp := bob.post(path+"/"+action, form); resp.Status != http.StatusConflict {
			t.Errorf("bob %ss alice's document: %d, want 409", action, resp.Status)
		}
	}
	if resp := bob.post(path+"/reject", url.Values{"csrf": {tok}, "reason": {"mine now"}}); resp.Status != http.StatusConflict {
		t.Errorf("bob rejects alice's document: %d, want 409", resp.Status)
	}
	got, _ := r.Store.Document(context.Background(), doc.ID)
	if got.State != labrelay.StateNeedsReview || got.Extraction.Fields.BatchNumber != "H24I20-E" {
		t.Fatalf("document changed by bob: %s %q", got.State, got.Extraction.Fields.BatchNumber)
	}
	// An abandoned claim expires.
	r.Clock.Add(11 * time.Minute)
	tok = bob.csrf(path)
	if resp := bob.post(path+"/claim", url.Values{"csrf": {tok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("bob claims after alice's claim expired: %d", resp.Status)
	}
	// Release makes it free again.
	if resp := bob.post(path+"/release", url.Values{"csrf": {tok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("release: %d", resp.Status)
	}
	if resp := alice.post(path+"/claim", url.Values{"csrf": {alice.csrf(path)}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("alice claims a released document: %d", resp.Status)
	}
}

func TestCorrectRejectAndValidation(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	b := r.client(t)
	b.login("alice")
	path := fmt.Sprintf("doc/%d", doc.ID)
	tok := b.csrf(path)
	if resp := b.post(path+"/claim", url.Values{"csrf": {tok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d", resp.Status)
	}
	bad := docForm(doc, tok)
	bad.Set("f.issue_date", "01/02/2026")
	bad.Set("f.category", "toys")
	resp := b.post(path+"/save", bad)
	if resp.Status != http.StatusUnprocessableEntity || !strings.Contains(resp.Body, "YYYY-MM-DD") {
		t.Fatalf("invalid date: %d", resp.Status)
	}
	if audit, _ := r.Store.Audit(context.Background(), doc.ID); len(audit) != 0 {
		t.Fatalf("an invalid form was saved: %+v", audit)
	}
	good := docForm(doc, tok)
	good.Set("f.batch_number", "  H24120-E ")
	good.Set("comment", "checked against page 1")
	// Remove the last result row, add one.
	for _, c := range []string{"item", "method", "unit", "mdl", "limit", "value", "verdict"} {
		vals := good["r."+c]
		good["r."+c] = append(vals[:len(vals)-1], map[string]string{"item": "Salt spray, cut edge", "value": "96", "unit": "h", "verdict": "pass"}[c])
	}
	if resp := b.post(path+"/save", good); resp.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", resp.Status, resp.Body)
	}
	got, _ := r.Store.Document(context.Background(), doc.ID)
	rows := got.Extraction.Fields.Results
	if got.Extraction.Fields.BatchNumber != "H24120-E" || rows[len(rows)-1].Item != "Salt spray, cut edge" || len(rows) != len(doc.Extraction.Fields.Results) {
		t.Fatalf("saved record: batch %q, rows %+v", got.Extraction.Fields.BatchNumber, rows)
	}
	page := b.get(path).Body
	for _, want := range []string{"batch_number", "H24I20-E", "H24120-E", "checked against page 1", "corrected"} {
		if !strings.Contains(page, want) {
			t.Errorf("audit trail lacks %q", want)
		}
	}
	if resp := b.post(path+"/reject", url.Values{"csrf": {tok}}); resp.Status != http.StatusUnprocessableEntity {
		t.Errorf("reject without reason: %d", resp.Status)
	}
	if resp := b.post(path+"/reject", url.Values{"csrf": {tok}, "reason": {"wrong product attached"}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("reject: %d", resp.Status)
	}
	got, _ = r.Store.Document(context.Background(), doc.ID)
	if got.State != labrelay.StateException || got.Reason != "wrong product attached" || got.ReviewedBy != "alice" {
		t.Fatalf("after reject: %s %q by %q", got.State, got.Reason, got.ReviewedBy)
	}
	// Callbacks from the DSP show on the document and on the admin list.
	if _, err := r.Store.RecordCallback(context.Background(), labrelay.Callback{DocumentID: doc.ID, Status: "expired", Reason: "certificate expired"}); err != nil {
		t.Fatal(err)
	}
	if page := b.get(path).Body; !strings.Contains(page, "certificate expired") {
		t.Errorf("document page does not show the DSP callback")
	}
	admin := r.client(t)
	admin.login("root")
	if page := admin.get("admin").Body; !strings.Contains(page, "wrong product attached") || !strings.Contains(page, "certificate expired") {
		t.Errorf("exceptions list lacks the rejected document")
	}
}

func TestPageImage(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	b := r.client(t)
	b.login("alice")
	resp := b.get(fmt.Sprintf("doc/%d/page/1.png", doc.ID))
	if resp.Status != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("page 1: %d %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader([]byte(resp.Body)))
	if err != nil {
		t.Fatal(err)
	}
	// A4 is 595.28 pt wide: 827 px at 100 dpi.
	if w := img.Bounds().Dx(); w < 820 || w > 830 {
		t.Errorf("page width %d px, want 827 (A4 at 100 dpi)", w)
	}
	if resp := b.get(fmt.Sprintf("doc/%d/page/2.png", doc.ID)); resp.Status != http.StatusNotFound {
		t.Errorf("page 2 of a one-page report: %d, want 404", resp.Status)
	}
}

func TestUsersFile(t *testing.T) {
	path := t.TempDir() + "/users.yaml"
	h, err := review.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") || !review.CheckPassword(h, password) || review.CheckPassword(h, password+"x") {
		t.Fatalf("argon2id hash %q does not check", h)
	}
	bc, _ := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if !review.CheckPassword(string(bc), password) || review.CheckPassword(string(bc), "nope") {
		t.Fatal("bcrypt hash does not check")
	}
	if _, err := review.HashPassword("short"); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if replaced, err := review.PutUser(path, review.User{Name: "carol", Role: review.RoleReviewer, PasswordHash: h}); err != nil || replaced {
		t.Fatal(replaced, err)
	}
	if replaced, err := review.PutUser(path, review.User{Name: "carol", Role: review.RoleAdmin, PasswordHash: string(bc)}); err != nil || !replaced {
		t.Fatal(replaced, err)
	}
	f := review.NewUsersFile(path)
	u, err := f.User(context.Background(), "carol")
	if err != nil || u.Role != review.RoleAdmin || !review.CheckPassword(u.PasswordHash, password) {
		t.Fatalf("carol = %+v, %v", u, err)
	}
	if _, err := f.User(context.Background(), "dave"); err != review.ErrUnknownUser {
		t.Errorf("unknown user: %v", err)
	}
	for name, text := range map[string]string{
		"bad role":    "users:\n  - {name: a, role: root, password_hash: '" + h + "'}\n",
		"bad hash":    "users:\n  - {name: a, role: admin, password_hash: secret}\n",
		"bad name":    "users:\n  - {name: 'a b', role: admin, password_hash: '" + h + "'}\n",
		"duplicate":   "users:\n  - {name: a, role: admin, password_hash: '" + h + "'}\n  - {name: a, role: admin, password_hash: '" + h + "'}\n",
		"unknown key": "users:\n  - {name: a, role: admin, password: x}\n",
	} {
		if _, err := review.ParseUsers(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
