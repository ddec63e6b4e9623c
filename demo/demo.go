// Package demo makes up realistic reports for demonstrations and load tests:
// spread over the city's areas by population, in the categories people
// actually report, written in French, Dutch or English, each with a status
// history that matches its age. Everything is derived from a seed, so the
// same options always give the same reports.
package demo

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
	"unicode/utf8"

	"streetfix/city"
	"streetfix/db"
	"streetfix/report"
)

// Options for Generate.
type Options struct {
	Seed      int64     // same seed (and same Now and N) => byte-identical output
	N         int       // number of reports
	Now       time.Time // reports span the year before Now
	BatchSize int       // reports per emit call; default 5000
}

const defaultBatchSize = 5000

// maxTitle is the exclusive limit on a title's length in characters.
const maxTitle = 80

// Generate makes N realistic reports and passes them to emit in batches.
// Reports come in order of creation time; emit may keep the slices it is
// given. An error from emit stops generation and is returned, wrapped.
func Generate(c *city.City, opt Options, emit func([]db.SeedReport) error) error {
	if c == nil || len(c.Areas) == 0 || len(c.Categories) == 0 {
		return errors.New("demo: the city has no areas or no categories")
	}
	if opt.N < 0 {
		return fmt.Errorf("demo: negative number of reports %d", opt.N)
	}
	if opt.Now.IsZero() {
		return errors.New("demo: Options.Now is required, so that output is reproducible")
	}
	if emit == nil {
		return errors.New("demo: emit is nil")
	}
	size := opt.BatchSize
	if size <= 0 {
		size = defaultBatchSize
	}
	if opt.N == 0 {
		return nil
	}
	g, err := newGenerator(c, opt)
	if err != nil {
		return err
	}
	for i := 0; i < opt.N; {
		batch := make([]db.SeedReport, min(size, opt.N-i))
		for j := range batch {
			g.fill(&batch[j], i+j)
		}
		if err := emit(batch); err != nil {
			return fmt.Errorf("demo: emit reports %d to %d: %w", i, i+len(batch)-1, err)
		}
		i += len(batch)
	}
	return nil
}

// catInfo is what the generator precomputes about one category.
type catInfo struct {
	cat        city.Category
	weight     float64
	season     [12]float64
	density    float64 // exponent, see densityExponent
	variantQ   int     // index of the variant question, or -1
	variants   []string
	variantCum []float64
	delays     delays
	bodies     []city.Body // responsible body, by area index
}

type areaInfo struct {
	code    string
	sampler *areaSampler
	streets [][]streetName // by language index, then street
	corners [][]string     // by language index, then k*len(streets)+k2
	catCum  [12][]float64  // cumulative category weights, by month
}

type generator struct {
	opt     Options
	r       *rand.Rand
	clock   *clock
	areas   []areaInfo
	areaCum []float64
	cats    []catInfo
	langs   []*langBank
	langCum []float64
	ans     answerer
	buf     []byte
	events  []db.Event
	v       slots
}

