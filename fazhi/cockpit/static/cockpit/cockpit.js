// The 驾驶舱's charts, drawn by ECharts (served from the project's static files) from the JSON
// the page carries. A click on a unit's bar opens the records behind its value.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("cockpit-data");
    if (!source || typeof echarts === "undefined") return;
    var data = JSON.parse(source.textContent);
    var unit = data.figure.unit;

    var units = echarts.init(document.getElementById("chart-units"));
    units.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: unit },
      yAxis: { type: "category", inverse: true, data: data.units.map(function (u) { return u.name; }) },
      series: [{ type: "bar", name: data.figure.label, data: data.units.map(function (u) { return u.value; }) }]
    });
    units.on("click", function (params) {
      var target = data.units[params.dataIndex];
      if (target && target.url) window.location.href = target.url;
    });

    var months = echarts.init(document.getElementById("chart-months"));
    months.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: [data.months.year + "年", (data.months.year - 1) + "年"] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months.labels },
      yAxis: { type: "value", name: unit },
      series: [
        { type: "line", name: data.months.year + "年", data: data.months.current },
        { type: "line", name: (data.months.year - 1) + "年", data: data.months.previous, lineStyle: { type: "dashed" } }
      ]
    });

    var work = echarts.init(document.getElementById("chart-work"));
    work.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["逾期", "临期"] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "件" },
      yAxis: { type: "category", inverse: true, data: data.work.map(function (w) { return w.name; }) },
      series: [
        { type: "bar", stack: "all", name: "逾期", color: "#a4161a", data: data.work.map(function (w) { return w.overdue; }) },
        { type: "bar", stack: "all", name: "临期", color: "#e9a23b", data: data.work.map(function (w) { return w.due_soon; }) }
      ]
    });

    document.body.classList.add("charts-drawn");
    window.addEventListener("resize", function () { units.resize(); months.resize(); work.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    var button = document.querySelector(".print-page");
    if (button) button.addEventListener("click", function () { window.print(); });
  });
})();
