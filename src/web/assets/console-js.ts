/**
 * The console's one script (served as /assets/console.js, after ECharts): every table marked
 * `data-chart` gets a line chart of its numeric columns drawn above it. The table stays, so the
 * page says the same without JavaScript.
 */
export const CONSOLE_JS = `(function () {
  'use strict';
  function number(text) { var n = Number(String(text).replace(/[^0-9.-]/g, '')); return isFinite(n) ? n : 0; }
  function draw(table) {
    if (!window.echarts) return;
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    var series = (table.getAttribute('data-series') || '').split(',').filter(Boolean).map(Number);
    var labels = [];
    var data = series.map(function () { return []; });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      labels.push(row.cells[0].textContent.trim());
      series.forEach(function (col, i) { data[i].push(number(row.cells[col].textContent)); });
    });
    if (table.getAttribute('data-order') === 'newest-first') { labels.reverse(); data.forEach(function (d) { d.reverse(); }); }
    var box = document.createElement('div');
    box.className = 'chart';
    box.setAttribute('role', 'img');
    box.setAttribute('aria-label', table.getAttribute('data-chart') || '');
    table.parentNode.parentNode.insertBefore(box, table.parentNode);
    var chart = window.echarts.init(box, null, { renderer: 'svg' });
    chart.setOption({
      // The page's own font: ECharts' default names none with Chinese glyphs on every system.
      textStyle: { fontFamily: window.getComputedStyle(document.body).fontFamily },
      tooltip: { trigger: 'axis' },
      legend: { show: series.length > 1, top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: series.map(function (col, i) { return { name: heads[col], type: 'line', data: data[i], symbolSize: 6 }; })
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  function start() { Array.prototype.forEach.call(document.querySelectorAll('table[data-chart]'), draw); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;
