package dspsim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/go-jose/go-jose/v4"
)

func (s *Server) handleGetFaults(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Faults())
}

func (s *Server) handleSetFaults(w http.ResponseWriter, r *http.Request) {
	var f Faults
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<16))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		writeProblem(w, http.StatusBadRequest, "malformed_faults", "faults must be a JSON object of known keys: "+err.Error())
		return
	}
	if err := s.SetFaults(f); err != nil {
		writeProblem(w, http.StatusUnprocessableEntity, "invalid_faults", err.Error())
		return
	}
	set, _ := json.Marshal(s.Faults())
	s.logger().Info("faults set", "faults", string(set))
	writeJSON(w, http.StatusOK, s.Faults())
}

func (s *Server) handleAddKeys(w http.ResponseWriter, r *http.Request) {
	var ks jose.JSONWebKeySet
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&ks); err != nil || len(ks.Keys) == 0 {
		writeProblem(w, http.StatusBadRequest, "malformed_jwks", "send a JWKS: {\"keys\": [...]} with at least one key")
		return
	}
	s.AddKeys(ks)
	writeJSON(w, http.StatusOK, map[string]int{"added": len(ks.Keys)})
}

func (s *Server) handleSendException(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Reason string `json:"reason"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil || req.ID == "" || req.Status == "" {
		writeProblem(w, http.StatusBadRequest, "malformed_exception", "send {\"id\": …, \"status\": …, \"reason\": …}")
		return
	}
	if err := s.SendException(r.Context(), req.ID, req.Status, req.Reason); err != nil {
		code := http.StatusBadGateway
		if errors.Is(err, ErrUnknownReport) {
			code = http.StatusNotFound
		}
		writeProblem(w, code, "exception_not_sent", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"id": req.ID, "status": req.Status})
}
