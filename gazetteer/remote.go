package gazetteer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Remote is a self-hosted geocoder that answers like Photon (GET /api,
// GeoJSON features) or Nominatim (GET /search, a JSON list), asked for
// what the city's gazetteer does not know (house numbers, places). It is
// never set by default: a deployment points it at its own server.
type Remote struct {
	base      *url.URL
	nominatim bool
	client    *http.Client
}

// NewRemote checks a geocoder's URL: http or https with a host. A path
// ending in /search (or /search.php) is Nominatim; any other is Photon.
func NewRemote(raw string) (*Remote, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("geocoder URL %q must be http(s)://host/path, for example http://127.0.0.1:2322/api", raw)
	}
	p := strings.TrimSuffix(u.Path, "/")
	return &Remote{base: u, nominatim: strings.HasSuffix(p, "/search") || strings.HasSuffix(p, "/search.php"),
		client: &http.Client{Timeout: 2 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// maxRemoteBody bounds what is read of the geocoder's answer.
const maxRemoteBody = 1 << 20

// Search asks the geocoder for q within bound; matches carry a name (the
// same in each language) and a point, not an area: the caller finds it.
func (r *Remote) Search(ctx context.Context, q, lang string, limit int, bound orb.Bound) ([]Match, error) {
	u := *r.base
	v := u.Query()
	v.Set("q", q)
	v.Set("limit", strconv.Itoa(limit))
	box := fmt.Sprintf("%f,%f,%f,%f", bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1])
	if r.nominatim {
		v.Set("format", "jsonv2")
		v.Set("addressdetails", "1")
		v.Set("accept-language", lang)
		v.Set("viewbox", box)
		v.Set("bounded", "1")
	} else {
		v.Set("lang", lang)
		v.Set("bbox", box)
	}
	u.RawQuery = v.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: geocoder: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("gazetteer: geocoder answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRemoteBody+1))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: geocoder: %w", err)
	}
	if len(body) > maxRemoteBody {
		return nil, errors.New("gazetteer: geocoder's answer is over 1 MiB")
	}
	if r.nominatim {
		return parseNominatim(body, limit)
	}
	return parsePhoton(body, limit)
}

func parsePhoton(body []byte, limit int) ([]Match, error) {
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Name        string `json:"name"`
				Street      string `json:"street"`
				HouseNumber string `json:"housenumber"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		return nil, fmt.Errorf("gazetteer: geocoder: %w", err)
	}
	var out []Match
	for _, f := range fc.Features {
		p := f.Properties
		name, number := p.Name, ""
		if p.Street != "" && p.HouseNumber != "" {
			name, number = p.Street, p.HouseNumber
		}
		if name == "" || len(f.Geometry.Coordinates) != 2 || len(out) == limit {
			continue
		}
		out = append(out, Match{FR: name, NL: name, Number: number, Point: orb.Point{f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]}})
	}
	return out, nil
}

func parseNominatim(body []byte, limit int) ([]Match, error) {
	var list []struct {
		Lat, Lon string
		Name     string `json:"name"`
		Address  struct {
			Road        string `json:"road"`
			Pedestrian  string `json:"pedestrian"`
			HouseNumber string `json:"house_number"`
		} `json:"address"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("gazetteer: geocoder: %w", err)
	}
	var out []Match
	for _, x := range list {
		lat, err1 := strconv.ParseFloat(x.Lat, 64)
		lon, err2 := strconv.ParseFloat(x.Lon, 64)
		name, number := x.Name, ""
		if road := x.Address.Road + x.Address.Pedestrian; road != "" {
			name, number = road, x.Address.HouseNumber
		}
		if err1 != nil || err2 != nil || name == "" || len(out) == limit {
			continue
		}
		out = append(out, Match{FR: name, NL: name, Number: number, Point: orb.Point{lon, lat}})
	}
	return out, nil
}
