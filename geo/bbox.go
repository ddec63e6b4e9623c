package geo

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// ParseBBox parses "minLon,minLat,maxLon,maxLat" as used by the API and
// Open311 clients, and checks that it is a real box on the globe.
func ParseBBox(s string) (orb.Bound, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return orb.Bound{}, ErrBadBBox
	}
	var v [4]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, ErrBadBBox
		}
		v[i] = f
	}
	if err := CheckPoint(v[0], v[1]); err != nil {
		return orb.Bound{}, err
	}
	if err := CheckPoint(v[2], v[3]); err != nil {
		return orb.Bound{}, err
	}
	if v[0] >= v[2] || v[1] >= v[3] {
		return orb.Bound{}, ErrEmptyBBox
	}
	return orb.Bound{Min: orb.Point{v[0], v[1]}, Max: orb.Point{v[2], v[3]}}, nil
}

// ZoomFor returns the web-map zoom at which b fills about px pixels across.
func ZoomFor(b orb.Bound, px float64) int {
	w := MercatorX(b.Max[0]) - MercatorX(b.Min[0])
	if w <= 0 {
		return MaxZoom
	}
	z := int(math.Floor(math.Log2(px / (256 * w))))
	return max(0, min(MaxZoom, z))
}

// MaxZoom is the deepest web-map zoom level the service accepts.
const MaxZoom = 22

// MercatorX maps a longitude to the web-mercator x in [0, 1].
func MercatorX(lon float64) float64 { return (lon + 180) / 360 }

// MercatorY maps a latitude to the web-mercator y in [0, 1], 0 at the top.
func MercatorY(lat float64) float64 {
	lat = max(-85.05112878, min(85.05112878, lat))
	s := math.Sin(lat * math.Pi / 180)
	return 0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)
}

// InverseMercator maps web-mercator x, y back to longitude and latitude.
func InverseMercator(x, y float64) orb.Point {
	lon := x*360 - 180
	n := math.Pi - 2*math.Pi*y
	lat := 180 / math.Pi * math.Atan(math.Sinh(n))
	return orb.Point{lon, lat}
}
