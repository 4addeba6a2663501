/* Draws the dashboard charts with ECharts 5.6.0 (echarts-5.6.0.min.js beside this file, Apache-2.0).
   Each chart is a <div data-dy-chart="ID"> with a json_script block #ID describing it:
   {type: "bar"|"pie"|"treemap"|"geo", ...}. Clicking a node that carries a `url` opens it. */
(function () {
  "use strict";

  function esc(text) {
    return echarts.format.encodeHTML(String(text === null || text === undefined ? "—" : text));
  }

  function tip(params) {
    var d = params.data || {};
    if (!d.figures) { return esc(params.name) + (params.value !== undefined ? "：" + esc(params.value) : ""); }
    var lines = ["<strong>" + esc(d.name) + "</strong>"];
    d.figures.forEach(function (pair) { lines.push(esc(pair[0]) + "：" + esc(pair[1])); });
    if (d.url) { lines.push("（点击查看下一级）"); }
    return lines.join("<br>");
  }

  function option(spec) {
    var title = {text: spec.title || "", left: "center", textStyle: {fontSize: 14}};
    if (spec.type === "bar") {
      return {
        title: title, tooltip: {trigger: "axis"}, grid: {left: 50, right: 20, top: 40, bottom: 30},
        xAxis: {type: "category", data: spec.labels}, yAxis: {type: "value", name: "小时"},
        series: [{type: "bar", name: "服务时长", data: spec.values, itemStyle: {color: "#c0392b"}}]
      };
    }
    if (spec.type === "pie") {
      return {
        title: title, tooltip: {trigger: "item", formatter: "{b}：{c}（{d}%）"},
        series: [{type: "pie", radius: ["35%", "65%"], top: 30, data: spec.items}]
      };
    }
    if (spec.type === "treemap") {
      return {
        title: title, tooltip: {formatter: tip},
        series: [{
          type: "treemap", top: 40, bottom: 10, left: 10, right: 10, roam: false, nodeClick: false,
          breadcrumb: {show: false}, data: spec.items,
          label: {show: true, formatter: function (p) { return p.name + "\n" + (p.data.caption || ""); }},
          levels: [{itemStyle: {borderColor: "#fff", borderWidth: 2, gapWidth: 2}}],
          colorMappingBy: "index"
        }]
      };
    }
    if (spec.type === "geo") {
      echarts.registerMap(spec.map_name, spec.geojson);
      var max = Math.max.apply(null, spec.regions.map(function (r) { return r.value || 0; }).concat([1]));
      return {
        title: title, tooltip: {trigger: "item", formatter: tip},
        visualMap: {min: 0, max: max, left: "left", bottom: 10, text: ["高", "低"], calculable: true,
                    seriesIndex: 0, inRange: {color: ["#fde0dd", "#c51b8a"]}},
        geo: {map: spec.map_name, roam: true, top: 40, bottom: 20, label: {show: true},
              itemStyle: {borderColor: "#fff"}, emphasis: {label: {show: true}}},
        series: [
          {type: "map", geoIndex: 0, name: spec.value_label || "", data: spec.regions},
          {type: "scatter", coordinateSystem: "geo", name: "服务阵地", symbolSize: 9,
           itemStyle: {color: "#1f4e79"}, data: spec.markers, zlevel: 1}
        ]
      };
    }
    return {title: title};
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-dy-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    // SVG: the drawn regions are real elements (crisp when printed, reachable by browser tests).
    var chart = echarts.init(element, null, {renderer: "svg", locale: "ZH"});
    chart.setOption(option(spec));
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.href = params.data.url; }
    });
    element.setAttribute("data-dy-ready", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    document.querySelectorAll("[data-dy-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
