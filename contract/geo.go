package contract

import (
	"encoding/json"

	"github.com/sitrep-dev/sitrep"
)

// GeoDoc is the object `sitrep geoparse` writes for each document.
type GeoDoc struct {
	ID       string       `json:"id"`
	Toponyms []GeoToponym `json:"toponyms"`
}

// GeoToponym is one resolved place name; start and end are byte offsets.
type GeoToponym struct {
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Text      string  `json:"text"`
	Name      string  `json:"name"`
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	GeonameID int     `json:"geonameid"`
	Country   string  `json:"country"`
	Admin1    string  `json:"admin1"`
	Feature   string  `json:"feature"`
	Precision string  `json:"precision"`
	// Metonymy: the name stands for an actor ("Washington said").
	Metonymy bool `json:"metonymy,omitempty"`
	// Demonym: a country adjective ("Turkish").
	Demonym bool `json:"demonym,omitempty"`
}

// NewGeoDoc builds the geoparse object of doc.
func NewGeoDoc(doc *sitrep.Document) GeoDoc {
	out := GeoDoc{ID: doc.ID, Toponyms: make([]GeoToponym, len(doc.Toponyms))}
	for i, t := range doc.Toponyms {
		out.Toponyms[i] = GeoToponym{Start: t.Start, End: t.End, Text: t.Of(doc.Text), Name: t.Name, Lat: t.Lat, Lon: t.Lon,
			GeonameID: t.GeonameID, Country: t.Country, Admin1: t.Admin1, Feature: t.Feature, Precision: string(t.Precision),
			Metonymy: t.Metonymy, Demonym: t.Demonym}
	}
	return out
}

// AppendGeoDoc appends doc's geoparse object and a newline to b.
func AppendGeoDoc(b []byte, doc *sitrep.Document) ([]byte, error) {
	out, err := json.Marshal(NewGeoDoc(doc))
	if err != nil {
		return b, err
	}
	return append(append(b, out...), '\n'), nil
}
