package handlers

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"streetfix/city"
)

// A category's questions are edited with a form on the admin page, one
// block per question (q.N.code, q.N.datatype, q.N.fr, q.N.v.M.key, ...),
// not as JSON. The blocks are saved in the order of their order fields;
// the up and down buttons move a block (with the page's script, in the page
// at once; without it, by saving the form with the move applied). An empty
// block, or an empty value row, is left out: the page always offers one of
// each to fill in.

var (
	questionField = regexp.MustCompile(`^q\.(\d{1,3})\.`)
	valueField    = regexp.MustCompile(`^q\.(\d{1,3})\.v\.(\d{1,3})\.`)
)

// formQuestions reads the question blocks of a category form, in their
// order, with the move asked by an up or down button applied.
func formQuestions(c *gin.Context) ([]city.Question, error) {
	if err := c.Request.ParseForm(); err != nil {
		return nil, badRequest("invalid_form", "", "the form could not be read")
	}
	form := c.Request.PostForm
	blocks, values := map[int]bool{}, map[int]map[int]bool{}
	for k := range form {
		if m := questionField.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			blocks[i] = true
		}
		if m := valueField.FindStringSubmatch(k); m != nil {
			i, _ := strconv.Atoi(m[1])
			j, _ := strconv.Atoi(m[2])
			if values[i] == nil {
				values[i] = map[int]bool{}
			}
			values[i][j] = true
		}
	}
	if len(blocks) > city.MaxQuestions+5 {
		return nil, badRequest("invalid_form", "questions", "too many questions")
	}
	type block struct {
		index, order int
		q            city.Question
	}
	var list []block
	for i := range blocks {
		p := "q." + strconv.Itoa(i) + "."
		get := func(name string) string { return strings.TrimSpace(form.Get(p + name)) }
		q := city.Question{Code: get("code"), Datatype: get("datatype"), Required: get("required") == "1", Private: get("private") == "1",
			Description: city.Names{FR: get("fr"), NL: get("nl"), EN: get("en")}}
		js := slices.Sorted(maps.Keys(values[i]))
		if len(js) > city.MaxValues+5 {
			return nil, badRequest("invalid_form", "questions", "too many values")
		}
		for _, j := range js {
			vp := "v." + strconv.Itoa(j) + "."
			v := city.QuestionValue{Key: get(vp + "key"), Name: city.Names{FR: get(vp + "fr"), NL: get(vp + "nl"), EN: get(vp + "en")}}
			if v != (city.QuestionValue{}) {
				q.Values = append(q.Values, v)
			}
		}
		if get("remove") == "1" || (q.Code == "" && q.Description == (city.Names{}) && len(q.Values) == 0) {
			continue
		}
		order, err := strconv.Atoi(get("order"))
		if err != nil {
			order = 1 << 20 // a new block without a place goes last
		}
		list = append(list, block{index: i, order: order, q: q})
	}
	slices.SortStableFunc(list, func(a, b block) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.index, b.index))
	})
	if mv := c.PostForm("move"); mv != "" {
		at, dir, _ := strings.Cut(mv, ".")
		i, err := strconv.Atoi(at)
		if err != nil || (dir != "up" && dir != "down") {
			return nil, badRequest("invalid_form", "move", "move is a question's number, then .up or .down")
		}
		for k := range list {
			if list[k].index != i {
				continue
			}
			if dir == "up" && k > 0 {
				list[k-1], list[k] = list[k], list[k-1]
			} else if dir == "down" && k+1 < len(list) {
				list[k+1], list[k] = list[k], list[k+1]
			}
			break
		}
	}
	out := make([]city.Question, 0, len(list))
	for _, b := range list {
		out = append(out, b.q)
	}
	return out, nil
}

// questionBlock is one question of the admin form.
type questionBlock struct {
	Index  int // the block's number in the form's field names
	N      int // its place, from 1
	Q      city.Question
	Values []city.QuestionValue // the question's values, then empty rows to fill
	New    bool                 // the empty block for a new question
}

// questionBlocks lays out a category's questions for the form: each with
// two empty value rows, then an empty question with three.
func questionBlocks(qs []city.Question) []questionBlock {
	var out []questionBlock
	for i, q := range qs {
		out = append(out, questionBlock{Index: i, N: i + 1, Q: q, Values: append(slices.Clone(q.Values), city.QuestionValue{}, city.QuestionValue{})})
	}
	return append(out, questionBlock{Index: len(qs), N: len(qs) + 1, New: true, Q: city.Question{Datatype: "singlevaluelist"},
		Values: make([]city.QuestionValue, 3)})
}

// datatypeOptions are the form's question types, in the page's language.
func datatypeOptions(tr Tr) []option {
	var out []option
	for _, d := range city.Datatypes {
		out = append(out, option{Value: d, Label: tr.T("questions.type." + d)})
	}
	return out
}
