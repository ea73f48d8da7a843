package main

import (
	"encoding/json"
	"math"
)

// topology is the part of a TopoJSON file (world-atlas) read here: quantized,
// delta-encoded arcs and country geometries that index them.
type topology struct {
	Transform struct{ Scale, Translate [2]float64 }
	Arcs      [][][2]float64
	Objects   struct {
		Countries struct {
			Geometries []struct {
				Type string
				ID   string
				Arcs json.RawMessage
			}
		}
	}
}

// landmassPoints returns, by ISO 3166-1 numeric code, the centroid of each
// country's largest polygon when that polygon holds at least minShare of the
// country's area: the middle of the United States without Alaska, of
// Australia, of Turkey. Archipelagos and countries with large far-off parts
// (Indonesia, Japan) get none, and keep their reference point; so do
// countries whose centroid falls outside their landmass (Vietnam's S-shape
// puts it in Laos).
func landmassPoints(t *topology, minShare float64) map[string][2]float64 {
	arcs := make([][][2]float64, len(t.Arcs))
	for i, a := range t.Arcs {
		var x, y float64
		pts := make([][2]float64, len(a))
		for j, d := range a {
			x, y = x+d[0], y+d[1]
			pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		arcs[i] = pts
	}
	type poly struct {
		area, lat, lon float64
		ring           [][2]float64
	}
	byID := map[string][]poly{}
	for _, g := range t.Objects.Countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if json.Unmarshal(g.Arcs, &p) != nil {
				continue
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if json.Unmarshal(g.Arcs, &polys) != nil {
				continue
			}
		}
		for _, p := range polys {
			if len(p) == 0 {
				continue
			}
			r := ring(arcs, p[0])
			area, lat, lon := ringCentroid(r)
			byID[g.ID] = append(byID[g.ID], poly{area, lat, lon, r})
		}
	}
	out := map[string][2]float64{}
	for id, ps := range byID {
		var total float64
		big := ps[0]
		for _, p := range ps {
			total += p.area
			if p.area > big.area {
				big = p
			}
		}
		if total > 0 && big.area/total >= minShare && inside(big.ring, big.lat, big.lon) {
			out[id] = [2]float64{big.lat, big.lon}
		}
	}
	return out
}

// ring joins the arcs of a polygon ring; a negative index is arc ^i reversed.
func ring(arcs [][][2]float64, idx []int) [][2]float64 {
	var r [][2]float64
	for _, i := range idx {
		var a [][2]float64
		if i >= 0 {
			a = arcs[i]
		} else {
			src := arcs[^i]
			a = make([][2]float64, len(src))
			for j := range src {
				a[j] = src[len(src)-1-j]
			}
		}
		if len(r) > 0 && len(a) > 0 {
			a = a[1:] // shared with the previous arc's last point
		}
		r = append(r, a...)
	}
	return r
}

// inside reports whether a point lies in a ring (even-odd rule, in degrees;
// a ring across the antimeridian is unwrapped as in ringCentroid).
func inside(r [][2]float64, lat, lon float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range r {
		lo, hi = min(lo, p[0]), max(hi, p[0])
	}
	shift := func(x float64) float64 {
		if hi-lo > 180 && x < 0 {
			return x + 360
		}
		return x
	}
	lon = shift(lon)
	in := false
	for i := range r {
		x1, y1 := shift(r[i][0]), r[i][1]
		x2, y2 := shift(r[(i+1)%len(r)][0]), r[(i+1)%len(r)][1]
		if (y1 > lat) != (y2 > lat) && lon < x1+(lat-y1)*(x2-x1)/(y2-y1) {
			in = !in
		}
	}
	return in
}

// ringCentroid is the planar centroid of a ring in degrees, with its area
// scaled by the cosine of its latitude; a ring across the antimeridian is
// unwrapped first.
func ringCentroid(r [][2]float64) (area, lat, lon float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range r {
		lo, hi = min(lo, p[0]), max(hi, p[0])
	}
	shift := hi-lo > 180
	var a, cx, cy float64
	for i := range r {
		p, q := r[i], r[(i+1)%len(r)]
		if shift {
			if p[0] < 0 {
				p[0] += 360
			}
			if q[0] < 0 {
				q[0] += 360
			}
		}
		c := p[0]*q[1] - q[0]*p[1]
		a += c
		cx += (p[0] + q[0]) * c
		cy += (p[1] + q[1]) * c
	}
	if a == 0 {
		return 0, 0, 0
	}
	lon, lat = cx/(3*a), cy/(3*a)
	if lon > 180 {
		lon -= 360
	}
	return math.Abs(a/2) * math.Cos(lat*math.Pi/180), lat, lon
}
