package sitrep

// Actor is a participant in events: a country, an organisation, a group, a
// person in office, or a generic agent ("security forces") whose country comes
// from context.
type Actor struct {
	ID       string // key in the actor database
	Name     string
	Country  string // ISO 3166-1 alpha-3; "" for international actors
	Sector   string // PLOVER sector: GOV, MIL, REB, COP, OPP, MED, CVL, IGO, NGO, BUS, …
	Code     string // CAMEO-style code: country then sector ("PAKGOV"), or "IGOUNO"
	Wikidata string // Q-id where known
	Role     string // office or description ("Minister of State for Foreign Affairs")
}

// ActorMention is an actor as a piece of text names it.
type ActorMention struct {
	Span
	Actor
}
