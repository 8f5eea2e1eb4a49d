package reference

import (
	"fmt"
	"testing"
)

// TestHSHeadings checks the embedded HS names: 21 sections, chapters 01-97
// (77 reserved) and 99, each chapter in a section, and a name in every
// language where one is sourced.
func TestHSHeadings(t *testing.T) {
	romans := []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
		"XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"}
	for _, r := range romans {
		h, ok := HS(r)
		if !ok || !IsHSSection(r) || h.NameEN == "" || h.NameRU == "" || h.NameZH == "" {
			t.Errorf("section %s: %+v, %v", r, h, ok)
		}
	}
	for n := 1; n <= 97; n++ {
		code := fmt.Sprintf("%02d", n)
		h, ok := HS(code)
		if !ok || !IsHSSection(h.Section) || IsHSSection(code) {
			t.Errorf("chapter %s: %+v, %v", code, h, ok)
			continue
		}
		if n != 77 && (h.NameEN == "" || h.NameRU == "" || h.NameZH == "") {
			t.Errorf("chapter %s has a name missing: %+v", code, h)
		}
	}
	for code, want := range map[string]string{"27": "V", "84": "XVI", "8": "II", "xvi": "XVI"} {
		if h, _ := HS(code); h.Section != want {
			t.Errorf("HS(%q).Section = %q, want %q", code, h.Section, want)
		}
	}
	if h, _ := HS("84"); h.Name("zh") != "核反应堆、锅炉、机器、机械器具及其零件" || !h.ZHVerified {
		t.Errorf("chapter 84 in Chinese: %+v", h)
	}
	if h, _ := HS("94"); h.ZHVerified {
		t.Errorf("chapter 94's Chinese name is from secondary lists only, yet marked verified")
	}
	if h, ok := HS("99"); !ok || h.NameEN == "" || h.NameRU != "" {
		t.Errorf("chapter 99: %+v", h)
	}
	if _, ok := HS("98"); ok {
		t.Error("chapter 98 has no sourced name, yet HS knows it")
	}
}
