package locale

import "testing"

func TestMoney(t *testing.T) {
	tests := []struct {
		usd        float64
		ru, en, zh string
	}{
		{240.11e9, "240,1 млрд долл.", "$240.1 bn", "2401亿美元"},
		{244.81e9, "244,8 млрд долл.", "$244.8 bn", "2448亿美元"},
		{59.34e9, "59,3 млрд долл.", "$59.3 bn", "593.4亿美元"},
		{1.2e12, "1200 млрд долл.", "$1200 bn", "12,000亿美元"},
		{512.3e6, "512,3 млн долл.", "$512.3 mn", "5.1亿美元"},
		{51.23e6, "51,2 млн долл.", "$51.2 mn", "5123万美元"},
		{950, "950 долл.", "$950", "950美元"},
		{-2.5e9, "−2,5 млрд долл.", "−$2.5 bn", "−25亿美元"},
	}
	for _, tt := range tests {
		for l, want := range map[Lang]string{RU: tt.ru, EN: tt.en, ZH: tt.zh} {
			if got := l.Money(tt.usd); got != want {
				t.Errorf("%s.Money(%g) = %q, want %q", l, tt.usd, got, want)
			}
		}
	}
}
