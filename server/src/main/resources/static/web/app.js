// Custodian workspace behaviour: charts from JSON data blocks (no inline script, CSP-safe) and
// keyboard shortcuts. Runs on load and after every htmx swap.
(function () {
  "use strict";

  function seriesData(el) {
    var block = document.getElementById(el.getAttribute("data-series"));
    return block ? JSON.parse(block.textContent) : null;
  }

  function option(data) {
    // A vital series {name, unit, dates, values} or a trend {series, lowRange, highRange}.
    var s = data.series || data;
    var markArea = [];
    if (data.lowRange && data.highRange) {
      markArea = [[{ yAxis: Number(data.lowRange) }, { yAxis: Number(data.highRange) }]];
    }
    return {
      animation: false,
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: s.unit, scale: true },
      series: [{
        name: s.name, type: "line", showSymbol: s.values.length < 60,
        data: s.dates.map(function (d, i) { return [d, s.values[i]]; }),
        markArea: { silent: true, itemStyle: { color: "rgba(46, 125, 50, 0.10)" }, data: markArea }
      }]
    };
  }

  function drawCharts(root) {
    if (typeof echarts === "undefined") {
      return;
    }
    root.querySelectorAll(".echart[data-series]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) {
        return;
      }
      var data = seriesData(el);
      if (!data) {
        return;
      }
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(data));
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawCharts(e.target); });

  // "/" focuses the finder's name field, as in most search-first tools.
  document.addEventListener("keydown", function (e) {
    var tag = (e.target && e.target.tagName) || "";
    if (e.key === "/" && tag !== "INPUT" && tag !== "TEXTAREA" && tag !== "SELECT") {
      var field = document.getElementById("name");
      if (field) {
        e.preventDefault();
        field.focus();
      }
    }
  });
})();
