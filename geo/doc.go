// Package geo holds the pure geometry of Streetfix on orb types: validating
// points and bounding boxes, finding the area that contains a point,
// distances, and grid clustering of points for map views.
package geo