func newGenerator(c *city.City, opt Options) (*generator, error) {
	seed := uint64(opt.Seed)
	g := &generator{opt: opt, r: rand.New(rand.NewPCG(seed, 0x5eedde30))}
	g.ans.r = g.r
	// The street layout has its own stream, so changing how it is drawn
	// does not shift every report after it.
	layout := rand.New(rand.NewPCG(seed, 0x1a4007))
	end := opt.Now
	start := time.UnixMilli(end.AddDate(-1, 0, 0).UnixMilli() + 1).UTC()
	g.clock = newClock(start, end, opt.N)

	total := 0.0
	for _, l := range locales {
		g.langs = append(g.langs, banks[l.code])
		total += l.share
		g.langCum = append(g.langCum, total)
	}

	popTotal, kmTotal := 0.0, 0.0
	for i, a := range c.Areas {
		s, err := newAreaSampler(c.Areas, i)
		if err != nil {
			return nil, err
		}
		ai := areaInfo{code: a.Code, sampler: s}
		var streets []street
		for _, st := range brusselsStreets {
			for _, code := range st.areas {
				if code == a.Code {
					streets = append(streets, st)
				}
			}
		}
		if len(streets) < 2 {
			streets = genericStreets
		}
		for _, lb := range g.langs {
			names := make([]streetName, len(streets))
			for k, st := range streets {
				names[k] = st.names(lb.code)
			}
			ai.streets = append(ai.streets, names)
			corners := make([]string, len(names)*len(names))
			for k, s1 := range names {
				for k2, s2 := range names {
					corners[k*len(names)+k2] = corner(lb.code, s1, s2)
				}
			}
			ai.corners = append(ai.corners, corners)
		}
		s.plan(layout, len(streets))
		g.areas = append(g.areas, ai)
		popTotal += float64(a.Population)
		kmTotal += s.areaKm2
	}
	total = 0
	for _, a := range c.Areas {
		w := float64(a.Population)
		if popTotal == 0 {
			w = 1
		}
		total += w
		g.areaCum = append(g.areaCum, total)
	}

	for _, cat := range c.Categories {
		ci := catInfo{cat: cat, weight: defaultWeight, variantQ: -1, density: densityExponent[cat.Code]}
		if w, ok := categoryWeight[cat.Code]; ok {
			ci.weight = w
		}
		ci.season = [12]float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
		if s, ok := seasons[cat.Code]; ok {
			ci.season = s
		}
		ci.delays = defaultDelays
		if d, ok := themeDelays[cat.Theme]; ok {
			ci.delays = d
		}
		if d, ok := categoryDelays[cat.Code]; ok {
			ci.delays = d
		}
		if vq, ok := variantQuestions[cat.Code]; ok {
			for qi, q := range cat.Questions {
				if q.Code != vq.question || len(q.Values) == 0 {
					continue
				}
				ci.variantQ = qi
				sum := 0.0
				for _, v := range q.Values {
					w, ok := vq.weights[v.Key]
					if !ok {
						w = 10
					}
					sum += w
					ci.variants = append(ci.variants, v.Key)
					ci.variantCum = append(ci.variantCum, sum)
				}
			}
		}
		for _, a := range c.Areas {
			b, ok := c.ResponsibleBody(cat, a.Code)
			if !ok {
				return nil, fmt.Errorf("demo: no body handles %s in area %s", cat.Code, a.Code)
			}
			ci.bodies = append(ci.bodies, b)
		}
		g.cats = append(g.cats, ci)
	}

	// Category mix per area and month: density shifts dumping towards the
	// centre and pruning towards the green south-east.
	regional := popTotal / kmTotal
	for i, a := range c.Areas {
		density := 1.0
		if popTotal > 0 && a.Population > 0 && g.areas[i].sampler.areaKm2 > 0 {
			density = float64(a.Population) / g.areas[i].sampler.areaKm2 / regional
		}
		for m := range 12 {
			cum := make([]float64, len(g.cats))
			sum := 0.0
			for k, ci := range g.cats {
				sum += ci.weight * ci.season[m] * math.Pow(density, ci.density)
				cum[k] = sum
			}
			if sum == 0 {
				for k := range cum {
					cum[k] = float64(k + 1)
				}
			}
			g.areas[i].catCum[m] = cum
		}
	}
	return g, nil
}

func (g *generator) draw(cum []float64) int {
	return searchCum(cum, g.r.Float64()*cum[len(cum)-1])
}

