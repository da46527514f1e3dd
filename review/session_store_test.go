package review_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/sqlite"
)

// TestSessionsAndClaimsInStore: sessions and claims live in the store, so
// a second process on the same database (its own connection, its own
// review.Server) and a restarted one know the reviewer and show the claim
// (issue 17 finding 5: a restart signed everyone out, and two `run`
// processes behind a load balancer could not share a review session).
func TestSessionsAndClaimsInStore(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	b := r.client(t)
	b.login("alice")
	if resp := b.post(docPath(doc.ID)+"/claim", url.Values{"csrf": {b.csrf(docPath(doc.ID))}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d %s", resp.Status, resp.Body)
	}

	// A second process: its own connection to the database file.
	other := sqlite.New(r.Store.Path)
	other.Now = r.Clock.Now
	if err := other.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	second := mountReview(t, other, r)
	b2 := *b
	b2.base = second
	if resp := b2.get(""); resp.Status != http.StatusOK || !strings.Contains(resp.Body, "<strong>you</strong>") {
		t.Fatalf("second process: queue %d, want 200 with the claim shown as alice's:\n%.600s", resp.Status, resp.Body)
	}
	page := b2.get(docPath(doc.ID))
	if page.Status != http.StatusOK || strings.Contains(page.Body, "<fieldset disabled>") {
		t.Errorf("second process: document page %d, want it editable by alice", page.Status)
	}
	form := docForm(doc, b2.csrf(docPath(doc.ID)))
	form.Set("comment", "saved through the second process")
	if resp := b2.post(docPath(doc.ID)+"/save", form); resp.Status != http.StatusSeeOther {
		t.Errorf("second process: save %d, want 303:\n%.600s", resp.Status, resp.Body)
	}

	// bob, signed in on the second process, sees alice's claim there.
	bob := r.client(t)
	bob.base = second
	bob.login("bob")
	if resp := bob.get(""); !strings.Contains(resp.Body, ">alice<") {
		t.Errorf("bob's queue on the second process does not show alice's claim:\n%.600s", resp.Body)
	}

	// A restart: a new Server on the first store keeps alice signed in.
	b3 := *b
	b3.base = mountReview(t, r.Store, r)
	if resp := b3.get(""); resp.Status != http.StatusOK {
		t.Fatalf("after a restart: queue %d, want 200 (still signed in)", resp.Status)
	}
	// Signing out anywhere ends the session everywhere.
	if resp := b2.post("logout", url.Values{"csrf": {b2.csrf("")}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.Status)
	}
	if resp := b.get(""); resp.Status != http.StatusFound {
		t.Errorf("first process after logout on the second: %d, want 302 to sign in", resp.Status)
	}
}

// mountReview serves a new review.Server on st with the rig's users, as
// another `labrelay run` would, and returns its /review/ URL.
func mountReview(t *testing.T, st review.Store, r *rig) string {
	t.Helper()
	users := review.NewUsersFile(r.UsersPath)
	if err := users.Load(); err != nil {
		t.Fatal(err)
	}
	s, err := review.New(review.Options{Store: st, Users: users, Now: r.Clock.Now, InsecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/review/", http.StripPrefix("/review", s.Handler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/review/"
}

func docPath(id int64) string { return fmt.Sprintf("doc/%d", id) }
