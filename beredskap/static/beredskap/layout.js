/* Beredskap layout at every width, for every page (loaded by base.html, deferred).

   Tables: each table that is not already inside a `.table-scroll` is wrapped in one, a
   keyboard-focusable region named after the table's caption (or "heading, table"),
   so a wide table scrolls inside its own box and never the page. A line under the
   region ("Swipe to see more columns") appears only while the table is wider than its box.

   Main menu: on a narrow screen the menu folds behind a button; without JavaScript it
   simply wraps, so nothing depends on this file. Texts come from data attributes of the
   script element, translated by Django. */
(function () {
  "use strict";
  var script = document.currentScript;
  var texts = {
    table: script.dataset.tableLabel,
    hint: script.dataset.scrollHint
  };

  function labelFor(table) {
    var node = table;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) return previous.textContent.trim();
        var inner = previous.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1].textContent.trim();
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return "";
  }

  var regions = [];
  var used = {};

  /* The names landmarks on the page already have (sections, regions, navigation). */
  document.querySelectorAll("section, nav, aside, [role=region]").forEach(function (el) {
    var by = el.getAttribute("aria-labelledby");
    var target = by && document.getElementById(by);
    var name = target ? target.textContent.trim() : el.getAttribute("aria-label");
    if (name) used[name] = 1;
  });

  /* A landmark's name must be unique: a table under a section's heading is named
     "Heading, table", and a second one under the same heading gets a number. */
  function uniqueName(table) {
    var caption = table.querySelector("caption");
    var heading = labelFor(table);
    var name = caption && caption.textContent.trim()
      ? caption.textContent.trim()
      : (heading ? heading + ", " + texts.table.toLowerCase() : texts.table);
    if (used[name] && name.indexOf(texts.table.toLowerCase()) < 0) {
      name = name + ", " + texts.table.toLowerCase();
    }
    used[name] = (used[name] || 0) + 1;
    return used[name] > 1 ? name + " " + used[name] : name;
  }

  function prepare(region, table) {
    if (!region.hasAttribute("tabindex")) region.setAttribute("tabindex", "0");
    if (!region.hasAttribute("role")) region.setAttribute("role", "region");
    if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
      region.setAttribute("aria-label", uniqueName(table));
    }
    var hint = document.createElement("p");
    hint.className = "scroll-hint";
    hint.hidden = true;
    hint.textContent = texts.hint;
    region.parentNode.insertBefore(hint, region.nextSibling);
    regions.push([region, hint]);
  }

  function wrapTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var region = table.closest(".table-scroll");
      if (!region) {
        region = document.createElement("div");
        region.className = "table-scroll";
        table.parentNode.insertBefore(region, table);
        region.appendChild(table);
      }
      if (!region.dataset.prepared) {
        region.dataset.prepared = "1";
        prepare(region, table);
      }
    });
  }

  function showHints() {
    regions.forEach(function (pair) {
      var wide = pair[0].scrollWidth > pair[0].clientWidth + 1;
      pair[1].hidden = !wide;
      pair[0].classList.toggle("is-wide", wide);
    });
  }

  function foldMenu() {
    var toggle = document.getElementById("menu-toggle");
    var menu = document.getElementById("main-menu");
    if (!toggle || !menu) return;
    toggle.hidden = false;
    document.documentElement.classList.add("menu-folds");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  wrapTables();
  showHints();
  foldMenu();
  window.addEventListener("resize", showHints);
  document.body.addEventListener("htmx:afterSettle", function () {
    wrapTables();
    showHints();
  });
})();
