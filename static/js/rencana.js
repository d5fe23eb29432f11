// Perencanaan: "pilih semua" checkboxes without inline script (a CSP without 'unsafe-inline' is coming).
// <input type="checkbox" data-pilih-semua="NAMA"> ticks or clears every <input data-pilih-anggota="NAMA">; it
// follows them (ticked when all are, indeterminate when some are). Its wrapper [data-pilih-semua-wadah] is hidden
// in the HTML and shown here, so without JavaScript no dead control is left on the page.
(function () {
  "use strict";
  function anggota(nama) {
    return document.querySelectorAll('input[type="checkbox"][data-pilih-anggota="' + nama + '"]');
  }
  function segarkan(induk) {
    var semua = anggota(induk.dataset.pilihSemua);
    var dicentang = 0;
    semua.forEach(function (k) { if (k.checked) { dicentang += 1; } });
    induk.checked = semua.length > 0 && dicentang === semua.length;
    induk.indeterminate = dicentang > 0 && dicentang < semua.length;
  }
  document.querySelectorAll("[data-pilih-semua-wadah]").forEach(function (w) { w.hidden = false; });
  document.querySelectorAll('input[type="checkbox"][data-pilih-semua]').forEach(function (induk) {
    var nama = induk.dataset.pilihSemua;
    induk.addEventListener("change", function () {
      anggota(nama).forEach(function (k) { k.checked = induk.checked; });
    });
    anggota(nama).forEach(function (k) { k.addEventListener("change", function () { segarkan(induk); }); });
    segarkan(induk);
  });
})();
