package locale

import (
	"testing"
	"time"

	"tradedash"
)

func TestFormats(t *testing.T) {
	f := func(v float64, q tradedash.Qualifier) tradedash.Figure {
		return tradedash.Figure{Value: v, Qualifier: q}
	}
	tests := []struct{ got, want string }{
		{RU.Number(10000), "10\u00a0000"},
		{RU.Number(3800), "3\u00a0800"},
		{RU.Number(10.5), "10,5"},
		{RU.Number(1234567.25), "1\u00a0234\u00a0567,25"},
		{RU.Number(-5), "−5"},
		{EN.Number(10000), "10,000"},
		{EN.Number(10.5), "10.5"},
		{EN.Number(999), "999"},
		{RU.Value(f(400, tradedash.Over)), "более\u00a0400"},
		{EN.Value(f(400, tradedash.Over)), "400+"},
		{RU.Value(f(300, tradedash.About)), "около\u00a0300"},
		{EN.Value(f(300, tradedash.About)), "~300"},
		{RU.Value(f(500, tradedash.Under)), "до\u00a0500"},
		{EN.ShortValue(f(3800, tradedash.Over)), "3,800+"},
		{RU.Percent(12.34), "12,3\u00a0%"},
		{EN.Change(25), "+25%"},
		{RU.Date(time.Date(2023, 7, 10, 0, 0, 0, 0, time.UTC), tradedash.PrecisionDay), "10\u00a0июля 2023"},
		{RU.Date(time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionMonth), "июль 2016"},
		{EN.Date(time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionMonth), "July 2016"},
		{EN.Date(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionYear), "2015"},
		{RU.MetricName("area_m2"), "Площадь, м²"},
		{EN.StatusName(tradedash.Forecast), "forecast"},
		{RU.Time(time.Date(2026, 11, 25, 1, 54, 0, 0, time.UTC)), "25.11.2026 01:54 UTC"},
		{EN.Time(time.Date(2026, 11, 25, 1, 54, 0, 0, time.UTC)), "25 Nov 2026, 01:54 UTC"},
		{ZH.Number(10000), "10,000"},
		{ZH.Number(-12345.678), "−12,345.68"},
		{ZH.Percent(12.34), "12.3%"},
		{ZH.Value(f(400, tradedash.Over)), "超过400"},
		{ZH.Value(f(300, tradedash.About)), "约300"},
		{ZH.Year(2023), "2023年"},
		{RU.Year(2023), "2023"},
		{ZH.Date(time.Date(2023, 7, 10, 0, 0, 0, 0, time.UTC), tradedash.PrecisionDay), "2023年7月10日"},
		{ZH.Date(time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionMonth), "2016年7月"},
		{ZH.Date(time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), tradedash.PrecisionYear), "2015年"},
		{ZH.Time(time.Date(2026, 11, 25, 1, 54, 0, 0, time.UTC)), "2026年11月25日 01:54 UTC"},
		{ZH.MetricName("companies"), "企业"},
		{ZH.MetricName("unknown_metric"), "unknown_metric"},
		{ZH.StatusName(tradedash.Forecast), "预测"},
		{ZH.Country("CN"), "中国"},
		{ZH.Country(tradedash.AllCountries), "全部参展商"},
		{ZH.Exhibition("innoprom"), "叶卡捷琳堡国际工业博览会"},
		{ZH.City("innoprom"), "叶卡捷琳堡"},
		{RU.City("innoprom"), "Екатеринбург"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestMilestoneTitle(t *testing.T) {
	m := tradedash.Milestone{TitleRU: "Китай — страна-партнёр", TitleEN: "China is the partner country"}
	for _, tt := range []struct {
		l        Lang
		m        tradedash.Milestone
		want     string
		wantFrom Lang
	}{
		{RU, m, m.TitleRU, RU},
		{EN, m, m.TitleEN, EN},
		{ZH, m, m.TitleEN, EN}, // no Chinese title: English first
		{ZH, tradedash.Milestone{TitleRU: "только по-русски"}, "только по-русски", RU},
		{EN, tradedash.Milestone{TitleRU: "только по-русски"}, "только по-русски", RU},
		{ZH, tradedash.Milestone{TitleRU: "р", TitleZH: "中国为伙伴国"}, "中国为伙伴国", ZH},
		{RU, tradedash.Milestone{TitleZH: "中国为伙伴国"}, "中国为伙伴国", ZH},
	} {
		got, from := tt.l.MilestoneTitle(tt.m)
		if got != tt.want || from != tt.wantFrom {
			t.Errorf("%s.MilestoneTitle(%+v) = %q (%s), want %q (%s)", tt.l, tt.m, got, from, tt.want, tt.wantFrom)
		}
	}
}
