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
      // A choropleth of 全覆盖率 (percent, banded legend) over the regions' own outlines, with
      // the service points as a scatter layer; labels carry a white halo and sit above the dots.
      echarts.registerMap(spec.map_name, spec.geojson);
      var byName = {};
      spec.regions.forEach(function (r) { byName[r.name] = r; });
      return {
        title: title,
        tooltip: {trigger: "item", confine: true, formatter: function (params) {
          if (params.seriesType === "scatter") { return tip(params); }
          var region = byName[params.name];
          return region ? tip({name: params.name, data: region}) : esc(params.name);
        }},
        legend: {data: ["服务阵地"], right: 10, top: 30, selectedMode: true},
        visualMap: {
          type: "piecewise", seriesIndex: 0, left: 10, bottom: 10, orient: "vertical",
          text: [spec.value_label + "（%）"], showLabel: true, itemGap: 6,
          pieces: spec.bands.map(function (b) {
            var piece = {label: b.label, color: b.color, gte: b.gte};
            if (b.lt !== undefined) { piece.lt = b.lt; } else { piece.lte = b.lte; }
            return piece;
          }),
          outOfRange: {color: "#d9d9d9"}
        },
        geo: {
          map: spec.map_name, roam: false, top: 50, bottom: 20, left: 150, right: 20,
          aspectScale: spec.aspect || 0.85, tooltip: {show: true},
          itemStyle: {areaColor: "#d9d9d9", borderColor: "#ffffff", borderWidth: 1.5},
          label: {show: true, fontSize: 12, color: "#1a1a1a", textBorderColor: "#ffffff", textBorderWidth: 3,
                  formatter: function (p) {
                    var r = byName[p.name];
                    return p.name + (r ? "\n" + r.rate : "");
                  }},
          emphasis: {label: {show: true}, itemStyle: {areaColor: "#fdd49e"}},
          select: {disabled: true}
        },
        series: [
          {type: "map", geoIndex: 0, name: spec.value_label || "", data: spec.regions},
          {type: "scatter", coordinateSystem: "geo", name: "服务阵地", symbol: "circle", symbolSize: 7, z: 1,
           itemStyle: {color: "#b22222", borderColor: "#ffffff", borderWidth: 1}, data: spec.markers}
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
    var regions = {};
    (spec.regions || []).forEach(function (r) { regions[r.name] = r; });
    chart.on("click", function (params) {
      var target = (params.data && params.data.url) ? params.data : regions[params.name];
      if (params.seriesType !== "scatter" && target && target.url) { window.location.href = target.url; }
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
