package dashboard

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"

	"tradedash"
	"tradedash/reference"
	"tradedash/view"
)

// messages holds every string the pages show, in Russian and English.
// Templates and Go code name them by key; a test checks that every key used
// exists here and that no page shows a key instead of text. The vocabulary
// of the data itself (metric names, statuses, number and date formats) is in
// package view, shared with the other encoders.
var messages = map[string][2]string{
	"app.name":    {"tradedash", "tradedash"},
	"app.tagline": {"Выставочное сотрудничество в цифрах", "Exhibition cooperation in figures"},

	"nav.label":    {"Разделы", "Sections"},
	"nav.language": {"Язык", "Language"},
	"nav.overview": {"Обзор", "Overview"},
	"nav.compare":  {"Сравнение", "Compare"},
	"nav.data":     {"Данные", "Data"},
	"nav.imports":  {"Импорты", "Imports"},

	"footer.about": {"У каждой цифры указан источник; план и прогноз отмечены отдельно от факта.", "Every figure names its source; plans and forecasts are marked apart from results."},
	"footer.api":   {"Эти данные в JSON", "This data as JSON"},

	"vintage":      {"Данные на импорт № %d от %s", "Data as of import %d, %s"},
	"vintage.none": {"Данные ещё не загружены.", "No data has been imported yet."},
	"country.all":  {"Все участники", "All exhibitors"},

	"filter.exhibition":  {"Выставка", "Exhibition"},
	"filter.exhibitions": {"Выставки", "Exhibitions"},
	"filter.country":     {"Страна", "Country"},
	"filter.countries":   {"Страны", "Countries"},
	"filter.metric":      {"Показатель", "Metric"},
	"filter.metrics":     {"Показатели", "Metrics"},
	"filter.left":        {"Левая ось", "Left axis"},
	"filter.right":       {"Правая ось", "Right axis"},
	"filter.any":         {"Все", "All"},
	"filter.from":        {"Год с", "From year"},
	"filter.to":          {"Год по", "To year"},
	"filter.show":        {"Показать", "Show"},
	"filter.multi":       {"Несколько значений — с Ctrl или ⌘.", "Hold Ctrl or ⌘ to choose several."},

	"overview.title":  {"Обзор", "Overview"},
	"overview.latest": {"Последние данные", "Latest figures"},
	"overview.chart":  {"Динамика участия", "Participation over time"},
	"overview.byyear": {"По годам", "By year"},
	"overview.nodata": {"Для этой выставки и страны данных пока нет.", "There are no figures for this exhibition and country yet."},
	"overview.years":  {"%d–%d", "%d–%d"},

	"chart.hint": {"Сплошная линия — фактические результаты, пунктир и полые точки — план или прогноз, разрыв — год без данных. Номера над графиком — вехи из списка ниже; наведите курсор, чтобы увидеть подробности.",
		"Solid lines are results, dashed lines and hollow points are plans or forecasts, a break is a year without a figure. Numbers above the chart are the milestones listed below; hover for details."},

	"col.year":       {"Год", "Year"},
	"col.change":     {"Изм.", "Change"},
	"col.exhibition": {"Выставка", "Exhibition"},
	"col.country":    {"Страна", "Country"},
	"col.metric":     {"Показатель", "Metric"},
	"col.value":      {"Значение", "Value"},
	"col.qualifier":  {"Точность", "Qualifier"},
	"col.status":     {"Статус", "Status"},
	"col.source":     {"Источник", "Source"},
	"col.note":       {"Примечание", "Note"},
	"col.import":     {"Импорт", "Import"},
	"col.share":      {"Доля", "Share"},
	"col.date":       {"Дата", "Date"},
	"col.title":      {"Событие", "Event"},
	"col.id":         {"№", "No."},
	"col.started":    {"Начат", "Started"},
	"col.finished":   {"Завершён", "Finished"},
	"col.file":       {"Файл", "File"},
	"col.rows":       {"Строк", "Rows"},
	"col.new":        {"Новых", "New"},
	"col.changed":    {"Изменено", "Changed"},
	"col.unchanged":  {"Без изменений", "Unchanged"},
	"col.checksum":   {"SHA-256", "SHA-256"},
	"table.nodata":   {"нет данных", "no figure"},
	"change.since":   {"к %d", "vs %d"},

	"milestones.title": {"Вехи сотрудничества", "Milestones"},
	"milestones.none":  {"Вех для этой выборки нет.", "No milestones for this selection."},

	"compare.title":       {"Сравнение", "Compare"},
	"compare.bycountry":   {"%s: страны", "%s: countries"},
	"compare.byexhibit":   {"%s: выставки", "%s: exhibitions"},
	"compare.lead":        {"%s по годам", "%s by year"},
	"compare.shares":      {"Доля среди всех иностранных участников", "Share of all foreign exhibitors"},
	"compare.shares.hint": {"Компании страны в процентах от числа иностранных компаний выставки в тот же год — там, где это число известно.", "A country's companies as a percentage of the exhibition's foreign companies that year, where that total is known."},
	"compare.hint":        {"Сплошная линия — фактические результаты, пунктир и полые точки — план или прогноз, разрыв — год без данных.", "Solid lines are results, dashed lines and hollow points are plans or forecasts, a break is a year without a figure."},
	"compare.nodata":      {"Для этого сравнения данных пока нет.", "There are no figures for this comparison yet."},

	"data.title":     {"Данные", "Data"},
	"data.lead":      {"Текущие значения: откуда взята каждая цифра и каким импортом загружена.", "Current values: where each figure comes from and which import loaded it."},
	"data.figures":   {"Показатели", "Figures"},
	"data.count":     {"Строк: %s", "Rows: %s"},
	"data.truncated": {"Показаны первые %s строк: сузьте фильтр, чтобы увидеть остальные.", "Showing the first %s rows: narrow the filter to see the rest."},
	"data.nodata":    {"Под этот фильтр не подходит ни одна цифра.", "No figure matches this filter."},
	"data.sort":      {"Сортировать", "Sort"},

	"imports.title":       {"Импорты", "Imports"},
	"imports.lead":        {"Журнал загрузок данных. Видны только данные завершённых и не отменённых импортов.", "The log of data loads. Only data of committed, not rolled back imports is visible."},
	"imports.none":        {"Импортов ещё не было.", "Nothing has been imported yet."},
	"imports.running":     {"выполняется", "running"},
	"imports.committed":   {"загружен", "committed"},
	"imports.failed":      {"отклонён", "failed"},
	"imports.rolled_back": {"отменён", "rolled back"},
	"imports.abandoned":   {"прерван", "interrupted"},
	"imports.lost":        {"потерян (прерван)", "lost (killed)"},

	"error.title":       {"Ошибка", "Error"},
	"error.back":        {"На главную", "Back to the overview"},
	"error.400":         {"Неверный запрос", "Bad request"},
	"error.404":         {"Страница не найдена", "Page not found"},
	"error.404.text":    {"Такой страницы нет. Проверьте адрес.", "There is no such page. Check the address."},
	"error.405":         {"Метод не поддерживается", "Method not allowed"},
	"error.405.text":    {"Дашборд только показывает данные.", "The dashboard only shows data."},
	"error.413":         {"Запрос слишком большой", "Request too large"},
	"error.413.text":    {"Такой большой запрос дашборд не принимает.", "The dashboard does not take requests this large."},
	"error.414":         {"Адрес слишком длинный", "Address too long"},
	"error.414.text":    {"В адресе слишком много параметров. Выберите меньше стран или показателей.", "The address has too many parameters. Choose fewer countries or metrics."},
	"error.500":         {"Внутренняя ошибка", "Internal error"},
	"error.500.text":    {"Что-то пошло не так. Ошибка записана в журнал; попробуйте ещё раз.", "Something went wrong. The error has been logged; please try again."},
	"error.503":         {"База данных недоступна", "Database unavailable"},
	"error.503.text":    {"Сервер данных сейчас не отвечает. Страница заработает сама, как только он вернётся: обновите её через минуту.", "The data server is not answering right now. The page will work again by itself as soon as it is back: reload it in a minute."},
	"error.504":         {"Запрос выполняется слишком долго", "The query takes too long"},
	"error.504.text":    {"Запрос не уложился во время, отведённое одной странице: данных под фильтр слишком много. Сузьте фильтр (выставка, страна, показатель, годы) и повторите запрос.", "The query did not finish in the time one page may take: too much data matches. Narrow the filter (exhibition, country, metric, years) and try again."},
	"error.toobroad":    {"Под фильтр подходит больше %s значений: сузьте его (выставка, страна, показатель, годы).", "More than %s figures match: narrow the filter (exhibition, country, metric, years)."},
	"error.badrequest":  {"Сервер не может обработать этот запрос.", "The server cannot handle this request."},
	"error.status.text": {"Код ответа %d.", "Status %d."},
}

