package httpserve

import (
	"log/slog"
	"net/http"
)

// HTTPServer is the http.Server Start would run.
func (s *Server) HTTPServer() *http.Server { return s.server(slog.New(slog.DiscardHandler)) }
