package review

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// fieldView is one editable field of the document page.
type fieldView struct {
	Name    string
	Label   string
	Value   string
	Kind    string // text, date, select, number, list
	Options []string
	Conf    float64
	HasConf bool
	// ConfClass colours the confidence against the review threshold.
	ConfClass string
	// Box is the provenance box in pixels of the page image at its natural
	// size; Page 0 means no box.
	Page       int
	X, Y, W, H float64
	Corrected  string // who corrected it last
	Error      string
}

type docData struct {
	Doc       labrelay.Document
	File      string
	Reasons   []string
	Fields    []fieldView
	Results   fieldView
	Rows      []labrelay.ResultRow
	Verdicts  []string
	Pages     []int
	Editable  bool
	ClaimedBy string
	Mine      bool
	ClaimEnds time.Time
	Audit     []labrelay.AuditEntry
	Callbacks []labrelay.Callback
	Outbox    *labrelay.OutboxItem
	Comment   string
	// Changes lists, after a refused stale form, the fields where the
	// saved record and the submitted form differ.
	Changes []labrelay.FieldChange
	// Source is a native XML/JSON document's file, pretty-printed, shown
	// instead of page images.
	Source string
	// SignedRevision: the PDF was changed after its lab signed it; each
	// page is shown as signed and as it is now.
	SignedRevision bool
	// Learnable offers an admin "Learn this layout".
	Learnable bool
}

func docID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request, ss session) {
	id, ok := docID(r)
	if !ok {
		s.fail(w, r, &ss, http.StatusNotFound, "There is no such document. Go back to the review queue.")
		return
	}
	doc, err := s.store.Document(r.Context(), id)
	if err != nil {
		s.storeFail(w, r, ss, id, err)
		return
	}
	v := s.view(r, &ss, fmt.Sprintf("Document %d", id), nil)
	switch r.URL.Query().Get("done") {
	case "saved":
		v.Notice = "Corrections saved."
	case "claimed":
		v.Notice = "You hold this document; others see it as taken until you release, approve or reject it."
	}
	s.showDocument(w, r, ss, doc, form{}, http.StatusOK, v)
}

// form is what a refused submission shows again: edited and errs, a
// record that failed validation with the messages; changes, what differs
// from the saved version after a stale form.
type form struct {
	edited  *labrelay.Record
	errs    map[string]string
	comment string
	changes []labrelay.FieldChange
}

