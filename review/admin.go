package review

import (
	"net/http"
	"sort"

	"github.com/labrelay/labrelay"
)

type exceptionRow struct {
	Doc       labrelay.Document
	Callbacks []labrelay.Callback
}

type adminData struct {
	Users      []User
	Exceptions []exceptionRow
	Counts     []labrelay.Count
}

// exceptionLimit bounds the exceptions list.
const exceptionLimit = 200

func (s *Server) handleAdmin(w http.ResponseWriter, r *http.Request, ss session) {
	ctx := r.Context()
	var d adminData
	var err error
	if d.Users, err = s.opts.Users.Users(ctx); err != nil {
		s.log.Error("review: list users", "err", err)
	}
	sort.Slice(d.Users, func(i, j int) bool { return d.Users[i].Name < d.Users[j].Name })
	docs, err := s.store.Documents(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StateException}})
	if err != nil {
		s.log.Error("review: exceptions", "err", err)
	}
	// Newest first, bounded.
	for i := len(docs) - 1; i >= 0 && len(d.Exceptions) < exceptionLimit; i-- {
		cbs, _ := s.store.Callbacks(ctx, docs[i].ID)
		d.Exceptions = append(d.Exceptions, exceptionRow{Doc: docs[i], Callbacks: cbs})
	}
	s.render(w, http.StatusOK, "admin", s.view(r, &ss, "Administration", d))
}
