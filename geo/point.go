package geo

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// Errors about coordinates, for callers to turn into messages.
var (
	ErrNotFinite  = errors.New("coordinates must be finite numbers")
	ErrOutOfRange = errors.New("longitude must be within -180..180 and latitude within -90..90")
	ErrBadBBox    = errors.New("bbox must be four numbers: minLon,minLat,maxLon,maxLat")
	ErrEmptyBBox  = errors.New("bbox minimum must be below its maximum")
)

// CheckPoint reports whether lon/lat form a valid WGS84 point.
func CheckPoint(lon, lat float64) error {
	if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
		return ErrNotFinite
	}
	if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
		return ErrOutOfRange
	}
	return nil
}

// Distance returns the great-circle distance between two points in metres.
func Distance(a, b orb.Point) float64 {
	return orbgeo.DistanceHaversine(a, b)
}

// BoundAround returns the bounding box that holds every point within
// radius metres of p.
func BoundAround(p orb.Point, radius float64) orb.Bound {
	return orbgeo.NewBoundAroundPoint(p, radius)
}
