package sampledata

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tradedash"
)

// innopromFacts is a copy of the team's /work/shared/data/innoprom-facts.md,
// from which innoprom-figures.csv and innoprom-china.xlsx are taken.
const innopromFacts = "sources/innoprom-facts.md"

// claim is one figure row of a sample file as written, before the
// importer reads it: one source's value of one figure.
type claim struct {
	file      string
	line      int
	key       tradedash.ClaimKey
	value     string // as written: "over 400", "более 3 800", "10000"
	basis     tradedash.Basis
	preferred bool
	source    string
}

func (c claim) String() string {
	return fmt.Sprintf("%s:%d (%s %s %s %d %s, %s)", c.file, c.line, c.key.Exhibition, c.key.Country, c.key.Metric,
		c.key.Year, c.key.Status, c.value)
}

// figure is the claim's figure: the key without status and source.
func (c claim) figure() [4]string {
	return [4]string{c.key.Exhibition, c.key.Country, c.key.Metric, strconv.Itoa(c.key.Year)}
}

// The workbook's words for what the long-form files write as codes.
var (
	xlsxStatus = map[string]tradedash.Status{"факт": tradedash.Actual, "план": tradedash.Planned, "прогноз": tradedash.Forecast}
	xlsxBasis  = map[string]tradedash.Basis{"организатор": tradedash.Organiser, "госорган": tradedash.Official, "СМИ": tradedash.Press}
)

// claims reads every figure of the three figure files, a cell of the
// workbook's figure columns being one claim.
func claims(t *testing.T) []claim {
	t.Helper()
	var out []claim
	for _, name := range []string{"innoprom-figures.csv", "russia-at-chinese-fairs.csv"} {
		f := readCSV(t, name)
		for i, row := range f.rows {
			year, err := strconv.Atoi(f.get(row, "year"))
			if err != nil {
				t.Errorf("%s:%d: year: %v", name, f.first+i, err)
			}
			preferred := f.get(row, "preferred")
			if preferred != "" && preferred != "yes" {
				t.Errorf("%s:%d: preferred %q, want yes or empty", name, f.first+i, preferred)
			}
			out = append(out, claim{
				file: name, line: f.first + i,
				key: tradedash.ClaimKey{Exhibition: f.get(row, "exhibition"), Country: f.get(row, "country"), Metric: f.get(row, "metric"),
					Year: year, Status: tradedash.Status(f.get(row, "status")), Source: tradedash.NormalizeSource(f.get(row, "source"))},
				value: f.get(row, "value"), basis: tradedash.Basis(f.get(row, "basis")), preferred: preferred == "yes",
				source: f.get(row, "source"),
			})
		}
	}
	const name = "innoprom-china.xlsx"
	x := readXLSX(t, name)
	for i, row := range x.rows {
		if strings.Join(row, "") == "" {
			continue
		}
		line := x.first + i
		year, err := strconv.Atoi(x.get(row, "Год"))
		if err != nil {
			t.Errorf("%s:%d: year: %v", name, line, err)
		}
		country := map[string]string{"Китай": "CN", "КНР": "CN"}[x.get(row, "Страна")]
		exhibition := map[string]string{"ИННОПРОМ": "innoprom"}[x.get(row, "Выставка")]
		status, ok := xlsxStatus[x.get(row, "Статус")]
		basis, okB := xlsxBasis[x.get(row, "Основание")]
		preferred := x.get(row, "Предпочтительный")
		if country == "" || exhibition == "" || !ok || !okB || preferred != "" && preferred != "да" {
			t.Errorf("%s:%d: a row the checks do not know: %q", name, line, row)
		}
		for col, metric := range map[string]string{xlsxParticipants: "participants_reported", xlsxSpace: "space_reported_m2"} {
			v := x.get(row, col)
			if v == "" {
				continue
			}
			out = append(out, claim{
				file: name, line: line,
				key: tradedash.ClaimKey{Exhibition: exhibition, Country: country, Metric: metric, Year: year, Status: status,
					Source: tradedash.NormalizeSource(x.get(row, "Источник"))},
				value: v, basis: basis, preferred: preferred == "да", source: x.get(row, "Источник"),
			})
		}
	}
	slices.SortFunc(out, func(a, b claim) int {
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		return a.line - b.line
	})
	return out
}

// TestMetricsCurrent checks that every figure is under a metric of the
// catalogue, never under a replaced code (companies, area_m2, …): the
// sample files show how a file is written today.
func TestMetricsCurrent(t *testing.T) {
	for _, c := range claims(t) {
		m, ok := tradedash.MetricByCode(c.key.Metric)
		switch {
		case !ok:
			t.Errorf("%v: unknown metric", c)
		case m.ReplacedBy != "":
			t.Errorf("%v: %s is replaced by %s", c, m.Code, m.ReplacedBy)
		}
		if !slices.Contains([]tradedash.Status{tradedash.Actual, tradedash.Forecast, tradedash.Planned}, c.key.Status) {
			t.Errorf("%v: status %q", c, c.key.Status)
		}
	}
}

