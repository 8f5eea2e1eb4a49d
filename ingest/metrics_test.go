package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"tradedash"
)

// participantsNotice is the notice on a participants word read as
// participants_reported.
func participantsNotice(word string) string {
	return quote(word) + ` does not say it counts exhibitors (such counts mix exhibitors, represented companies, associations and regions); read as participants_reported, the count as the source reports it; if it counts exhibitors (ISO 25639: main exhibitors and co-exhibitors, present with their own staff), head it "экспоненты", "exhibitors" or "参展商"`
}

// readAll reads a file and returns its figures, notices and problems as
// text.
func readAll(t *testing.T, name, content string) (figs []tradedash.Figure, notices, problems []string) {
	t.Helper()
	path := writeTemp(t, name, []byte(content))
	var rec recorder
	sum, err := Read(context.Background(), path, Options{}, &rec)
	for _, n := range sum.Skipped {
		notices = append(notices, strings.TrimPrefix(n.Error(), path+":"))
	}
	var ps Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			problems = append(problems, strings.TrimPrefix(p.Error(), path+":"))
		}
	} else if err != nil {
		t.Fatal(err)
	}
	return rec.figures, notices, problems
}

// Every current metric has a plausibility limit, and no replaced code
// needs one: its figures are read as the metric that replaced it.
func TestLimitsOfEveryMetric(t *testing.T) {
	for _, m := range tradedash.Metrics {
		_, has := limits[m.Code]
		if m.ReplacedBy == "" && !has {
			t.Errorf("%s has no plausibility limit", m.Code)
		}
		if m.ReplacedBy != "" && has {
			t.Errorf("%s is replaced by %s but has a limit of its own", m.Code, m.ReplacedBy)
		}
	}
}

// The words of a file map to the metric they say, in ru, en and zh; a
// count is put under a standard metric only when its name says so.
func TestMetricWords(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Экспоненты", "exhibitors"}, {"direct exhibitors", "exhibitors"}, {"参展商", "exhibitors"}, {"展商", "exhibitors"},
		{"Компании", "participants_reported"}, {"участники", "participants_reported"}, {"компании-участники", "participants_reported"},
		{"participants", "participants_reported"}, {"参展企业", "participants_reported"}, {"企业", "participants_reported"},
		{"Иностранные компании", "foreign_participants_reported"}, {"foreign participants", "foreign_participants_reported"},
		{"外国企业", "foreign_participants_reported"}, {"Иностранные экспоненты", "foreign_exhibitors"},
		{"foreign exhibitors", "foreign_exhibitors"}, {"境外参展商", "foreign_exhibitors"}, {"外国参展商", "foreign_exhibitors"},
		{"Площадь", "space_reported_m2"}, {"Общая площадь", "space_reported_m2"}, {"площадь экспозиции", "space_reported_m2"},
		{"total area", "space_reported_m2"}, {"展览面积", "space_reported_m2"}, {"Площадь нетто", "net_space_m2"},
		{"net space", "net_space_m2"}, {"净面积", "net_space_m2"}, {"брутто", "gross_space_m2"}, {"gross", "gross_space_m2"},
		{"Страны", "countries_reported"}, {"число стран", "countries_reported"}, {"страны-участницы", "countries_reported"},
		{"国家数量", "countries_reported"}, {"страны-экспоненты", "exhibitor_countries"}, {"exhibiting countries", "exhibitor_countries"},
		{"参展国家数量", "exhibitor_countries"}, {"страны посетителей", "visitor_countries"}, {"visitor countries", "visitor_countries"},
		{"Посетители", "visitors"}, {"观众", "visitors"}, {"посещения", "visits"}, {"посещаемость", "visits"},
		{"attendance", "visits"}, {"参观人次", "visits"}, {"косвенные экспоненты", "represented_companies"},
		{"индиректные экспоненты", "represented_companies"}, {"represented companies", "represented_companies"},
		{"companies", "participants_reported"}, {"foreign_companies", "foreign_participants_reported"},
		{"area_m2", "space_reported_m2"}, {"countries", "countries_reported"},
		// tradedash's own exports: the catalog's names.
		{"Участники (как в источнике)", "participants_reported"}, {"Space (net or gross not stated), m²", "space_reported_m2"},
		{"参展方（按来源口径）", "participants_reported"}, {"Посетители-специалисты", "trade_visitors"},
	} {
		c, ok := lookupMetric(tt.in)
		if !ok || tradedash.Metrics[c.metric].Code != tt.want {
			t.Errorf("metric %q = %+v, %v; want %s", tt.in, c, ok, tt.want)
		}
	}
}

