package http

import (
	"net/http"

	"github.com/sitrep-dev/sitrep"
)

// handleIncidents lists the incidents with an event the filter matches, the
// one with the newest such event first.
func (s *Server) handleIncidents(w http.ResponseWriter, r *http.Request) {
	if s.Incidents == nil {
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "this server keeps no incidents"))
		return
	}
	f, err := parseFilter(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	ctx, cancel := queryContext(r)
	defer cancel()
	incs, next, err := s.Incidents.FindIncidents(ctx, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]*incidentJSON, len(incs))
	for i, inc := range incs {
		out[i] = encodeIncident(inc)
	}
	writeJSON(w, http.StatusOK, map[string]any{"incidents": out, "next_cursor": next})
}

// handleIncident returns one incident with every event that reports it.
func (s *Server) handleIncident(w http.ResponseWriter, r *http.Request) {
	if s.Incidents == nil {
		s.error(w, r, sitrep.Errorf(sitrep.ENOTFOUND, "this server keeps no incidents"))
		return
	}
	if len(r.URL.Query()) > 0 {
		s.error(w, r, sitrep.Errorf(sitrep.EINVALID, "/api/incidents/{id} takes no parameters"))
		return
	}
	ctx, cancel := queryContext(r)
	defer cancel()
	inc, reports, err := s.Incidents.Incident(ctx, r.PathValue("id"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]*eventJSON, len(reports))
	for i, e := range reports {
		out[i] = encodeEvent(e, "")
	}
	writeJSON(w, http.StatusOK, map[string]any{"incident": encodeIncident(inc), "reports": out})
}