// basisBySite is the basis of every site the sample figures are read on
// (issue 11's decisions): the organiser's sites, a government's site, and
// the press, which takes in every news site, the Russian Export Center's
// portal moscow.madeinrussia.ru and the paper on scholarmate.com. No
// sample figure is audited: none names a certificate. A new source's
// site is added here with its basis.
var basisBySite = map[string]tradedash.Basis{
	"expo.innoprom.com": tradedash.Organiser,
	"www.innoprom.com":  tradedash.Organiser,
	"japan.go.jp":       tradedash.Official,

	"amp.ura.news": tradedash.Press, "bigasia.ru": tradedash.Press, "dk.ru": tradedash.Press,
	"eburg.veved.ru": tradedash.Press, "en.urbc.ru": tradedash.Press, "etoday.co.kr": tradedash.Press,
	"fortraders.org": tradedash.Press, "forumradio.ru": tradedash.Press, "glagolurfo.com": tradedash.Press,
	"m.gdi8.cn": tradedash.Press, "moscow.madeinrussia.ru": tradedash.Press, "pervonachalno.ru": tradedash.Press,
	"politsovet.ru": tradedash.Press, "rg.ru": tradedash.Press, "ru24.pro": tradedash.Press,
	"scholarmate.com": tradedash.Press, "serbia.news-pravda.com": tradedash.Press,
	"shijiazhuang.baogaosu.com": tradedash.Press, "sputniknews.cn": tradedash.Press, "sputniknews.com": tradedash.Press,
	"tass.com": tradedash.Press, "ural.aif.ru": tradedash.Press, "ural-news.net": tradedash.Press,
	"www.globaltimes.cn": tradedash.Press, "xn----7sbbe6addecj3bpgj0a0fvd.xn--p1ai": tradedash.Press,
	// russia-at-chinese-fairs.csv
	"biang.ru": tradedash.Press, "businessinvestorguide.com": tradedash.Press, "china.org.cn": tradedash.Press,
	"mirovyye-novosti.ru": tradedash.Press, "qzrxd.cn": tradedash.Press, "vestikavkaza.ru": tradedash.Press,
	"xiaolanliang.com": tradedash.Press,
}

// TestBasisBySite checks every figure's basis against the site it was
// read on.
func TestBasisBySite(t *testing.T) {
	for _, c := range claims(t) {
		u, err := url.Parse(c.source)
		if err != nil {
			t.Errorf("%v: source %q: %v", c, c.source, err)
			continue
		}
		want, ok := basisBySite[u.Host]
		switch {
		case !ok:
			t.Errorf("%v: the site %s has no basis in basisBySite", c, u.Host)
		case c.basis != want:
			t.Errorf("%v: basis %q, want %q (%s)", c, c.basis, want, u.Host)
		}
	}
}

// TestOneRowPerClaim checks that no two rows, in one file or in two, give
// one claim (tradedash.ClaimKey): in one file the importer refuses it, in
// two the later import would replace the earlier one. It checks too that
// the claims of one figure are in one file, so that the order in which
// the files are loaded never chooses between them.
func TestOneRowPerClaim(t *testing.T) {
	seen := map[tradedash.ClaimKey]claim{}
	fileOf := map[[4]string]claim{}
	for _, c := range claims(t) {
		if other, dup := seen[c.key]; dup {
			t.Errorf("%v and %v are one claim", other, c)
		}
		seen[c.key] = c
		if other, ok := fileOf[c.figure()]; ok && other.file != c.file {
			t.Errorf("%v and %v are claims of one figure in two files", other, c)
		}
		fileOf[c.figure()] = c
	}
}

// shownBefore is, for each figure whose sources disagree, the claim
// tradedash showed before it kept claims (the kept figure of the earlier
// sample files; sample-data/README.md). It stays the current one.
var shownBefore = map[[4]string]string{
	{"innoprom", "CN", "participants_reported", "2015"}:       "http://pervonachalno.ru/louter908.htm",
	{"innoprom", "CN", "participants_reported", "2018"}:       "https://m.gdi8.cn/index/help/help_details.html?article_id=5871",
	{"innoprom", "CN", "participants_reported", "2023"}:       seedURL,
	{"innoprom", "CN", "participants_reported", "2024"}:       "https://serbia.news-pravda.com/world/2024/07/11/68680.html",
	{"innoprom", "ALL", "participants_reported", "2017"}:      "https://japan.go.jp/tomodachi/2017/japan_and_russia_edition_2017/innoprom.html",
	{"innoprom", "ALL", "visitors", "2018"}:                   "https://etoday.co.kr/news/view/1639575",
	{"innoprom", "ALL", "visitors", "2024"}:                   "https://serbia.news-pravda.com/world/2024/07/11/68680.html",
	{"innoprom", "ALL", "countries_reported", "2024"}:         "https://serbia.news-pravda.com/world/2024/07/11/68680.html",
	{"russia_china_expo", "ALL", "space_reported_m2", "2023"}: seedURL,
	{"ciie", "RU", "participants_reported", "2018"}:           "http://china.org.cn/business/2019-11/05/content_75375741.htm",
	{"ciie", "RU", "participants_reported", "2021"}:           "https://tass.com/economy/1358045",
}

