/* Search-as-you-type suggestions for every search form (header and /cari/), and
 * result-click logging and the result filters' disclosure on /cari/. Progressive enhancement: without this script the
 * search form and results work as plain links and a GET form. Suggestions come from
 * the form's data-suggest-url (/api/search/suggest/, at most 10 items).
 */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var counter = 0;

  function enhance(input) {
    var form = input.form;
    if (!form || !form.dataset.suggestUrl || input.dataset.searchEnhanced) return;
    var suggestUrl = form.dataset.suggestUrl;
    input.dataset.searchEnhanced = "1";
    counter += 1;
    var listId = "saran-pencarian-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.dataset.suggestLabel || "Saran pencarian");
    list.hidden = true;
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-expanded", "false");

    var timer = null;
    var lastQuery = "";
    var active = -1;
    var controller = null;

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function select(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(items) {
      list.textContent = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = item.url;
        option.appendChild(document.createTextNode(item.title));
        var kind = document.createElement("small");
        kind.textContent = item.type_label;
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(item.url);
        });
        list.appendChild(option);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
    }

    function fetchSuggestions() {
      var query = input.value;
      if (query.trim().length < 2) {
        close();
        return;
      }
      if (query === lastQuery) return;
      lastQuery = query;
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      fetch(suggestUrl + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (input.value === query) render(data.suggestions || []);
        })
        .catch(function () {
          /* Suggestions are optional: a failed request leaves the plain form. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var options = list.querySelectorAll("[role=option]");
      if (list.hidden || !options.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select((active + 1) % options.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        select(active <= 0 ? options.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(options[active].dataset.url);
      } else if (event.key === "Escape") {
        // Close the list but keep the query (a search field would clear itself).
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function logClicks(results) {
    var searchId = results.dataset.searchId;
    var url = results.dataset.clickUrl;
    if (!searchId || !url || !navigator.sendBeacon) return;
    results.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-search-position]");
      if (!link) return;
      var data = new FormData();
      data.append("search_id", searchId);
      data.append("position", link.dataset.searchPosition);
      data.append("url", link.getAttribute("href"));
      navigator.sendBeacon(url, data);
    });
  }

  // Result filters on /cari/: behind "Saring" on phones (the first result stays on the
  // first screen), open beside the results on wide screens.
  function placeFilters() {
    var wide = window.matchMedia("(min-width: 56rem)");
    var panels = document.querySelectorAll("details[data-open-when-wide]");
    function apply() {
      panels.forEach(function (panel) {
        panel.open = wide.matches;
      });
    }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
  }

  document.querySelectorAll(".search-form input[name=q]").forEach(enhance);
  placeFilters();
  document.querySelectorAll(".search-results[data-search-id]").forEach(logClicks);
})();