// showDocument renders the document page, with f when a submission was
// refused.
func (s *Server) showDocument(w http.ResponseWriter, r *http.Request, ss session, doc labrelay.Document,
	f form, status int, v view) {
	ctx := r.Context()
	edited, errs := f.edited, f.errs
	d := &docData{Doc: doc, File: doc.Source.Key, Verdicts: verdictOptions, Comment: f.comment, Changes: f.changes}
	if c, ok := s.claims(ctx)[doc.ID]; ok {
		d.ClaimedBy, d.Mine, d.ClaimEnds = c.Reviewer, c.Reviewer == ss.user, c.ExpiresAt
	}
	d.Editable = d.Mine && doc.State == labrelay.StateNeedsReview
	var err error
	if d.Audit, err = s.store.Audit(ctx, doc.ID); err != nil {
		s.log.Error("review: audit", "doc", doc.ID, "err", err)
	}
	d.Learnable = ss.role == RoleAdmin && s.learnable(ctx, doc, d.Audit)
	if d.Callbacks, err = s.store.Callbacks(ctx, doc.ID); err != nil {
		s.log.Error("review: callbacks", "doc", doc.ID, "err", err)
	}
	if it, err := s.store.Outbox(ctx, doc.ID); err == nil {
		d.Outbox = &it
	}
	corrected := map[string]string{}
	for _, a := range d.Audit {
		if a.Action == labrelay.AuditCorrect && a.Field != "" {
			corrected[a.Field] = a.Actor
		}
	}
	ext := doc.Extraction
	if ext == nil {
		ext = &labrelay.Extraction{}
	}
	d.Reasons = ext.Review.Reasons
	thr := s.threshold(ext)
	rec := ext.Fields
	if edited != nil {
		rec = *edited
	}
	if isNative(doc) {
		d.Source = s.nativeSource(ctx, doc)
	} else {
		d.Pages = pageList(doc)
		d.SignedRevision = isPDF(doc) && ext.LabSignature != nil && ext.LabSignature.Status == labrelay.SignatureModified
	}
	for _, name := range labrelay.FieldNames {
		fv := fieldView{Name: name, Label: fieldLabel(name), Kind: "text", Corrected: corrected[name], Error: errs[name]}
		fv.Conf, fv.HasConf = ext.Confidence[name]
		fv.ConfClass = confClass(fv.Conf, fv.HasConf, thr)
		if p, ok := ext.Provenance[name]; ok && p.Box != nil && p.Page > 0 {
			k := s.boxScale(doc, p.Unit)
			fv.Page, fv.X, fv.Y, fv.W, fv.H = p.Page, p.Box.X*k, p.Box.Y*k, p.Box.W*k, p.Box.H*k
		}
		switch name {
		case labrelay.FieldResults:
			d.Results = fv
			d.Rows = rec.Results
			continue
		case labrelay.FieldTestStandards:
			fv.Kind, fv.Value = "list", strings.Join(rec.TestStandards, "\n")
		case labrelay.FieldPageCount:
			fv.Kind = "number"
			if rec.PageCount > 0 {
				fv.Value = strconv.Itoa(rec.PageCount)
			}
		default:
			fv.Value, _ = rec.String(name)
			if opts, ok := enumOptions[name]; ok {
				fv.Kind, fv.Options = "select", opts
			} else if dateFields[name] {
				fv.Kind = "date"
			}
		}
		d.Fields = append(d.Fields, fv)
	}
	v.Data = d
	s.render(w, status, "document", v)
}

// pageList numbers the pages that can be shown.
func pageList(doc labrelay.Document) []int {
	n := 1
	if e := doc.Extraction; e != nil {
		n = max(n, e.Source.Pages)
		for _, p := range e.Pages {
			n = max(n, p.Page)
		}
		for _, p := range e.Provenance {
			n = max(n, p.Page)
		}
	}
	if !isPDF(doc) {
		n = 1 // an image is one page (a TIFF shows its first)
	}
	n = min(n, 200)
	pages := make([]int, n)
	for i := range pages {
		pages[i] = i + 1
	}
	return pages
}

// boxScale converts a provenance box to pixels of the page image: points
// of a PDF page at RenderDPI, pixels of the OCR's page image at OCRDPI, or
// pixels of an original image as is.
func (s *Server) boxScale(doc labrelay.Document, unit string) float64 {
	switch {
	case isPDF(doc) && unit == "px":
		return s.opts.RenderDPI / s.opts.OCRDPI
	case isPDF(doc):
		return s.opts.RenderDPI / 72
	}
	return 1
}

func isPDF(doc labrelay.Document) bool {
	if doc.Extraction != nil && doc.Extraction.Source.MediaType != "" {
		return doc.Extraction.Source.MediaType == "application/pdf"
	}
	return strings.EqualFold(path.Ext(doc.Source.Key), ".pdf")
}

// storeFail turns a store error into a page that says what to do.
func (s *Server) storeFail(w http.ResponseWriter, r *http.Request, ss session, id int64, err error) {
	switch {
	case errors.Is(err, labrelay.ErrNotFound):
		s.fail(w, r, &ss, http.StatusNotFound, fmt.Sprintf("Document %d does not exist. Go back to the review queue.", id))
	case errors.Is(err, labrelay.ErrConflict):
		s.fail(w, r, &ss, http.StatusConflict, fmt.Sprintf("Document %d is not yours to change: another reviewer holds it, your claim expired, or it has left review. Open it again from the queue.", id))
	default:
		s.log.Error("review: store", "doc", id, "user", ss.user, "err", err)
		s.fail(w, r, &ss, http.StatusInternalServerError, "That did not work because of a problem on the server; it was logged. Try again, and tell an administrator if it keeps happening.")
	}
}

