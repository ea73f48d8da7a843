package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestBoxMid(t *testing.T) {
	b := &box{}
	for _, p := range [][2]float64{{10, 20}, {12, 24}, {11, 21}} {
		b.add(p[0], p[1])
	}
	if lat, lon := b.mid(); lat != 11 || lon != 22 {
		t.Errorf("mid = %v, %v; want 11, 22", lat, lon)
	}
	// Fiji's places straddle the antimeridian: the middle is near 180°, not 0°.
	b = &box{}
	for _, p := range [][2]float64{{-17, 178}, {-18, -179}, {-16, 179}} {
		b.add(p[0], p[1])
	}
	if _, lon := b.mid(); math.Abs(math.Abs(lon)-179.5) > 1e-9 {
		t.Errorf("antimeridian mid lon = %v, want ±179.5", lon)
	}
}

func TestCleanAlts(t *testing.T) {
	english := map[string]bool{"white": true, "house": true}
	got := cleanAlts("London", []string{"London", "LON", "Londres", "lndn", "Лондон", "Londres", "Lon|don", "L"}, true)
	if want := []string{"Londres"}; !slices.Equal(got, want) {
		t.Errorf("cleanAlts = %q, want %q", got, want)
	}
	// Country codes stay for countries.
	if got := cleanAlts("United Kingdom", []string{"UK", "U.K."}, false); len(got) != 2 {
		t.Errorf("country alts = %q", got)
	}
	if !englishPhrase("White House", english) || englishPhrase("White Plains", english) {
		t.Error("englishPhrase")
	}
	if got := dotted("UK"); got != "U.K." {
		t.Errorf("dotted(UK) = %q", got)
	}
}

func TestRingCentroid(t *testing.T) {
	// A 2°×2° square on the equator: centroid at its middle, area ≈ 4.
	sq := [][2]float64{{10, -1}, {12, -1}, {12, 1}, {10, 1}}
	area, lat, lon := ringCentroid(sq)
	if math.Abs(lat) > 1e-9 || math.Abs(lon-11) > 1e-9 || math.Abs(area-4) > 1e-3 {
		t.Errorf("centroid = %v (%v, %v)", area, lat, lon)
	}
	// The same square across the antimeridian.
	sq = [][2]float64{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}}
	if _, _, lon := ringCentroid(sq); math.Abs(math.Abs(lon)-180) > 1e-9 {
		t.Errorf("antimeridian centroid lon = %v, want ±180", lon)
	}
}

func TestLandmass(t *testing.T) {
	// Country 840: a 3×3 square and a 1×1 island (90% / 10%); country 360:
	// two equal islands, so no landmass holds 75% and it gets no point.
	const topo = `{"transform": {"scale": [1, 1], "translate": [0, 0]},
	 "arcs": [[[0, 0], [3, 0], [0, 3], [-3, 0], [0, -3]], [[10, 10], [1, 0], [0, 1], [-1, 0], [0, -1]],
	          [[20, 0], [1, 0], [0, 1], [-1, 0], [0, -1]], [[30, 0], [1, 0], [0, 1], [-1, 0], [0, -1]]],
	 "objects": {"countries": {"geometries": [
	   {"type": "MultiPolygon", "id": "840", "arcs": [[[0]], [[1]]]},
	   {"type": "MultiPolygon", "id": "360", "arcs": [[[2]], [[-4]]]}]}}}`
	var tp topology
	if err := json.Unmarshal([]byte(topo), &tp); err != nil {
		t.Fatal(err)
	}
	pts := landmassPoints(&tp, 0.75)
	if p, ok := pts["840"]; !ok || math.Abs(p[0]-1.5) > 1e-9 || math.Abs(p[1]-1.5) > 1e-9 {
		t.Errorf("840 = %v, %v; want (1.5, 1.5)", p, ok)
	}
	if p, ok := pts["360"]; ok {
		t.Errorf("360 got a landmass point %v", p)
	}
	// A C-shaped country whose centroid falls in the gap gets none either.
	tp.Arcs = [][][2]float64{{{0, 0}, {3, 0}, {0, 1}, {-2, 0}, {0, 1}, {2, 0}, {0, 1}, {-3, 0}, {0, -3}}}
	tp.Objects.Countries.Geometries = tp.Objects.Countries.Geometries[:1]
	tp.Objects.Countries.Geometries[0].Arcs = json.RawMessage(`[[[0]]]`)
	if p, ok := landmassPoints(&tp, 0.75)["840"]; ok {
		t.Errorf("C shape got a landmass point %v outside it", p)
	}
	if !inside([][2]float64{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}}, 0, 180) {
		t.Error("a point in a ring across the antimeridian is outside it")
	}
}

func TestAdmin1Centroids(t *testing.T) {
	// XX.01: a 2°×2° square around its places; XX.02: a stale code whose
	// polygon lies far from the unit's places, so it keeps its box.
	const fc = `{"type": "FeatureCollection", "features": [
	 {"properties": {"gn_a1_code": "XX.01", "gn_id": 101, "gn_level": 1}, "geometry": {"type": "Polygon", "coordinates": [[[10, 40], [12, 40], [12, 42], [10, 42], [10, 40]]]}},
	 {"properties": {"gn_a1_code": "XX.02"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[50, 0], [51, 0], [51, 1], [50, 1], [50, 0]]]]}},
	 {"properties": {"gn_a1_code": "XX.Z9", "gn_id": 999, "gn_level": 2, "iso_a2": "XX", "geonunit": "Upland"}, "geometry": {"type": "Polygon", "coordinates": [[[-1, 10], [1, 10], [1, 12], [-1, 12], [-1, 10]]]}},
	 {"properties": {"gn_a1_code": ""}, "geometry": null}]}`
	path := filepath.Join(t.TempDir(), "states.json")
	if err := os.WriteFile(path, []byte(fc), 0o644); err != nil {
		t.Fatal(err)
	}
	boxes := map[string]*box{"XX.01": {}, "XX.02": {}, "XX.UP": {}}
	boxes["XX.UP"].add(11, 0)
	boxes["XX.01"].add(40.5, 10.2)
	boxes["XX.01"].add(40.9, 10.4)
	boxes["XX.02"].add(-20, -60)
	got, err := admin1Centroids(path, boxes, []adminName{{"XX.UP", "Upland"}})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := got["XX.01"]; !ok || math.Abs(p.lat-41) > 0.01 || math.Abs(p.lon-11) > 1e-9 || p.id != 101 {
		t.Errorf("XX.01 = %+v, %v; want about (41, 11), id 101", p, ok)
	}
	if p, ok := got["XX.02"]; ok {
		t.Errorf("XX.02 got %v, outside its places", p)
	}
	// An unknown code: the geo unit names the admin-1 unit, and lends no id.
	if p, ok := got["XX.UP"]; !ok || math.Abs(p.lat-11) > 0.01 || math.Abs(p.lon) > 1e-9 || p.id != 0 {
		t.Errorf("XX.UP = %+v, %v; want about (11, 0), id 0", p, ok)
	}
}
