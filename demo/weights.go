package demo

import "time"

// categoryWeight is how often each category is reported, per thousand
// reports, loosely following the shares seen on public fix-my-street
// services: dumping, potholes, missed collections, graffiti and lights lead;
// oil spills and playgrounds are rare. Unknown categories get defaultWeight.
var categoryWeight = map[string]float64{
	"pothole":               110,
	"road_surface":          45,
	"sidewalk":              60,
	"streetlight_out":       85,
	"lamp_post":             15,
	"traffic_light":         20,
	"traffic_sign":          30,
	"road_markings":         30,
	"bike_lane":             35,
	"transit_stop":          20,
	"bollard":               20,
	"abandoned_vehicle":     35,
	"accessibility_barrier": 15,
	"oil_spill":             4,
	"ice_snow":              15,
	"dangerous_tree":        20,
	"missing_cover":         12,
	"clogged_drain":         30,
	"missed_collection":     95,
	"illegal_dumping":       150,
	"overflowing_bin":       45,
	"graffiti":              75,
	"vegetation":            35,
	"street_furniture":      25,
	"vandalism":             20,
	"playground":            5,
	"other":                 40,
}

const defaultWeight = 20

// seasons multiplies a category's weight by month, January first: ice and
// snow only in winter, potholes after the frosts, weeds in spring, broken
// lights when evenings are long.
var seasons = map[string][12]float64{
	"ice_snow":        {3, 2.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0.4, 2},
	"pothole":         {1.6, 1.7, 1.5, 1.2, 0.9, 0.8, 0.7, 0.7, 0.8, 0.9, 1.1, 1.4},
	"vegetation":      {0.4, 0.4, 0.8, 1.4, 1.8, 1.8, 1.6, 1.4, 1.1, 0.7, 0.5, 0.4},
	"dangerous_tree":  {1.5, 1.4, 1.2, 0.8, 0.7, 0.8, 0.9, 0.9, 1, 1.3, 1.6, 1.5},
	"streetlight_out": {1.4, 1.3, 1.1, 0.8, 0.7, 0.6, 0.6, 0.7, 0.9, 1.2, 1.4, 1.5},
	"overflowing_bin": {0.8, 0.8, 0.9, 1, 1.2, 1.3, 1.4, 1.3, 1.1, 0.9, 0.8, 1},
	"playground":      {0.4, 0.5, 0.8, 1.2, 1.5, 1.5, 1.5, 1.3, 1.1, 0.8, 0.5, 0.4},
	"clogged_drain":   {1.2, 1.1, 1, 0.9, 0.8, 0.8, 0.9, 0.9, 1, 1.4, 1.5, 1.3},
}

// densityExponent makes a category more frequent in dense municipalities
// (positive) or in green, spacious ones (negative): the factor is
// (density / regional density) ^ exponent.
var densityExponent = map[string]float64{
	"illegal_dumping":   0.5,
	"missed_collection": 0.3,
	"overflowing_bin":   0.3,
	"graffiti":          0.5,
	"vandalism":         0.3,
	"abandoned_vehicle": 0.3,
	"vegetation":        -0.6,
	"dangerous_tree":    -0.6,
}

// variantQuestions names, per category, the question whose answer changes
// what a report says, with how often each answer is given.
var variantQuestions = map[string]struct {
	question string
	weights  map[string]float64
}{
	"pothole":           {"surface", map[string]float64{"roadway": 70, "sidewalk": 20, "bike_lane": 10}},
	"road_surface":      {"surface", map[string]float64{"roadway": 65, "sidewalk": 25, "bike_lane": 10}},
	"sidewalk":          {"danger", map[string]float64{"yes": 40, "no": 60}},
	"dangerous_tree":    {"danger", map[string]float64{"yes": 35, "no": 65}},
	"missing_cover":     {"danger", map[string]float64{"yes": 45, "no": 55}},
	"illegal_dumping":   {"waste_types", map[string]float64{"bags": 45, "furniture": 30, "construction": 17, "hazardous": 8}},
	"abandoned_vehicle": {"vehicle_type", map[string]float64{"car": 45, "bike": 35, "scooter": 20}},
}

// Typical delays, as medians of a log-normal spread: how long until a report
// is first handled, and how long the repair then takes. Immediate hazards
// (the Safe theme) go fastest; infrastructure slowest.
type delays struct{ ack, fix time.Duration }

const (
	hour = time.Hour
	day  = 24 * time.Hour
)

var themeDelays = map[string]delays{
	"safe":           {5 * hour, 3 * day},
	"service":        {10 * hour, 2 * day},
	"mobile":         {20 * hour, 8 * day},
	"social":         {30 * hour, 12 * day},
	"infrastructure": {36 * hour, 20 * day},
}

var defaultDelays = delays{24 * hour, 10 * day}

var categoryDelays = map[string]delays{
	"oil_spill":         {1 * hour, 8 * hour},
	"ice_snow":          {3 * hour, 1 * day},
	"traffic_light":     {4 * hour, 2 * day},
	"missed_collection": {8 * hour, 36 * hour},
	"streetlight_out":   {12 * hour, 6 * day},
	"graffiti":          {30 * hour, 14 * day},
	"playground":        {30 * hour, 25 * day},
	"road_surface":      {48 * hour, 40 * day},
	"abandoned_vehicle": {36 * hour, 30 * day},
}
