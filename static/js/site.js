// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // "Cite this": reveal the copy button only where the clipboard API exists.
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target || !navigator.clipboard) {
      return;
    }
    var status = button.parentNode.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        function () {
          if (status) { status.textContent = "Copied."; }
        },
        function () {
          if (status) { status.textContent = "Could not copy: select the text instead."; }
        }
      );
    });
  });

  // Sort menus apply at once when scripts run; the Apply button still works without.
  document.querySelectorAll(".filter-form select[name=sort]").forEach(function (select) {
    select.addEventListener("change", function () {
      // requestSubmit fires "submit", so empty fields are left out of the URL (clean-forms.js).
      if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
    });
  });
})();
