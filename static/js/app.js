/* Basisbaan: the little the pages do in the browser (no inline scripts: the CSP forbids
   them). Everything works without it; this only moves focus where a user needs it. */
(function () {
  "use strict";

  /* The styles that need this script (the folding menu) apply only when it runs. */
  document.documentElement.classList.add("app-js");

  /* After a failed submit: focus on the error summary, "Fout:" before the page title. */
  function showErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (!summary) return false;
    var prefix = summary.getAttribute("data-title-prefix") || "";
    if (prefix && document.title.indexOf(prefix) !== 0) {
      document.title = prefix + " " + document.title;
    }
    summary.focus();
    return true;
  }

  /* A link in the summary moves focus to its field (an anchor alone only scrolls). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  /* Disclosure of the menu on small screens: the button toggles aria-expanded. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-menu-toggle]");
    if (!button) return;
    var open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });

  /* After an htmx swap: an error summary in the new content gets focus; otherwise focus
     stays where it was, unless that element is gone, then it goes to the swapped region. */
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || showErrorSummary(target)) return;
    if (!document.activeElement || document.activeElement === document.body) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  });

  /* The week grid's totals follow what is typed (the server counts them again on save). */
  function minutes(input) {
    var value = parseInt(input.value.replace(/[.\s]/g, ""), 10);
    return isNaN(value) || value < 0 ? 0 : value;
  }
  document.addEventListener("input", function (event) {
    var grid = event.target.closest("[data-week-grid]");
    if (!grid) return;
    var rows = grid.querySelectorAll("tbody tr");
    var columns = [];
    rows.forEach(function (row) {
      var sum = 0;
      row.querySelectorAll("input").forEach(function (input, index) {
        var value = minutes(input);
        sum += value;
        columns[index] = (columns[index] || 0) + value;
      });
      row.querySelector("[data-row-total]").textContent = String(sum);
    });
    grid.querySelectorAll("[data-column-total]").forEach(function (cell, index) {
      cell.textContent = String(columns[index] || 0);
    });
    var grand = columns.reduce(function (a, b) { return a + b; }, 0);
    grid.querySelector("[data-grand-total] strong").textContent = String(grand);
  });

  /* Long server work (checking or importing a workbook): on submit the button is disabled
     and a progress bar fills at the rate the server is known to manage (data-rows rows at
     data-rate rows a second), stopping short of full until the page answers. */
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-busy]");
    if (!form) return;
    var status = form.querySelector("[data-busy-status]");
    var bar = form.querySelector("progress");
    form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
    if (!status || !bar) return;
    status.hidden = false;
    var rows = parseInt(form.getAttribute("data-rows"), 10) || 1;
    var rate = parseInt(form.getAttribute("data-rate"), 10) || 300;
    var started = Date.now();
    window.setInterval(function () {
      var done = Math.min(0.95, ((Date.now() - started) / 1000) * rate / rows);
      bar.value = Math.round(done * 100);
      bar.textContent = bar.value + "%";
    }, 250);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showErrorSummary(document); });
  } else {
    showErrorSummary(document);
  }
})();
