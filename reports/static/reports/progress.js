// 报表中心: poll the states of unfinished jobs and move their progress bars (no reload, no CDN).
(function () {
  "use strict";
  var table = document.getElementById("report-jobs");
  if (!table) return;
  var url = table.dataset.statusUrl;

  function pending() {
    return Array.prototype.filter.call(table.querySelectorAll("tr[data-job]"), function (row) {
      return row.dataset.status === "queued" || row.dataset.status === "running";
    });
  }

  function apply(state) {
    var row = table.querySelector('tr[data-job="' + state.id + '"]');
    if (!row) return;
    var finished = state.status === "done" || state.status === "failed";
    row.dataset.status = state.status;
    row.querySelector(".dy-status").textContent = state.status_label;
    row.querySelector(".dy-bar span").style.width = state.progress + "%";
    row.querySelector(".dy-bar").setAttribute("aria-valuenow", state.progress);
    row.querySelector(".dy-progress").textContent = state.progress + "%";
    row.querySelector(".dy-error").textContent = state.error || "";
    var link = row.querySelector(".dy-download");
    if (state.download) {
      link.href = state.download;
      link.textContent = "下载" + (state.pages ? "（" + state.pages + "页）" : "");
      link.hidden = false;
    }
    if (state.status === "failed" && finished) {
      // The retry button is rendered by the server; reload once so it appears.
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }
  }

  function poll() {
    var rows = pending();
    if (!rows.length) return;
    var ids = rows.map(function (row) { return row.dataset.job; }).join(",");
    fetch(url + "?ids=" + ids, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { jobs: [] }; })
      .then(function (data) { data.jobs.forEach(apply); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 2000); });
  }

  window.setTimeout(poll, 1000);
})();
