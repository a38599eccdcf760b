// A list's filter form leaves its empty fields out of the URL, so a shared link
// carries only the filters in use (`?year_from=2020`, not `?q=&year_from=2020&year_to=`).
// Without JavaScript the server redirects such a URL to the same one without them.
(function () {
  "use strict";
  document.querySelectorAll("form.filter-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.disabled && typeof field.value === "string" && !field.value.trim()) {
          field.disabled = true;
        }
      });
      // Back from the next page, the form is whole again.
      window.addEventListener("pagehide", function () {
        Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
      }, { once: true });
    });
  });
})();
