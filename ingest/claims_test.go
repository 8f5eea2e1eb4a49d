package ingest

import (
	"strings"
	"testing"

	"tradedash"
)

// The basis, certificate and preferred columns, in ru, en and zh, in the
// long and the wide form.
func TestClaimColumns(t *testing.T) {
	for name, content := range map[string]string{
		"long-en.csv": "year,exhibition,country,metric,value,basis,certificate,preferred,source\n" +
			"2023,innoprom,ALL,exhibitors,600,audited,RUEF 123/2023,yes,https://a.example\n" +
			"2023,innoprom,ALL,visitors,50000,press,,,https://b.example\n" +
			"2023,innoprom,ALL,net_space_m2,50000,,,no,https://c.example\n",
		"wide-ru.csv": "Год,Выставка,Страна,Экспоненты,Посетители,Площадь нетто,Основание,Сертификат,Предпочтительный,Источник\n" +
			"2023,ИННОПРОМ,Все,600,,,аудит,RUEF 123/2023,да,https://a.example\n" +
			"2023,ИННОПРОМ,Все,,50000,,СМИ,,,https://b.example\n" +
			"2023,ИННОПРОМ,Все,,,50000,,,нет,https://c.example\n",
		"wide-zh.csv": "年份,展会,国家,参展商,观众,净面积,数据依据,审计证书,首选,来源\n" +
			"2023,叶卡捷琳堡国际工业博览会,所有国家,600,,,经审计,RUEF 123/2023,是,https://a.example\n" +
			"2023,叶卡捷琳堡国际工业博览会,所有国家,,50000,,媒体报道,,,https://b.example\n" +
			"2023,叶卡捷琳堡国际工业博览会,所有国家,,,50000,,,否,https://c.example\n",
	} {
		figs, _, problems := readAll(t, name, content)
		if len(problems) > 0 {
			t.Errorf("%s: %q", name, problems)
			continue
		}
		var got []string
		for _, f := range figs {
			got = append(got, strings.Join([]string{f.Metric, string(f.Basis), f.Certificate, map[bool]string{true: "preferred"}[f.Preferred]}, "|"))
		}
		want := "exhibitors|audited|RUEF 123/2023|preferred visitors|press|| net_space_m2|unstated||"
		if strings.Join(got, " ") != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

// A wide row's basis applies to each of its figures.
func TestWideBasisPerRow(t *testing.T) {
	figs, _, problems := readAll(t, "wide.csv", "year,exhibition,country,exhibitors,visitors,basis,source\n"+
		"2023,innoprom,ALL,600,50000,organiser,https://a.example\n")
	if len(problems) > 0 || len(figs) != 2 || figs[0].Basis != tradedash.Organiser || figs[1].Basis != tradedash.Organiser {
		t.Errorf("figures %+v, problems %q", figs, problems)
	}
}

func TestClaimColumnProblems(t *testing.T) {
	_, _, problems := readAll(t, "bad.csv", "year,exhibition,country,exhibitors,basis,certificate,preferred,source\n"+
		"2023,innoprom,ALL,600,rumour,,,https://a.example\n"+
		"2024,innoprom,ALL,600,audited,,,https://a.example\n"+
		"2025,innoprom,ALL,600,,,maybe,https://a.example\n")
	want := []string{
		`2:basis: unknown basis "rumour"; expected one of: audited, organiser, official, press, estimate`,
		`3:basis: an audited figure names its certificate or auditor: fill in the "certificate" column`,
		`4:preferred: "maybe" is not a yes or a no`,
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %q", problems)
	}
	for i, w := range want {
		if !strings.HasPrefix(problems[i], w) {
			t.Errorf("problem %d = %q, want %q…", i, problems[i], w)
		}
	}
	_, _, problems = readAll(t, "milestones.csv", "date,exhibition,title,basis,source\n2023-07-10,innoprom,Opening,press,https://a.example\n")
	if len(problems) != 1 || !strings.Contains(problems[0], "basis, certificate and preferred columns are for figures") {
		t.Errorf("milestones with a basis: %q", problems)
	}
}

// Within one file: another source or status of a figure is a second
// claim, both kept; the same claim twice with another value is a
// conflict; the same claim twice is a repeat whatever the spelling of its
// source; two claims of one figure both preferred are refused, naming both
// rows.
func TestClaimsWithinFile(t *testing.T) {
	head := "year,exhibition,country,metric,value,status,preferred,source\n"
	figs, notices, problems := readAll(t, "claims.csv", head+
		"2023,innoprom,CN,participants_reported,400+,,,https://dk.ru/amp/news/237187124\n"+
		"2023,innoprom,CN,participants_reported,370+,,,https://ura.news/x\n"+
		"2023,innoprom,CN,participants_reported,450,planned,,https://dk.ru/amp/news/237187124\n"+
		"2023,innoprom,CN,participants_reported,400+,,,HTTPS://DK.RU/amp/news/237187124/\n")
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(figs) != 3 {
		t.Errorf("%d claims kept, want 3: %+v", len(figs), figs)
	}
	// dk.ru and ura.news tie on status and basis: the reader is told
	// that the earlier row is shown.
	if len(notices) != 2 || !strings.HasPrefix(notices[0], "5:value: repeats row 2") ||
		!strings.HasPrefix(notices[1], "3: rows 2 and 3 are claims of one figure") {
		t.Errorf("notices %q", notices)
	}
	// A preferred mark on a later row settles it: no notice.
	_, notices, problems = readAll(t, "claims.csv", head+
		"2023,innoprom,CN,participants_reported,400+,,,https://dk.ru/amp/news/237187124\n"+
		"2023,innoprom,CN,participants_reported,370+,,yes,https://ura.news/x\n")
	if len(problems) > 0 || len(notices) > 0 {
		t.Errorf("a preferred claim: problems %q, notices %q", problems, notices)
	}
	// Another basis decides it too.
	_, notices, _ = readAll(t, "claims.csv", "year,exhibition,country,metric,value,basis,source\n"+
		"2023,innoprom,CN,participants_reported,400+,press,https://dk.ru/amp/news/237187124\n"+
		"2023,innoprom,CN,participants_reported,370+,organiser,https://expo.innoprom.com/x\n")
	if len(notices) > 0 {
		t.Errorf("claims of other bases: notices %q", notices)
	}
	for _, f := range figs {
		if f.FileRow == 0 {
			t.Errorf("claim %+v has no file row", f)
		}
	}

	_, _, problems = readAll(t, "conflict.csv", head+
		"2023,innoprom,CN,exhibitors,400,,,https://a.example/1\n"+
		"2023,innoprom,CN,exhibitors,410,,,https://a.example/1\n")
	if len(problems) != 1 || !strings.Contains(problems[0], "the same figure and source as row 2 (exhibitors, CN, innoprom, 2023) with a different value: 410 here, 400 there") {
		t.Errorf("conflict: %q", problems)
	}

	_, _, problems = readAll(t, "preferred.csv", head+
		"2023,innoprom,CN,exhibitors,400,,да,https://a.example/1\n"+
		"2023,innoprom,CN,exhibitors,410,,,https://a.example/2\n"+
		"2023,innoprom,CN,exhibitors,420,,yes,https://a.example/3\n")
	if len(problems) != 1 || !strings.Contains(problems[0], "4:preferred: two claims of one figure (exhibitors, CN, innoprom, 2023) are both preferred: row 2 and row 4") {
		t.Errorf("preferred twice: %q", problems)
	}
}
