// A region that refreshes itself (hx-trigger="every 5s") waits while someone works in it: an element marked
// data-jeda-saat-fokus skips its refresh while a field inside has focus or a <details> inside is open. This
// was an htmx trigger filter ([!document.querySelector(...)]), which htmx evaluates with Function(): the
// Content-Security-Policy forbids that (no 'unsafe-eval'), so the check lives here.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elemen = event.detail && event.detail.elt;
    if (elemen && elemen.hasAttribute && elemen.hasAttribute("data-jeda-saat-fokus") &&
        elemen.querySelector(":focus, details[open]")) {
      event.preventDefault();
    }
  });
})();
