package review

// PeakHashing is the most password checks that ran at once on s.
func (s *Server) PeakHashing() int64 { return s.hashing.peak.Load() }
