// tradedash dashboard script. It draws every chart whose ECharts option the
// server put in a <script type="application/json" class="chart-option"
// data-chart="ID"> block into the element with that ID, and submits the
// filter form when a single-choice filter changes. It is the only script the
// pages run: the Content-Security-Policy forbids inline script.
(function () {
  'use strict';

  // The page's language writes the axes' numbers ("10 000", "10,000"), and
  // names ECharts' own locale for its interface: 'EN' and 'ZH' are built
  // in, others are registered by the i18n script the page loads.
  var lang = document.documentElement.lang || 'ru';
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  var chartLocale = lang.toUpperCase();

  // str turns a value into tooltip text. A zero-width space after every
  // "{" keeps text such as "{a|b}" from being read as rich-text markup.
  function str(v) {
    return v === undefined || v === null ? '' : String(v).replace(/\{/g, '{\u200b');
  }

  // tooltipFor returns the tooltip of a chart: its text for an axis or an
  // item. Tooltips are rendered as canvas rich text (renderMode
  // 'richText'), never as HTML, because every string here comes from the
  // data. A point may carry its line ("Companies: 400+", with status) in
  // data.text, and milestones of its year in data.milestones. The
  // heading is the axis value written as the axis labels it ("2023年").
  function tooltipFor(option) {
    var x = Array.isArray(option.xAxis) ? option.xAxis[0] : option.xAxis;
    var label = x && x.axisLabel && typeof x.axisLabel.formatter === 'string' ? x.axisLabel.formatter : '{value}';
    return function (params) { return tooltip(params, label); };
  }

  function tooltip(params, label) {
    if (!Array.isArray(params)) {
      params = [params];
    }
    var lines = [];
    var seen = {};
    var notes = [];
    params.forEach(function (p, i) {
      if (p.componentType === 'markLine' || p.componentType === 'markPoint') {
        lines.push(str(p.name));
        return;
      }
      if (i === 0) {
        var heading = str(p.axisValueLabel || p.name);
        lines.push(label.replace('{value}', function () { return heading; }));
      }
      var d = p.data;
      if (d === null || d === undefined || typeof d !== 'object' || d.value === '-' || d.value === null) {
        return;
      }
      var key = str(p.seriesName) + '\u0000' + str(d.text);
      if (!seen[key]) { // a figure drawn by both the solid and the dashed line
        seen[key] = true;
        lines.push(String(p.marker || '') + (d.text ? str(d.text) : str(p.seriesName) + ': ' + numbers.format(d.value)));
      }
      (d.milestones || []).forEach(function (m) {
        if (notes.indexOf(m) < 0) {
          notes.push(m);
        }
      });
    });
    notes.forEach(function (m) {
      lines.push('◆ ' + str(m));
    });
    return lines.join('\n');
  }

  function each(list, fn) {
    if (Array.isArray(list)) {
      list.forEach(fn);
    } else if (list) {
      fn(list);
    }
  }

  // prepare adds what JSON cannot carry (functions) and what safety demands
  // whatever the server sent: text-only tooltips.
  function prepare(option) {
    var tips = option.tooltip;
    if (!tips) {
      tips = option.tooltip = {};
    }
    each(tips, function (t) {
      t.renderMode = 'richText';
      t.formatter = tooltipFor(option);
    });
    each(option.series, function (s) {
      if (s.tooltip) {
        s.tooltip.renderMode = 'richText';
      }
    });
    each(option.yAxis, function (axis) {
      if (axis.type === 'value' || axis.type === undefined) {
        axis.axisLabel = axis.axisLabel || {};
        axis.axisLabel.formatter = function (v) { return numbers.format(v); };
        axis.boundaryGap = ['0%', '12%']; // room above the top point for its label
      }
    });
    return option;
  }

  function draw(block) {
    var el = document.getElementById(block.getAttribute('data-chart'));
    if (!el || typeof echarts === 'undefined') {
      return;
    }
    var option = prepare(JSON.parse(block.textContent));
    var chart = echarts.init(el, null, { renderer: 'canvas', locale: chartLocale });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
    el.setAttribute('data-ready', 'true');
  }

  function autoSubmit(form) {
    form.querySelectorAll('select:not([multiple])').forEach(function (sel) {
      sel.addEventListener('change', function () {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      });
    });
  }

  function start() {
    document.querySelectorAll('script.chart-option[data-chart]').forEach(draw);
    document.querySelectorAll('form.filters').forEach(autoSubmit);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
