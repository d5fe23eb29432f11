// "Cetak" buttons: <button data-cetak> opens the browser's print dialog (was onclick="window.print()", which the
// Content-Security-Policy no longer runs).
(function () {
  "use strict";
  document.querySelectorAll("[data-cetak]").forEach(function (tombol) {
    tombol.addEventListener("click", function () { window.print(); });
  });
})();