// TestPreferredDecidesTies checks the preferred column against the rule
// that chooses a figure's current claim (tradedash.ClaimBefore): where two
// claims of one figure tie on status and basis, so that the row order
// would choose, one of them is preferred; nowhere else is a claim
// preferred, since a preferred sample claim would outrank a user's later
// import. The current claim is the one tradedash showed before
// (shownBefore).
func TestPreferredDecidesTies(t *testing.T) {
	byFigure := map[[4]string][]claim{}
	for _, c := range claims(t) {
		byFigure[c.figure()] = append(byFigure[c.figure()], c)
	}
	disagreements := 0
	for fig, cs := range byFigure {
		var preferred []claim
		figures := make([]tradedash.Figure, len(cs))
		for i, c := range cs {
			if c.preferred {
				preferred = append(preferred, c)
			}
			figures[i] = tradedash.Figure{Status: c.key.Status, Basis: c.basis, FileRow: c.line}
		}
		// Without the column, which claims share the best status and basis?
		best := figures[tradedash.ChooseClaim(figures)]
		var tied []claim
		for i, f := range figures {
			if f.Status.Rank() == best.Status.Rank() && f.Basis.Rank() == best.Basis.Rank() {
				tied = append(tied, cs[i])
			}
		}
		switch {
		case len(preferred) > 1:
			t.Errorf("%v: %d preferred claims: %v", fig, len(preferred), preferred)
		case len(tied) > 1 && (len(preferred) == 0 || !slices.ContainsFunc(tied, func(c claim) bool { return c.preferred })):
			t.Errorf("%v: %v tie on status and basis and none of them is preferred", fig, tied)
		case len(tied) < 2 && len(preferred) > 0:
			t.Errorf("%v: %v is preferred, but status and basis already choose", fig, preferred[0])
		}
		for i := range figures {
			figures[i].Preferred = cs[i].preferred
		}
		current := cs[tradedash.ChooseClaim(figures)]
		if len(cs) > 1 {
			disagreements++
			want, ok := shownBefore[fig]
			if !ok {
				t.Errorf("%v: %d claims, but shownBefore does not say which was shown", fig, len(cs))
			} else if current.source != want {
				t.Errorf("%v: the current claim is %v from %s, want the one from %s", fig, current, current.source, want)
			}
		}
	}
	if disagreements == 0 {
		t.Error("no figure with more than one claim")
	}
}

// TestClaimsSourced checks every claim of innoprom-figures.csv and
// innoprom-china.xlsx against innoprom-facts.md: its source is one of
// the facts' sources (by its key, S1 … C1), and its number is written on
// a line of the facts that cites that key. (russia-at-chinese-fairs.csv is
// checked against trade-facts.md by TestFairsSampleSourced.)
func TestClaimsSourced(t *testing.T) {
	b, err := os.ReadFile(innopromFacts)
	if err != nil {
		t.Fatal(err)
	}
	lines := factParagraphs(string(b))
	keyOf := map[string]string{}
	for _, l := range lines {
		if k, u, ok := strings.Cut(strings.TrimPrefix(l, "- "), " "); ok && strings.HasPrefix(l, "- ") && strings.HasPrefix(u, "http") {
			keyOf[u] = k
		}
	}
	if len(keyOf) < 40 {
		t.Fatalf("%s: %d sources read", innopromFacts, len(keyOf))
	}
	number := regexp.MustCompile(`\d[\d,]*`)
	digits := regexp.MustCompile(`\d+`)
	for _, c := range claims(t) {
		if c.file == "russia-at-chinese-fairs.csv" {
			continue
		}
		key, ok := keyOf[c.source]
		if !ok {
			t.Errorf("%v: source %s is not among the sources of %s", c, c.source, innopromFacts)
			continue
		}
		n := strings.Join(digits.FindAllString(plain(c.value), -1), "")
		found := false
		for _, l := range lines {
			if !strings.Contains(l, "["+key+"]") {
				continue
			}
			for _, m := range number.FindAllString(l, -1) {
				found = found || strings.ReplaceAll(m, ",", "") == n
			}
		}
		if !found {
			t.Errorf("%v: %s is not on a line of %s citing [%s]", c, n, innopromFacts, key)
		}
	}
}

// factParagraphs splits the facts into table rows, list items and
// paragraphs, a line that starts none of them continuing the one before:
// a figure and its [key] may be on two lines of one item.
func factParagraphs(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		starts := l == "" || strings.HasPrefix(l, "|") || strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "#")
		if !starts && len(out) > 0 && out[len(out)-1] != "" {
			out[len(out)-1] += " " + strings.TrimSpace(l)
			continue
		}
		out = append(out, l)
	}
	return out
}
