package main

import (
	"path/filepath"
	"strings"
	"testing"

	"tradedash/queries/queriestest"
)

// TestMessagesFollowLANG runs commands as a user whose LANG is Russian or
// Chinese: the summary line, the notices, a rejected import and a usage
// error come in that language (with no LANG, or LANG=C, in English: the
// other tests).
func TestMessagesFollowLANG(t *testing.T) {
	for _, c := range []struct {
		env                                    map[string]string
		summary, dryRun, note, rejected, usage string
	}{
		{
			env:      map[string]string{"LANG": "ru_RU.UTF-8"},
			summary:  "11 строк: новых 11, изменённых 0, без изменений 0",
			dryRun:   "8 строк: новых 7, изменённых 1, без изменений 0",
			note:     "замечание: ../../ingest/testdata/figures-koi8r.csv: прочитан в кодировке KOI8-R (определена автоматически; другую задаёт --encoding)",
			rejected: "tradedash: 21 ошибка; ничего не записано",
			usage:    "tradedash: import: не указан файл (FILE)\nсправка: tradedash import -h\n",
		},
		{
			env:      map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": ""},
			summary:  "共 11 行：新增 11，变更 0，未变 0",
			dryRun:   "共 8 行：新增 7，变更 1，未变 0",
			note:     "提示：../../ingest/testdata/figures-koi8r.csv：按 KOI8-R 编码读取（自动识别；可用 --encoding 指定其他编码）",
			rejected: "tradedash: 21 个问题；未写入任何数据",
			usage:    "tradedash: import：未指定文件（FILE）\n用法见：tradedash import -h\n",
		},
		{
			env:      map[string]string{"LANG": "C"},
			summary:  "11 rows: 11 new, 0 changed, 0 unchanged",
			dryRun:   "8 rows: 7 new, 1 changed, 0 unchanged",
			note:     "note: ../../ingest/testdata/figures-koi8r.csv: read as KOI8-R (detected; --encoding chooses another)",
			rejected: "tradedash: 21 problems; nothing written",
			usage:    "tradedash: import: no FILE given\nusage: tradedash import -h\n",
		},
	} {
		t.Run(c.env["LANG"], func(t *testing.T) {
			db := queriestest.New(t, server)
			td := func(args ...string) (string, string, int) {
				return runEnv(c.env, append([]string{"--clickhouse", db.WriterURL}, args...)...)
			}
			out, errOut, code := td("import", testdata("figures-cp1251.csv"))
			if code != 0 || lastLine(out) != c.summary {
				t.Errorf("import: exit %d, last line %q, want %q\n%s", code, lastLine(out), c.summary, errOut)
			}
			out, errOut, code = td("import", "--dry-run", testdata("figures-long-bom.csv"))
			if code != 0 || lastLine(out) != c.dryRun {
				t.Errorf("import --dry-run: exit %d, last line %q, want %q\n%s", code, lastLine(out), c.dryRun, errOut)
			}
			_, errOut, code = td("import", "--dry-run", testdata("figures-koi8r.csv"))
			if code != 0 || !strings.Contains(errOut, c.note) {
				t.Errorf("import koi8-r: exit %d, stderr lacks %q:\n%s", code, c.note, errOut)
			}
			_, errOut, code = td("import", filepath.Join(testdata("broken"), "problems.csv"))
			if code != exitRejected || lastLine(errOut) != c.rejected {
				t.Errorf("a rejected import: exit %d, last line %q, want %q", code, lastLine(errOut), c.rejected)
			}
			if _, errOut, code = td("import"); code != exitUsage || errOut != c.usage {
				t.Errorf("import without a file: exit %d %q, want %q", code, errOut, c.usage)
			}
		})
	}
}

// TestLangFlags: --lang of template and export takes every language of
// the catalog, and its error lists them.
func TestLangFlags(t *testing.T) {
	db := queriestest.New(t, server)
	loadSampleCLI(t, db.WriterURL)
	dir := t.TempDir()
	for _, args := range [][]string{
		{"template", "--lang", "zh", "--out", filepath.Join(dir, "zh-template.xlsx")},
		{"export", "--lang", "zh", "--out", filepath.Join(dir, "zh.xlsx")},
		{"export", "--lang", "zh", "--page", "data", "--out", filepath.Join(dir, "zh.csv")},
	} {
		if out, errOut, code := runTD(t, db.WriterURL, args...); code != 0 {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	for _, cmd := range []string{"template", "export"} {
		_, errOut, code := runTD(t, db.WriterURL, cmd, "--lang", "de", "--out", filepath.Join(dir, "de.xlsx"))
		if code != exitUsage || !strings.Contains(errOut, "ru, en, zh") {
			t.Errorf("%s --lang de: exit %d, want %d and the languages listed:\n%s", cmd, code, exitUsage, errOut)
		}
	}
}
