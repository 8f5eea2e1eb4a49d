package dashboard

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"tradedash/locale"
)

// chromiumPath is Debian's chromium, or TRADEDASH_CHROMIUM.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("TRADEDASH_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		// Never a skip: a browser test that does not run proves nothing.
		t.Fatalf("chromium not found at %s (install it with: apt-get install chromium): %v", p, err)
	}
	return p
}

// browser is a headless Chromium cut off from every address but loopback.
// It records what a user must never meet: console errors, uncaught
// exceptions, script dialogs (an alert from hostile data) and requests
// that tried to leave the machine.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

func (b *browser) problem(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, s)
}

// takeProblems returns and forgets what went wrong so far.
func (b *browser) takeProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

func mustStartBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox, // tests run as root
		chromedp.DisableGPU,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		// Names resolve to nothing but loopback: no CDN, no update check.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// A bound on the whole browser session, against a hang, not a
	// measure: under make test's load TestBrowser's pages once took 97 s.
	ctx, cancelTimeout := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	b := &browser{ctx: ctx}

	console := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, cdppage.JavascriptDialogOpening)
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException || m.Type == chromedp.ConsoleWarning {
				b.problem("console " + m.String() + " at " + m.URL)
			}
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.problem("script dialog opened: " + ev.Message)
			_, _ = chromedp.Call(ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	// Every request pauses here: loopback goes on, anything else fails and
	// is recorded.
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			if loopback(ev.Request.URL) {
				_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			b.problem("request left the machine: " + ev.Request.URL)
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return b
}

func loopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	if u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// serve serves app on a loopback port until the test ends and returns its
// base URL.
func serve(t *testing.T, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	t.Cleanup(func() {
		// Chromium opens sockets ahead of need; fasthttp waits for such a
		// socket's first request up to the read timeout (10 s) before a
		// graceful shutdown completes, so give it longer than that.
		if err := app.ShutdownWithTimeout(15 * time.Second); err != nil {
			t.Error(err)
		}
		<-done
	})
	return "http://" + ln.Addr().String()
}

// open navigates to u and waits until every chart of the page is drawn.
func (b *browser) open(t *testing.T, u string) {
	t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	b.waitCharts(t)
}

// waitCharts waits until every chart container on the page has a canvas.
func (b *browser) waitCharts(t *testing.T) {
	t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`[...document.querySelectorAll('.chart')].every(el => el.dataset.ready === 'true' && el.querySelector('canvas'))`))
	if err != nil {
		t.Fatalf("charts not drawn: %v", err)
	}
}

