package sitrep

// Precision says how fine a resolved place is.
type Precision string

const (
	PrecisionCountry Precision = "country"
	PrecisionAdmin1  Precision = "admin1"
	PrecisionAdmin2  Precision = "admin2"
	PrecisionCity    Precision = "city"
	PrecisionSubcity Precision = "subcity"
)

// Place is a resolved point in the gazetteer.
type Place struct {
	Name      string
	Lat, Lon  float64
	GeonameID int
	Country   string // ISO 3166-1 alpha-3
	Admin1    string // admin-1 name
	Feature   string // GeoNames feature code (PPLC, ADM1, PCLI, …)
	Precision Precision
}

// Resolved reports whether p is a gazetteer place with a point, not a bare
// name the gazetteer lacks.
func (p Place) Resolved() bool { return p.Precision != "" }

// Toponym is a place name in the text and the place it resolves to.
type Toponym struct {
	Span
	Place
	// Metonymy is set when the name stands for an actor, not a location
	// ("Washington said"): the toponym is kept but is no event location.
	Metonymy bool
	// Demonym is set when the name is an adjective of a country ("Turkish
	// police"): it ties the text to the place but is no event location.
	Demonym bool
}