// fill makes report number i.
func (g *generator) fill(sr *db.SeedReport, i int) {
	r := g.r
	created := g.clock.at(i, r)
	ai := g.draw(g.areaCum)
	area := &g.areas[ai]
	ci := g.draw(area.catCum[created.Month()-1])
	cat := &g.cats[ci]
	li := g.draw(g.langCum)
	lb := g.langs[li]
	variant := ""
	if cat.variantQ >= 0 {
		variant = cat.variants[g.draw(cat.variantCum)]
	}
	body := cat.bodies[ai]
	rep := &sr.Report
	rep.Category = cat.cat.Code
	rep.Theme = cat.cat.Theme
	rep.AreaCode = area.code
	rep.BodyCode = body.Code
	rep.Locale = lb.code
	rep.CreatedAt = db.At(created)
	rep.Answers = g.ans.answers(cat, variant, lb, created)

	streets := area.streets[li]
	k := r.IntN(len(streets))
	k2 := (k + 1 + r.IntN(len(streets)-1)) % len(streets)
	p := area.sampler.point(r, k)
	rep.Lon, rep.Lat = p[0], p[1]

	g.setSlots(lb, cat, body, variant, streets[k], area.corners[li][k*len(streets)+k2])
	rep.Title, rep.Description = g.text(lb, cat, variant)

	h := history{r: r, lb: lb, v: &g.v, buf: &g.buf, rep: rep, t: rep.CreatedAt.Time, now: g.opt.Now, status: report.StatusNew}
	h.events = append(g.events[:0], db.Event{Kind: db.EventCreated, Actor: db.ActorReporter,
		ToStatus: report.StatusNew, Public: true, CreatedAt: rep.CreatedAt})
	h.run(cat.cat.Code, cat.delays)
	h.finish()
	// Copy out of the scratch slice so a batch holds no spare capacity.
	sr.Events = append([]db.Event(nil), h.events...)
	g.events = h.events

	g.reporter(sr, lb, i)
	sr.Supporters = supporters(r)
	rep.SupportCount = sr.Supporters
}

// houseNumbers are the numbers reports mention, formatted once.
var houseNumbers = func() []string {
	out := make([]string, 180)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}()

// setSlots fills in what the templates' slots stand for in this report.
func (g *generator) setSlots(lb *langBank, cat *catInfo, body city.Body, variant string, s1 streetName, corner string) {
	r := g.r
	v := &g.v
	v[slotStreet] = s1.name
	v[slotAt] = s1.at
	v[slotCorner] = corner
	v[slotNr] = houseNumbers[r.IntN(len(houseNumbers))]
	v[slotLandmark] = lb.landmarks[r.IntN(len(lb.landmarks))]
	v[slotSince] = lb.since[r.IntN(len(lb.since))]
	v[slotWhere], v[slotWhereOf] = lb.where[variant], lb.whereOf[variant]
	// "dans la chaussée" or "de la chaussée" next to "chaussée d'Ixelles"
	// would say the same word twice.
	if s1.chaussee && variant == "roadway" {
		v[slotWhere], v[slotWhereOf] = "", ""
	}
	v[slotN] = ""
	if g.ans.nCode != "" {
		v[slotN] = strconv.Itoa(g.ans.n)
	}
	v[slotBody] = body.Name.Get(lb.code)
	v[slotCat] = cat.cat.Name.Get(lb.code)
}

// corner names the crossing of two streets.
func corner(lang string, s1, s2 streetName) string {
	switch lang {
	case "nl":
		return "op de hoek van " + s1.of + " en " + s2.of
	case "en":
		return "at the corner of " + s1.of + " and " + s2.of
	}
	return "à l'angle " + s1.of + " et " + s2.of
}