func (s *Server) handleAction(w http.ResponseWriter, r *http.Request, ss session) {
	id, ok := docID(r)
	if !ok {
		s.fail(w, r, &ss, http.StatusNotFound, "There is no such document. Go back to the review queue.")
		return
	}
	ctx := r.Context()
	docURL := fmt.Sprintf("%sdoc/%d", s.base(r), id)
	switch r.PathValue("action") {
	case "claim":
		c, err := s.store.Claim(ctx, id, ss.user, s.opts.ClaimTTL)
		if err != nil {
			if errors.Is(err, labrelay.ErrConflict) {
				who := "another reviewer"
				if c, ok := s.claims(ctx)[id]; ok && c.Reviewer != ss.user {
					who = c.Reviewer
				}
				s.conflict(w, r, ss, id, fmt.Sprintf("Document %d is being reviewed by %s, or it has left review. Pick another document.", id, who))
				return
			}
			s.storeFail(w, r, ss, id, err)
			return
		}
		s.log.Info("review: claimed", "doc", id, "user", ss.user, "until", c.ExpiresAt)
		http.Redirect(w, r, docURL+"?done=claimed", http.StatusSeeOther)
	case "release":
		if err := s.store.ReleaseClaim(ctx, id, ss.user); err != nil && !errors.Is(err, labrelay.ErrConflict) {
			s.storeFail(w, r, ss, id, err)
			return
		}
		http.Redirect(w, r, s.base(r)+"?done=released", http.StatusSeeOther)
	case "save", "approve":
		s.saveOrApprove(w, r, ss, id)
	case "reject":
		reason := text.OneLine(r.PostFormValue("reason"))
		if reason == "" {
			s.conflictWith(w, r, ss, id, http.StatusUnprocessableEntity, "Say why you reject the document: the reason goes to the exceptions list.")
			return
		}
		if _, err := s.store.Reject(ctx, id, ss.user, reason); err != nil {
			s.storeFail(w, r, ss, id, err)
			return
		}
		s.log.Info("review: rejected", "doc", id, "user", ss.user)
		http.Redirect(w, r, s.base(r)+"?done=rejected", http.StatusSeeOther)
	default:
		s.fail(w, r, &ss, http.StatusNotFound, "There is no such action. Go back to the document.")
	}
}