// locale is the language of one response: the page strings and, through
// view.Lang, the vocabulary and formats of the data.
type locale struct {
	view.Lang
	msgs map[string]string
}

var locales = func() map[view.Lang]*locale {
	out := map[view.Lang]*locale{}
	for i, lang := range []view.Lang{view.RU, view.EN} {
		l := &locale{Lang: lang, msgs: make(map[string]string, len(messages))}
		for k, v := range messages {
			l.msgs[k] = v[i]
		}
		out[lang] = l
	}
	return out
}()

// T returns the text of key. An unknown key comes back as itself, which the
// tests catch.
func (l *locale) T(key string) string {
	if s, ok := l.msgs[key]; ok {
		return s
	}
	return key
}

// Tf formats the text of key with args.
func (l *locale) Tf(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

// Country names a country in the reader's language; ALL is the whole
// exhibition. An unknown code is shown as it is.
func (l *locale) Country(code string) string {
	if code == tradedash.AllCountries {
		return l.T("country.all")
	}
	if c, ok := reference.CountryByCode(code); ok {
		return c.Name(string(l.Lang))
	}
	return code
}

// Exhibition names an exhibition in the reader's language.
func (l *locale) Exhibition(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.Name(string(l.Lang))
	}
	return code
}

// City names the city of an exhibition.
func (l *locale) City(code string) string {
	if e, ok := reference.ExhibitionByCode(code); ok {
		return e.City(string(l.Lang))
	}
	return ""
}

func (l *locale) vintage(v tradedash.Vintage) string {
	if v.ImportID == 0 {
		return l.T("vintage.none")
	}
	return l.Tf("vintage", v.ImportID, l.Time(v.At))
}

// milestoneTitle is a milestone's title in the reader's language, or in the
// other one when that is all there is.
func (l *locale) milestoneTitle(m tradedash.Milestone) string {
	ru, en := m.TitleRU, m.TitleEN
	if l.Lang == view.EN {
		ru, en = en, ru
	}
	if ru != "" {
		return ru
	}
	return en
}

var langMatcher = language.NewMatcher([]language.Tag{language.Russian, language.English})

// localeFor chooses the response language: the URL's lang if valid, then
// Accept-Language, then Russian.
func localeFor(c *fiber.Ctx) *locale {
	if l, ok := view.ParseLang(c.Query(view.ParamLang)); ok {
		return locales[l]
	}
	if accept := c.Get(fiber.HeaderAcceptLanguage); accept != "" {
		tag, _ := language.MatchStrings(langMatcher, accept)
		if base, _ := tag.Base(); base.String() == "en" {
			return locales[view.EN]
		}
	}
	return locales[view.RU]
}