// A file written by tradedash before the metric catalogue imports: its old
// codes are read as the metrics that replaced them, with a notice once per
// file for each, and are never stored.
func TestOldCodesImport(t *testing.T) {
	figs, notices, problems := readAll(t, "old.csv", "year,exhibition,country,metric,value,source\n"+
		"2023,innoprom,CN,companies,400,https://a.example\n"+
		"2024,innoprom,CN,companies,300,https://a.example\n"+
		"2023,innoprom,ALL,area_m2,50000,https://a.example\n"+
		"2023,innoprom,ALL,countries,20,https://a.example\n"+
		"2023,innoprom,ALL,посещаемость,90000,https://a.example\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	var got []string
	for _, f := range figs {
		got = append(got, f.Metric)
	}
	if strings.Join(got, " ") != "participants_reported participants_reported space_reported_m2 countries_reported visits" {
		t.Errorf("metrics %q", got)
	}
	want := []string{
		`2:metric: "companies" is a metric code of tradedash before the metric catalogue; read as participants_reported`,
		`4:metric: "area_m2" is a metric code of tradedash before the metric catalogue; read as space_reported_m2`,
		`5:metric: "countries" is a metric code of tradedash before the metric catalogue; read as countries_reported`,
		`6:metric: "посещаемость" counts visits (entries: one person on three days makes three); read as visits. tradedash before the metric catalogue read it as visitors`,
	}
	if len(notices) != len(want) {
		t.Fatalf("notices %q, want %d", notices, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(notices[i], w) {
			t.Errorf("notice %d = %q, want %q…", i, notices[i], w)
		}
	}
}

// A wide file with a participants column says so once, at its header.
func TestParticipantsColumnNotice(t *testing.T) {
	_, notices, problems := readAll(t, "wide.csv", "Год,Выставка,Страна,Компании,Источник\n"+
		"2023,ИННОПРОМ,Китай,400,https://a.example\n2024,ИННОПРОМ,Китай,300,https://a.example\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(notices) != 1 || notices[0] != "1:Компании: "+participantsNotice("Компании") {
		t.Errorf("notices %q", notices)
	}
}

// An unknown metric is refused with the closest names, in the language of
// the name.
func TestUnknownMetricSuggests(t *testing.T) {
	_, _, problems := readAll(t, "long.csv", "year,exhibition,country,metric,value,source\n"+
		"2023,innoprom,CN,Экспонеты,400,https://a.example\n"+
		"2023,innoprom,CN,exhibitrs,400,https://a.example\n"+
		"2023,innoprom,CN,weather,400,https://a.example\n")
	want := []string{
		`2:metric: unknown metric "Экспонеты"; did you mean Экспоненты (exhibitors) or Соэкспоненты (co_exhibitors)?`,
		`3:metric: unknown metric "exhibitrs"; did you mean Exhibitors (exhibitors) or Co-exhibitors (co_exhibitors)?`,
		`4:metric: unknown metric "weather"; expected one of: exhibitors, main_exhibitors,`,
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %q", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d = %q, want %q…", i, problems[i], w)
		}
	}
	_, _, problems = readAll(t, "wide.csv", "Год,Выставка,Страна,Посетители,Экспонеты,Источник\n2023,ИННОПРОМ,Китай,9000,400,https://a.example\n")
	if len(problems) != 1 || !strings.Contains(problems[0], `if it is a metric, did you mean Экспоненты (exhibitors) or Соэкспоненты (co_exhibitors)?`) {
		t.Errorf("wide: problems %q", problems)
	}
}