func (s *Server) saveOrApprove(w http.ResponseWriter, r *http.Request, ss session, id int64) {
	ctx := r.Context()
	doc, err := s.store.Document(ctx, id)
	if err != nil {
		s.storeFail(w, r, ss, id, err)
		return
	}
	if c, ok := s.claims(ctx)[id]; !ok || c.Reviewer != ss.user {
		s.conflict(w, r, ss, id, fmt.Sprintf("Claim document %d before you change it; someone else may be working on it.", id))
		return
	}
	approve := r.PathValue("action") == "approve"
	comment := text.OneLine(r.PostFormValue("comment"))
	rec, errs := recordFromForm(r.PostForm)
	if r.PostFormValue("version") != strconv.FormatInt(doc.Version, 10) {
		s.stale(w, r, ss, doc, rec)
		return
	}
	msg := "Some fields are not in the required form; nothing was saved. Fix the fields marked below."
	if approve && len(errs) == 0 {
		approvalErrors(rec, errs)
		msg = "The record cannot be approved yet; nothing was saved, signed or published. Fix the fields marked below."
	}
	if len(errs) > 0 {
		v := s.view(r, &ss, fmt.Sprintf("Document %d", id), nil)
		v.Error = msg
		s.showDocument(w, r, ss, doc, form{edited: &rec, errs: errs, comment: comment}, http.StatusUnprocessableEntity, v)
		return
	}
	var ext labrelay.Extraction
	if doc.Extraction != nil {
		ext = *doc.Extraction
	}
	changed := len(labrelay.DiffRecords(ext.Fields, rec)) > 0
	ext.Fields = rec
	if changed || comment != "" {
		if _, err := s.store.Correct(ctx, id, ss.user, ext, comment); err != nil {
			s.storeFail(w, r, ss, id, err)
			return
		}
	}
	if !approve {
		// Saving is activity: extend the claim.
		if _, err := s.store.Claim(ctx, id, ss.user, s.opts.ClaimTTL); err != nil {
			s.log.Warn("review: could not extend the claim", "doc", id, "user", ss.user, "err", err)
		}
		http.Redirect(w, r, fmt.Sprintf("%sdoc/%d?done=saved", s.base(r), id), http.StatusSeeOther)
		return
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if err := s.approver.Approve(actx, id, ss.user); err != nil {
		s.storeFail(w, r, ss, id, err)
		return
	}
	s.log.Info("review: approved", "doc", id, "user", ss.user, "corrected", changed)
	http.Redirect(w, r, s.base(r)+"?done=approved", http.StatusSeeOther)
}

// stale refuses a form made from an older version of doc (someone saved
// since it was opened) and shows the document as saved now, with the
// fields where it and the submitted form differ.
func (s *Server) stale(w http.ResponseWriter, r *http.Request, ss session, doc labrelay.Document, submitted labrelay.Record) {
	var saved labrelay.Record
	if doc.Extraction != nil {
		saved = doc.Extraction.Fields
	}
	s.log.Info("review: refused a stale form", "doc", doc.ID, "user", ss.user, "version", doc.Version)
	v := s.view(r, &ss, fmt.Sprintf("Document %d", doc.ID), nil)
	v.Error = fmt.Sprintf("Document %d was changed after you opened this form; nothing was saved or approved. The page now shows the saved version.", doc.ID)
	s.showDocument(w, r, ss, doc, form{changes: labrelay.DiffRecords(saved, submitted)}, http.StatusConflict, v)
}

func (s *Server) conflict(w http.ResponseWriter, r *http.Request, ss session, id int64, msg string) {
	s.conflictWith(w, r, ss, id, http.StatusConflict, msg)
}

// conflictWith shows the document again with msg on top.
func (s *Server) conflictWith(w http.ResponseWriter, r *http.Request, ss session, id int64, status int, msg string) {
	doc, err := s.store.Document(r.Context(), id)
	if err != nil {
		s.storeFail(w, r, ss, id, err)
		return
	}
	v := s.view(r, &ss, fmt.Sprintf("Document %d", id), nil)
	v.Error = msg
	s.showDocument(w, r, ss, doc, form{}, status, v)
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request, ss session) {
	s.servePage(w, r, s.pages)
}

// handleSignedPage serves a page of the revision the lab signed; only a
// PDF whose lab signature is "modified" has one.
func (s *Server) handleSignedPage(w http.ResponseWriter, r *http.Request, ss session) {
	s.servePage(w, r, s.signed)
}

func (s *Server) servePage(w http.ResponseWriter, r *http.Request, pages PageImageFunc) {
	id, ok := docID(r)
	n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".png"))
	if !ok || err != nil || n < 1 {
		http.NotFound(w, r)
		return
	}
	doc, err := s.store.Document(r.Context(), id)
	if err != nil {
		http.Error(w, "No such document.", http.StatusNotFound)
		return
	}
	if isNative(doc) {
		http.Error(w, "A native XML or JSON report has no page images; its source is shown on the document page.", http.StatusNotFound)
		return
	}
	if n > len(pageList(doc)) {
		http.Error(w, "No such page.", http.StatusNotFound)
		return
	}
	img, err := pages(r.Context(), doc, n)
	if err != nil {
		if errors.Is(err, labrelay.ErrNotFound) {
			http.Error(w, "The original file of this document (or the revision asked for) is not stored.", http.StatusNotFound)
			return
		}
		s.log.Error("review: page image", "doc", id, "page", n, "err", err)
		http.Error(w, "The page could not be rendered; the error was logged.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", img.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=600")
	_, _ = w.Write(img.Data)
}
