// Hindsight: small enhancements; every page works without this file.
(function () {
  "use strict";
  // Select the whole share link or token on focus, and copy it on click.
  document.querySelectorAll("input.copy").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
    el.addEventListener("click", function () {
      el.select();
      if (navigator.clipboard) { navigator.clipboard.writeText(el.value).catch(function () {}); }
    });
  });
  // Say that a photo is being read, and stop double submits.
  document.querySelectorAll("form").forEach(function (f) {
    f.addEventListener("submit", function () {
      if (f.id === "snap-form") { f.classList.add("busy"); }
    });
  });
  // Ask before deleting a row.
  document.querySelectorAll("button.danger").forEach(function (b) {
    b.addEventListener("click", function (e) {
      if (!window.confirm((b.getAttribute("aria-label") || "Delete") + "?")) { e.preventDefault(); }
    });
  });
})();