func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// screenshot saves the whole page as artifacts/screenshots/NAME.png.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(artifactsDir(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// artifactsDir is TRADEDASH_ARTIFACTS, or artifacts/ at the repository root.
func artifactsDir(t *testing.T) string {
	if d := os.Getenv("TRADEDASH_ARTIFACTS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "artifacts")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}

// chartSeries reads the series of the chart in element id from the ECharts
// instance itself: what the user sees, not what the server meant to send.
type chartState struct {
	Years  []string `json:"years"`
	Series []struct {
		Name   string `json:"name"`
		Values []any  `json:"values"`
		Dashed bool   `json:"dashed"`
	} `json:"series"`
	MarkLines []string `json:"markLines"`
}

func (b *browser) chart(t *testing.T, id string) chartState {
	t.Helper()
	raw := b.eval(t, `(() => {
		const opt = echarts.getInstanceByDom(document.getElementById(`+"`"+id+"`"+`)).getOption();
		return JSON.stringify({
			years: opt.xAxis[0].data,
			series: opt.series.map(s => ({
				name: s.name,
				dashed: !!(s.lineStyle && s.lineStyle.type === 'dashed'),
				values: s.data.map(d => (d !== null && typeof d === 'object') ? d.value : d),
			})),
			markLines: opt.series.flatMap(s => (s.markLine && s.markLine.data || []).map(m => m.name)),
		});
	})()`)
	var st chartState
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

// valueAt returns the value of the first solid series named name in year.
func (st chartState) valueAt(name, year string) any {
	i := -1
	for j, y := range st.Years {
		if y == year {
			i = j
		}
	}
	for _, s := range st.Series {
		if s.Name == name && !s.Dashed && i >= 0 && i < len(s.Values) {
			return s.Values[i]
		}
	}
	return nil
}

func (b *browser) checkNoProblems(t *testing.T) {
	t.Helper()
	for _, p := range b.takeProblems() {
		t.Error(p)
	}
}

// chartView is what ECharts itself drew for the chart in element id: the
// labels on its time axis, and the month names of the locale it speaks
// (for its own interface: toolbox, "no data", aria).
type chartView struct {
	AxisLabels []string `json:"axisLabels"`
	Months     []string `json:"months"`
}

func (b *browser) chartView(t *testing.T, id string) chartView {
	t.Helper()
	raw := b.eval(t, `(() => {
		const model = echarts.getInstanceByDom(document.getElementById(`+"`"+id+"`"+`)).getModel();
		return JSON.stringify({
			axisLabels: model.getComponent('xAxis', 0).axis.getViewLabels().map(l => l.formattedLabel),
			months: model.getLocaleModel().get(['time', 'month']),
		});
	})()`)
	var v chartView
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// tooltip shows the axis tooltip of the chart in element id at year and
// returns its text as the dashboard's script gave it to ECharts.
func (b *browser) tooltip(t *testing.T, id, year string) string {
	t.Helper()
	b.eval(t, `(() => {
		const chart = echarts.getInstanceByDom(document.getElementById(`+"`"+id+"`"+`));
		const opt = chart.getOption();
		const format = opt.tooltip[0].formatter;
		window.tradedashTip = undefined;
		chart.setOption({tooltip: {formatter: p => (window.tradedashTip = format(p))}});
		chart.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: opt.xAxis[0].data.indexOf(`+"`"+year+"`"+`)});
		return '';
	})()`)
	s, err := chromedp.Run(b.ctx, chromedp.Poll[string](`window.tradedashTip`))
	if err != nil {
		t.Fatalf("tooltip of %s at %s: %v", id, year, err)
	}
	return s
}

// checkLanguage checks that the page speaks l: its html lang, no message
// key shown instead of its text, and no text in another language but the
// data's own (notes, sources, file names) and what is marked with its
// language (a milestone title the page has only in English, the
// language switch).
func (b *browser) checkLanguage(t *testing.T, l locale.Lang) {
	t.Helper()
	if got := b.eval(t, `document.documentElement.lang`); got != l.Tag() {
		t.Errorf("html lang = %q, want %q", got, l.Tag())
	}
	text := b.eval(t, `document.title + '\n' + document.body.innerText`)
	for _, w := range messageKey.FindAllString(text, -1) {
		if l.Has(w) {
			t.Errorf("message key shown instead of its text: %s", w)
		}
	}
	foreign := b.eval(t, `(() => {
		const skip = '.source, .ms-note, .note, .file, [lang]:not([lang="`+l.Tag()+`"])';
		const out = [];
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			if (!n.parentElement.closest(skip) && !n.parentElement.closest('script')) out.push(n.data);
		}
		return document.title + '\n' + out.join('\n');
	})()`)
	other := map[locale.Lang]*regexp.Regexp{
		locale.ZH: regexp.MustCompile(`[\p{Cyrillic}]+`),
		locale.EN: regexp.MustCompile(`[\p{Cyrillic}\p{Han}]+`),
		locale.RU: regexp.MustCompile(`[\p{Han}]+`),
	}[l]
	if other == nil {
		t.Fatalf("no script check for %s", l)
	}
	if m := other.FindAllString(foreign, 5); m != nil {
		t.Errorf("%s page shows text in another language, unmarked: %q", l, m)
	}
}

// messageKey is what a message key looks like in a page's text.
var messageKey = regexp.MustCompile(`\b[a-z]+(\.[a-z0-9_]+)+\b`)

// fontsOf returns the fonts Chromium drew the text of the first element
// matching sel with, and how many glyphs each drew.
func (b *browser) fontsOf(t *testing.T, sel string) map[string]float64 {
	t.Helper()
	ids, err := chromedp.Run(b.ctx, chromedp.QueryNodeIDs(chromedp.CSS(sel)))
	if err != nil || len(ids) == 0 {
		t.Fatalf("%s: %v", sel, err)
	}
	if _, err := chromedp.Call(b.ctx, css.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Call(b.ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: ids[0]})
	if err != nil {
		t.Fatalf("fonts of %s: %v", sel, err)
	}
	fonts := map[string]float64{}
	for _, f := range res.Fonts {
		fonts[f.FamilyName] += f.GlyphCount
	}
	return fonts
}

// checkChineseGlyphs checks that Chromium draws the heading's Chinese
// characters with a font that has them, not as empty boxes: without a CJK
// font (Debian's fonts-noto-cjk, see scripts/install-deps.sh) a page, a
// chart and a screenshot in Chinese show nothing a reader can read.
func (b *browser) checkChineseGlyphs(t *testing.T) {
	t.Helper()
	han := len(hanChars.FindAllString(b.eval(t, `document.querySelector('h1').innerText`), -1))
	if han == 0 {
		t.Fatal("the heading has no Chinese characters")
	}
	fonts := b.fontsOf(t, "h1")
	drawn := 0.0
	for name, glyphs := range fonts {
		if cjkFont.MatchString(name) {
			drawn += glyphs
		}
	}
	if drawn < float64(han) {
		t.Errorf("the heading's %d Chinese characters are drawn with %v: no CJK font (apt-get install fonts-noto-cjk)", han, fonts)
	}
}

var (
	hanChars = regexp.MustCompile(`\p{Han}`)
	cjkFont  = regexp.MustCompile(`(?i)CJK|Source Han|WenQuanYi|Droid Sans Fallback|AR PL`)
)
