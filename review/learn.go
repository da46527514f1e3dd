package review

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labrelay/labrelay"
)

// Learner writes a rule pack for the layout of approved documents (cmd
// wires the learner of learn/ and extract.packs). Preview runs it without
// saving; Save writes the pack (recording admin, the time and the
// documents), puts it in use and re-reads the documents of that layout
// waiting in needs_review that no person corrected.
type Learner interface {
	Preview(ctx context.Context, docs []int64) (LearnPreview, error)
	Save(ctx context.Context, docs []int64, admin string) (LearnSaved, error)
}

// LearnPreview is a learned pack and what it reproduces, per field.
type LearnPreview struct {
	Name   string
	YAML   string
	Fields []LearnField
	// OK: the pack reproduces every approved record.
	OK bool
}

// LearnField is one field's outcome.
type LearnField struct {
	Field   string
	Learned bool
	Why     string
}

// LearnSaved says where the pack went.
type LearnSaved struct {
	Name, File string
	// Rereading: the documents waiting in review are being re-read with
	// the pack in the background; those it reads go back through the
	// pipeline, unless a person corrected them (the log names both).
	Rereading bool
}

type learnData struct {
	Docs    []int64
	Others  []labrelay.Document
	Preview LearnPreview
	Saved   *LearnSaved
}

// learnable reports whether an admin may learn the layout of doc: a
// person approved it, so the packs that read it were not sure of it
// (whether a built-in pack or generic read it, and whether or not the
// reviewer had to correct a value). Native documents have no layout.
func (s *Server) learnable(_ context.Context, doc labrelay.Document, _ []labrelay.AuditEntry) bool {
	return s.opts.Learner != nil && doc.ReviewedBy != "" && doc.Extraction != nil && !native(doc.Path)
}

// learnDocs is the document of the URL and the others ticked (?also=).
func learnDocs(r *http.Request) ([]int64, bool) {
	id, ok := docID(r)
	if !ok {
		return nil, false
	}
	docs := []int64{id}
	if err := r.ParseForm(); err != nil {
		return nil, false
	}
	for _, a := range r.Form["also"] {
		if n, err := strconv.ParseInt(a, 10, 64); err == nil && n > 0 && n != id {
			docs = append(docs, n)
		}
	}
	return docs, true
}

// handleLearn previews (GET) or saves (POST) the pack learned from the
// document and the approved ones ticked.
func (s *Server) handleLearn(w http.ResponseWriter, r *http.Request, ss session) {
	ctx := r.Context()
	docs, ok := learnDocs(r)
	if !ok || s.opts.Learner == nil {
		s.fail(w, r, &ss, http.StatusNotFound, "There is no such document. Go back to the review queue.")
		return
	}
	for _, id := range docs {
		doc, err := s.store.Document(ctx, id)
		if err != nil {
			s.storeFail(w, r, ss, id, err)
			return
		}
		if doc.ReviewedBy == "" || native(doc.Path) {
			s.fail(w, r, &ss, http.StatusConflict, fmt.Sprintf("Document %d has not been approved by a person (or is a native report): approve it first, then learn its layout.", id))
			return
		}
	}
	d := learnData{Docs: docs}
	v := s.view(r, &ss, fmt.Sprintf("Learn the layout of document %d", docs[0]), nil)
	if r.Method == http.MethodPost {
		saved, err := s.opts.Learner.Save(ctx, docs, ss.user)
		if err != nil {
			s.log.Error("review: learn", "docs", docs, "user", ss.user, "err", err)
			s.fail(w, r, &ss, http.StatusUnprocessableEntity, "The layout could not be learned: "+err.Error())
			return
		}
		s.log.Info("review: layout learned", "pack", saved.Name, "file", saved.File, "docs", docs, "user", ss.user)
		d.Saved = &saved
		v.Notice = fmt.Sprintf("Pack %s saved and in use.", saved.Name)
		v.Data = d
		s.render(w, http.StatusOK, "learn", v)
		return
	}
	p, err := s.opts.Learner.Preview(ctx, docs)
	if err != nil {
		status := http.StatusUnprocessableEntity
		if errors.Is(err, context.Canceled) {
			status = http.StatusServiceUnavailable
		}
		s.fail(w, r, &ss, status, "The layout could not be learned: "+err.Error())
		return
	}
	d.Preview = p
	d.Others = s.otherApproved(ctx, docs)
	v.Data = d
	s.render(w, http.StatusOK, "learn", v)
}

// otherApproved lists recent documents a person approved that no specific
// pack read: candidates to tick as more reports of the layout.
func (s *Server) otherApproved(ctx context.Context, docs []int64) []labrelay.Document {
	all, err := s.store.Documents(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StateAccepted, labrelay.StateSigned, labrelay.StatePublished}})
	if err != nil {
		s.log.Error("review: approved documents", "err", err)
		return nil
	}
	skip := map[int64]bool{}
	for _, id := range docs {
		skip[id] = true
	}
	var out []labrelay.Document
	for i := len(all) - 1; i >= 0 && len(out) < 20; i-- {
		d := all[i]
		if !skip[d.ID] && d.ReviewedBy != "" && d.Extraction != nil && d.Extraction.RulePack == "generic" {
			out = append(out, d)
		}
	}
	return out
}

func native(path string) bool {
	return path == labrelay.PathNativeXML || path == labrelay.PathNativeJSON
}
