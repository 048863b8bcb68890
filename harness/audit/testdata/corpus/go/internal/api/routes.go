package api

import (
	"net/http"
	"os"
)

// Register mounts our own public API, which mirrors some SalesLoft names.
func Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v2/people/{id}", getPerson)
	mux.HandleFunc("GET /v2/people", listPeople)
}

func getPerson(w http.ResponseWriter, r *http.Request)  {}
func listPeople(w http.ResponseWriter, r *http.Request) {}

// warmCache calls our own service, not SalesLoft.
func warmCache() (*http.Response, error) {
	return http.Get(os.Getenv("INTERNAL_API") + "/api/v2/people?page=1")
}
