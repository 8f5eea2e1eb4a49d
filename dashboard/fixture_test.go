package dashboard

import (
	"testing"
	"time"

	"tradedash"
	"tradedash/queries"
)

// Sources of the fixture, from data/innoprom-facts.md.
const (
	srcS1  = "https://expo.innoprom.com/ru/media/news/experts-from-skoltech-sibur-and-tmk-will-discuss"
	srcS3  = "http://pervonachalno.ru/louter908.htm"
	srcS6  = "http://en.urbc.ru/1067994090-production-efficiency-might-become-theme-for-innoprom-2015.html"
	srcS9  = "http://sputniknews.cn/20160713/1020094056.html"
	srcS15 = "https://m.gdi8.cn/index/help/help_details.html?article_id=5871"
	srcS19 = "https://tass.ru/ekonomika/8106473"
	srcS21 = "https://moscow.madeinrussia.ru/ja/news/4768"
	srcS26 = "https://dk.ru/amp/news/237187124"
	srcS27 = "https://amp.ura.news/news/1052665568"
	srcS29 = "https://serbia.news-pravda.com/world/2024/07/11/68680.html"
	srcS30 = "https://ru24.pro/ekaterinburg/383282192"
)

func fig(country, metric string, year int, value float64, q tradedash.Qualifier, s tradedash.Status, source, note string) tradedash.Figure {
	return tradedash.Figure{Exhibition: "innoprom", Country: country, Metric: metric, Year: year,
		Value: value, Qualifier: q, Status: s, Source: source, Note: note}
}

// sampleFigures is the INNOPROM/China story of the sample data.
func sampleFigures() []tradedash.Figure {
	const (
		ex, ov, ab = tradedash.Exact, tradedash.Over, tradedash.About
		act, plan  = tradedash.Actual, tradedash.Planned
		fc         = tradedash.Forecast
	)
	return []tradedash.Figure{
		fig("CN", "companies", 2015, 150, ex, act, srcS3, "130+ according to another source"),
		fig("CN", "companies", 2016, 250, ov, act, srcS9, "3rd Russian-Chinese EXPO"),
		fig("CN", "companies", 2018, 186, ex, act, srcS15, ""),
		fig("CN", "companies", 2023, 400, ov, act, srcS1, "companies, associations and regions; 370+ companies per S27"),
		fig("CN", "companies", 2024, 300, ab, act, srcS29, ""),
		fig("CN", "area_m2", 2015, 15000, ex, plan, srcS6, "plan of August 2014"),
		fig("CN", "area_m2", 2018, 5518, ex, act, srcS15, ""),
		fig("CN", "area_m2", 2023, 10000, ex, act, srcS27, "Russian-Chinese EXPO exposition"),
		fig("CN", "area_m2", 2024, 3800, ov, fc, srcS1, "forecast of March 2024"),
		fig("BY", "area_m2", 2023, 3000, ex, act, srcS26, "partner country stand"),
		fig("ALL", "companies", 2023, 1100, ex, act, srcS26, ""),
		fig("ALL", "companies", 2024, 900, ex, act, srcS30, ""),
		fig("ALL", "foreign_companies", 2021, 175, ab, act, srcS21, "35% of over 500"),
		fig("ALL", "foreign_companies", 2024, 300, ex, act, srcS30, ""),
		fig("ALL", "visitors", 2023, 46000, ex, act, srcS26, ""),
		fig("ALL", "visitors", 2024, 47000, ex, act, srcS29, ""),
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func sampleMilestones() []tradedash.Milestone {
	return []tradedash.Milestone{
		{Date: date(2015, 1, 1), Precision: tradedash.PrecisionYear, Exhibition: "innoprom", Country: "CN",
			TitleRU: "Китай — первая страна-партнёр ИННОПРОМ", TitleEN: "China is INNOPROM's first partner country", Source: srcS1},
		{Date: date(2016, 7, 1), Precision: tradedash.PrecisionMonth, Exhibition: "innoprom", Country: "CN",
			TitleRU: "Российско-Китайское ЭКСПО проходит вместе с ИННОПРОМ", TitleEN: "The Russian-Chinese EXPO runs alongside INNOPROM", Source: srcS1},
		{Date: date(2018, 7, 9), Precision: tradedash.PrecisionDay, Exhibition: "innoprom", Country: "CN",
			TitleRU: "5-е Российско-Китайское ЭКСПО в Екатеринбурге", TitleEN: "5th Russian-Chinese EXPO in Yekaterinburg", Source: srcS15},
		{Date: date(2020, 1, 1), Precision: tradedash.PrecisionYear, Exhibition: "innoprom", Country: "ALL",
			TitleRU: "ИННОПРОМ-2020 отменён", TitleEN: "INNOPROM-2020 cancelled", Source: srcS19},
		{Date: date(2023, 7, 10), Precision: tradedash.PrecisionDay, Exhibition: "innoprom", Country: "CN",
			TitleRU: "7-е Российско-Китайское ЭКСПО после четырёхлетнего перерыва", TitleEN: "7th Russian-Chinese EXPO after a four-year break", Source: srcS27},
	}
}

// loadSample loads the sample data as one import.
func loadSample(t *testing.T, db *queries.DB) {
	t.Helper()
	mustImport(t, db, "sample.csv", sampleFigures(), sampleMilestones())
}
