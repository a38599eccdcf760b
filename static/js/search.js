// Type-ahead for the search boxes (#search-q on the search page, #site-search-q
// in the header, #home-search-q on the home page). Without JavaScript the boxes are plain forms that submit to
// /search/. Suggestions come from /search/suggest/?q= as JSON and are rendered
// with textContent only, following the ARIA 1.2 combobox pattern.
(function () {
  "use strict";
  var DELAY_MS = 120;
  var counter = 0;

  function suggestUrl(input) {
    if (input.dataset.suggestUrl) return input.dataset.suggestUrl;
    var action = input.form && input.form.getAttribute("action");
    return action ? action.replace(/\/?$/, "/") + "suggest/" : null;
  }

  function attach(input) {
    var url = suggestUrl(input);
    if (!url || input.dataset.typeahead) return;
    input.dataset.typeahead = "on";
    counter += 1;
    var list = document.createElement("ul");
    list.id = input.id + "-suggestions";
    list.className = "typeahead-list";
    list.setAttribute("role", "listbox");
    // Named in the page's language: the template translates it.
    list.setAttribute("aria-label", document.body.dataset.suggestionsLabel || "Suggestions");
    list.hidden = true;
    input.parentNode.classList.add("typeahead");
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    // The browser's own history list would cover the suggestions.
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var controller = null;
    var active = -1;
    var items = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach(function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(results) {
      list.textContent = "";
      items = results.map(function (result, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = result.url;
        var name = document.createElement("span");
        // The name in the page's language; on /ja/ the English one beside it.
        name.textContent = result.label || result.name;
        if (result.label && result.label !== result.name) {
          var beside = document.createElement("span");
          beside.className = "name-beside";
          beside.lang = "en";
          beside.textContent = " " + result.name;
          name.appendChild(beside);
        }
        var type = document.createElement("span");
        type.className = "typeahead-type";
        type.textContent =
          result.type_label || result.type.charAt(0).toUpperCase() + result.type.slice(1);
        li.appendChild(name);
        li.appendChild(type);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.assign(result.url);
        });
        list.appendChild(li);
        return li;
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
      }
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) {
        render([]);
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          render(data.results || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.assign(items[active].dataset.url);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  ["search-q", "site-search-q", "home-search-q"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) attach(input);
  });
})();
