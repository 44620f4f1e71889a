/* Behaviour every page shares, kept out of the pages so that the Content Security Policy allows no inline
   script: a select marked data-submit-on-change sends its form when a choice is made (the language). */
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-submit-on-change]") && target.form) {
    target.form.submit();
  }
});

/* The navigation's badges (worklist items, unread notifications), asked for after the page is shown so that no
   page pays for them: <nav data-counts="/todo/counts.json">, <span data-count="todo" hidden>. */
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector("nav[data-counts]");
  if (!nav || !window.fetch) {
    return;
  }
  fetch(nav.getAttribute("data-counts"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (response) { return response.ok ? response.json() : {}; })
    .then(function (counts) {
      document.querySelectorAll("[data-count]").forEach(function (badge) {
        var value = counts[badge.getAttribute("data-count")];
        if (value) {
          badge.textContent = value;
          badge.hidden = false;
        }
      });
    })
    .catch(function () {});
});
