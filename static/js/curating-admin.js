// Curators' admin (issue 17): a slug prepopulated from a name keeps a word break for
// every dash, as the server's slug_from_name does: "Biden–Kishida meeting" becomes
// "biden-kishida-meeting", where Django's URLify alone drops the en dash
// ("bidenkishida-meeting"). prepopulate.js calls the global URLify on each keystroke,
// so wrapping it once is enough.
(function () {
  "use strict";
  const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

  function keepDashes() {
    const original = window.URLify;
    if (typeof original !== "function" || original.keepsDashes) {
      return;
    }
    const urlify = function (text, numChars, allowUnicode) {
      return original(String(text).replace(DASHES, " "), numChars, allowUnicode);
    };
    urlify.keepsDashes = true;
    window.URLify = urlify;
  }

  keepDashes();
  document.addEventListener("DOMContentLoaded", keepDashes);
})();
