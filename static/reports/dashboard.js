/* Progress dashboard charts (Apache ECharts, vendored). The data comes from the
   page's <script type="application/json" id="chart-data"> (json_script); the CSP
   forbids inline script, so nothing else is needed. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var labels = data.labels;
  var charts = [];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return;
    }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
  }

  var targetLine = data.target === null ? undefined : {
    symbol: "none",
    // to the right of the plot, in the grid's right margin: never on top of a bar's own label
    label: { position: "end", formatter: labels.target + "\n{c}%", color: "#c0392b" },
    lineStyle: { color: "#c0392b", type: "dashed" },
    data: [{ yAxis: data.target }]
  };

  draw("chart-coverage", {
    animation: false,
    title: { text: labels.coverageTitle, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: function (value) { return value + "%"; } },
    grid: { left: 48, right: 56, bottom: 48, top: 48 },
    xAxis: { type: "category", data: data.townships, axisLabel: { interval: 0 } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{
      name: labels.coverage,
      type: "bar",
      data: data.coverage,
      itemStyle: { color: "#1f5fa8" },
      label: { show: true, position: "top", formatter: "{c}%" },
      markLine: targetLine
    }]
  });

  function column(key) {
    return data.trajectory.map(function (point) { return point[key]; });
  }

  draw("chart-trajectory", {
    animation: false,
    title: { text: labels.trajectoryTitle, left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis", valueFormatter: function (value) { return value === null || value === undefined ? "—" : value + "%"; } },
    legend: { bottom: 0 },
    grid: { left: 48, right: 24, bottom: 56, top: 48 },
    xAxis: { type: "category", data: column("label") },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      { name: labels.planned, type: "line", data: column("planned"), itemStyle: { color: "#7f8c8d" } },
      { name: labels.actual, type: "line", data: column("actual"), itemStyle: { color: "#1f5fa8" }, connectNulls: false },
      { name: labels.target, type: "scatter", data: column("target"), symbolSize: 12, itemStyle: { color: "#c0392b" } }
    ]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
