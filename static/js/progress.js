/* Pages of documents and batches still being built: poll their status and update the progress
   in place (loaded only while unfinished; without script, the page refreshes itself). */
(function () {
  var card = document.getElementById("batch");
  if (!card) { return; }
  var bar = card.querySelector("progress");
  var label = card.querySelector("[data-progress]");
  var badges = {done: "ok", failed: "bad"};
  function show(row, state) {
    var badge = row.querySelector("[data-status]");
    badge.textContent = state.status_display;
    badge.className = "badge " + (badges[state.status] || "warn");
    row.querySelector("[data-document-progress]").textContent = state.progress + "%";
    if (state.download_url && !row.querySelector("[data-download]")) {
      var link = document.createElement("a");
      link.href = state.download_url;
      link.setAttribute("data-download", "");
      link.textContent = "PDF";
      var cell = row.querySelector("[data-download-cell]");
      cell.textContent = "";
      cell.appendChild(link);
    }
  }
  function poll() {
    fetch(card.dataset.statusUrl, {credentials: "same-origin"}).then(function (response) {
      return response.json();
    }).then(function (state) {
      if (state.status === "done" || state.status === "failed") {
        window.location.reload();
        return;
      }
      state.documents.forEach(function (item) {
        var row = document.getElementById("document-" + item.id);
        if (row) { show(row, item); }
      });
      var badge = card.querySelector("[data-batch-status]");
      badge.textContent = state.status_display;
      badge.className = "badge " + (badges[state.status] || "warn");
      card.querySelector("[data-counts]").textContent = state.counts_display;
      bar.value = state.progress;
      label.textContent = state.progress;
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();

(function () {
  var card = document.getElementById("document");
  if (!card) { return; }
  var bar = card.querySelector("progress");
  var label = card.querySelector("[data-progress]");
  function poll() {
    fetch(card.dataset.statusUrl, {credentials: "same-origin"}).then(function (response) {
      return response.json();
    }).then(function (state) {
      if (state.status !== card.dataset.status && (state.status === "done" || state.status === "failed")) {
        window.location.reload();
        return;
      }
      bar.value = state.progress;
      label.textContent = state.progress;
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