// text writes the title and the description.
func (g *generator) text(lb *langBank, cat *catInfo, variant string) (string, string) {
	r := g.r
	cb := lb.bank(cat.cat.Code, variant)
	what := &cb.what[r.IntN(len(cb.what))]

	// The sentence's own title most of the time, a general one otherwise;
	// with long street names a title can run over the limit, so try again.
	title := ""
	for try := range 4 {
		t := what.title
		if t == nil || (try > 0 || r.Float64() < shareGeneralTitle) && len(cb.titles) > 0 {
			t = cb.titles[r.IntN(len(cb.titles))]
		}
		if s := t.render(&g.buf, &g.v); utf8.RuneCountInString(s) < maxTitle {
			title = s
			break
		}
	}
	if title == "" {
		title = g.v[slotCat] + " – " + g.v[slotStreet]
		if utf8.RuneCountInString(title) >= maxTitle {
			title = g.v[slotCat]
		}
	}

	b := what.text.appendTo(g.buf[:0], &g.v)
	sentences := 1
	if g.ans.nCode != "" && (g.ans.nCode != "lights_out" || g.ans.n > 1) {
		if t, ok := lb.answerSentences[cat.cat.Code+"."+g.ans.nCode]; ok && r.Float64() < 0.7 {
			b = t.appendTo(append(b, ' '), &g.v)
			sentences++
		}
	}
	if len(cb.more) > 0 && r.Float64() < 0.6 {
		b = cb.more[r.IntN(len(cb.more))].appendTo(append(b, ' '), &g.v)
		sentences++
	}
	if sentences < 3 && r.Float64() < 0.35 {
		b = lb.closings[r.IntN(len(lb.closings))].appendTo(append(b, ' '), &g.v)
	}
	g.buf = b
	return title, string(b)
}

// shareGeneralTitle is how often a report gets one of the category's
// general titles rather than the one written for its sentence.
const shareGeneralTitle = 0.3

// Shares of reporters who leave contact details, and who show their name.
const (
	shareEmail    = 0.60
	shareName     = 0.20
	sharePublic   = 0.50 // of those who give a name
	sharePhone    = 0.05
	emailDomain   = "@example.org"
	tokenHashSalt = "demo:"
)

// reporter makes up the private side of the report. Names are a first name
// and an initial, e-mail addresses are on example.org, phone numbers are
// random: nothing that points to a real person.
func (g *generator) reporter(sr *db.SeedReport, lb *langBank, i int) {
	r := g.r
	rep := &sr.Reporter
	key := make([]byte, 0, 48)
	key = append(key, tokenHashSalt...)
	key = strconv.AppendInt(key, g.opt.Seed, 10)
	key = append(key, ':')
	key = strconv.AppendInt(key, int64(i), 10)
	sum := sha256.Sum256(key)
	var hexSum [2 * sha256.Size]byte
	hex.Encode(hexSum[:], sum[:])
	rep.TokenHash = string(hexSum[:])

	first := lb.firstNames[r.IntN(len(lb.firstNames))]
	initial := byte('A' + r.IntN(26))
	if r.Float64() < shareName {
		rep.Name = first.name + " " + string(initial) + "."
		if r.Float64() < sharePublic {
			sr.Report.PublicName = rep.Name
		}
	}
	if r.Float64() < shareEmail {
		lower := string(initial + 'a' - 'A')
		switch r.IntN(3) {
		case 0:
			rep.Email = first.ascii + "." + lower + emailDomain
		case 1:
			rep.Email = first.ascii + strconv.Itoa(10+r.IntN(90)) + emailDomain
		default:
			rep.Email = lower + "." + first.ascii + strconv.Itoa(r.IntN(1000)) + emailDomain
		}
	}
	if r.Float64() < sharePhone {
		rep.Phone = fmt.Sprintf("+32 4%02d %02d %02d %02d", 60+r.IntN(40), r.IntN(100), r.IntN(100), r.IntN(100))
	}
}

// supporters is how many others backed the report: most nobody, some a
// handful of neighbours, a few popular ones dozens.
func supporters(r *rand.Rand) int {
	switch x := r.Float64(); {
	case x < 0.70:
		return 0
	case x < 0.94:
		return 1 + r.IntN(5)
	case x < 0.99:
		return 6 + r.IntN(10)
	default:
		return 16 + r.IntN(25)
	}
}
