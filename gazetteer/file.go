package gazetteer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"

	"streetfix/city"
)

// The gazetteer's files in the city folder, both CSV (RFC 4180, UTF-8,
// with a header row) so they open in a spreadsheet or in QGIS:
//
//	streets.csv    name_fr,name_nl,area,geometry
//	addresses.csv  name_fr,name_nl,area,number,lon,lat   (optional)
//
// A street row is one street within one municipality: its French and
// Dutch names (one may be empty), the area code of the municipality (as in
// municipalities.geojson) and its lines as WKT, a LINESTRING or
// MULTILINESTRING in WGS84 longitude/latitude. An address row is a house
// number of the street with the same names and area, at lon/lat.
const (
	StreetsFile   = "streets.csv"
	AddressesFile = "addresses.csv"
)

var (
	streetsHeader   = []string{"name_fr", "name_nl", "area", "geometry"}
	addressesHeader = []string{"name_fr", "name_nl", "area", "number", "lon", "lat"}
)

// Load reads the city's gazetteer files; a city without streets.csv gets
// an empty gazetteer (searches find nothing, addresses are municipalities).
func Load(c *city.City) (*Gazetteer, error) {
	if c.Files == nil {
		return New(c.Areas, nil, nil), nil
	}
	f, err := c.Files.Open(StreetsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return New(c.Areas, nil, nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	streets, err := ReadStreets(f)
	if err != nil {
		return nil, err
	}
	var numbers []Number
	if af, err := c.Files.Open(AddressesFile); err == nil {
		defer af.Close()
		if numbers, err = ReadAddresses(af, streets); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	return New(c.Areas, streets, numbers), nil
}

// ReadStreets reads streets.csv.
func ReadStreets(r io.Reader) ([]Street, error) {
	cr, err := newReader(r, StreetsFile, streetsHeader)
	if err != nil {
		return nil, err
	}
	var out []Street
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %s: %w", StreetsFile, err)
		}
		s := Street{FR: rec[0], NL: rec[1], Area: rec[2]}
		if s.FR == "" && s.NL == "" || s.Area == "" {
			return nil, fmt.Errorf("gazetteer: %s line %d: a street needs a name and an area", StreetsFile, line)
		}
		g, err := wkt.Unmarshal(rec[3])
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %s line %d: geometry: %w", StreetsFile, line, err)
		}
		switch g := g.(type) {
		case orb.LineString:
			s.Lines = orb.MultiLineString{g}
		case orb.MultiLineString:
			s.Lines = g
		default:
			return nil, fmt.Errorf("gazetteer: %s line %d: geometry is a %s, not a LINESTRING or MULTILINESTRING", StreetsFile, line, g.GeoJSONType())
		}
		out = append(out, s)
	}
}

// ReadAddresses reads addresses.csv; each row must name a street of streets.
func ReadAddresses(r io.Reader, streets []Street) ([]Number, error) {
	cr, err := newReader(r, AddressesFile, addressesHeader)
	if err != nil {
		return nil, err
	}
	index := map[[3]string]int{}
	for i, s := range streets {
		index[[3]string{s.FR, s.NL, s.Area}] = i
	}
	var out []Number
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("gazetteer: %s: %w", AddressesFile, err)
		}
		i, ok := index[[3]string{rec[0], rec[1], rec[2]}]
		if !ok {
			return nil, fmt.Errorf("gazetteer: %s line %d: no street %q / %q in area %q in %s", AddressesFile, line, rec[0], rec[1], rec[2], StreetsFile)
		}
		lon, err1 := strconv.ParseFloat(rec[4], 64)
		lat, err2 := strconv.ParseFloat(rec[5], 64)
		if err1 != nil || err2 != nil || rec[3] == "" {
			return nil, fmt.Errorf("gazetteer: %s line %d: number, lon and lat are required", AddressesFile, line)
		}
		out = append(out, Number{Street: i, Number: rec[3], Point: orb.Point{lon, lat}})
	}
}

func newReader(r io.Reader, name string, header []string) (*csv.Reader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = true
	got, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %s: header: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("gazetteer: %s: header is %v, want %v", name, got, header)
	}
	return cr, nil
}

// WriteStreets writes streets.csv.
func WriteStreets(w io.Writer, streets []Street) error {
	cw := csv.NewWriter(w)
	cw.Write(streetsHeader)
	for _, s := range streets {
		cw.Write([]string{s.FR, s.NL, s.Area, string(wkt.Marshal(s.Lines))})
	}
	cw.Flush()
	return cw.Error()
}

// WriteAddresses writes addresses.csv.
func WriteAddresses(w io.Writer, streets []Street, numbers []Number) error {
	cw := csv.NewWriter(w)
	cw.Write(addressesHeader)
	for _, n := range numbers {
		s := streets[n.Street]
		cw.Write([]string{s.FR, s.NL, s.Area, n.Number,
			strconv.FormatFloat(n.Point[0], 'f', 6, 64), strconv.FormatFloat(n.Point[1], 'f', 6, 64)})
	}
	cw.Flush()
	return cw.Error()
}
