package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"streetfix/city"
	"streetfix/gazetteer"
)

// streets builds and checks the city's street gazetteer: "import" turns a
// GeoJSON extract of named street lines into streets.csv (and
// addresses.csv when it has house numbers); "check" loads a city folder's
// gazetteer and says what it holds.
func streets(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("streets: say import or check")
	}
	action, args := args[0], args[1:]
	fs := flag.NewFlagSet("streetfix streets "+action, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cityDir, from, out string
	fs.StringVar(&cityDir, "city", "", "folder with the city's data files (default: embedded Brussels-Capital Region)")
	switch action {
	case "import":
		fs.StringVar(&from, "from", "", "GeoJSON FeatureCollection of named street lines (and optional address points)")
		fs.StringVar(&out, "out", ".", "folder to write streets.csv (and addresses.csv) into")
	case "check":
	default:
		return fmt.Errorf("streets: unknown action %q: say import or check", action)
	}
	if err := parseFlags(fs, args, getenv); err != nil {
		return err
	}
	c, err := city.FromDir(cityDir)
	if err != nil {
		return err
	}
	if action == "check" {
		g, err := gazetteer.Load(c)
		if err != nil {
			return err
		}
		s, n := g.Len()
		fmt.Fprintf(stdout, "gazetteer: %d streets, %d house numbers\n", s, n)
		return nil
	}
	if from == "" {
		return errors.New("streets import: --from FILE.geojson is required")
	}
	f, err := os.Open(from)
	if err != nil {
		return err
	}
	defer f.Close()
	sts, nums, st, err := gazetteer.Import(f, c)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(out, gazetteer.StreetsFile), func(w io.Writer) error { return gazetteer.WriteStreets(w, sts) }); err != nil {
		return err
	}
	if len(nums) > 0 {
		if err := writeFile(filepath.Join(out, gazetteer.AddressesFile), func(w io.Writer) error { return gazetteer.WriteAddresses(w, sts, nums) }); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "read %d features: %d named lines make %d streets, %d house numbers\n", st.Features, st.Ways, st.Streets, st.Numbers)
	fmt.Fprintf(stdout, "dropped: %d outside every area, %d lines without a name, %d numbers of an unknown street, %d other features\n",
		st.Outside, st.Unnamed, st.UnknownStreet, st.OtherGeometry)
	if st.DuplicateNames > 0 {
		fmt.Fprintf(stdout, "%d lines carried two streets' names and were kept under both\n", st.DuplicateNames)
	}
	return nil
}

// writeFile writes through a temporary file, so a failed import leaves the
// previous file whole.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".streets-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
