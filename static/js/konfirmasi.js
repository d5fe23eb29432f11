// Behaviour that pages used to write inline (onclick="return confirm(...)", onchange="this.form.submit()"), as
// data attributes handled here: the CSP will not allow inline script. Without script the buttons still submit
// and a select's form has its own submit button in <noscript>.
(function () {
  document.querySelectorAll("[data-konfirmasi]").forEach(function (tombol) {
    tombol.addEventListener("click", function (event) {
      if (!window.confirm(tombol.getAttribute("data-konfirmasi"))) {
        event.preventDefault();
      }
    });
  });
  document.querySelectorAll("select[data-kirim-otomatis]").forEach(function (pilihan) {
    pilihan.addEventListener("change", function () {
      if (pilihan.form) {
        pilihan.form.submit();
      }
    });
  });
})();
