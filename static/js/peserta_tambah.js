// Adding participants: a suggestion's "Pilih" button adds the person to the picked list (a checked
// checkbox named "pegawai" that the form posts), and "Pilih semua" ticks every enabled checkbox of its unit.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var tombol = event.target.closest("[data-pilih]");
    if (!tombol) { return; }
    var wadah = document.getElementById("terpilih");
    var id = tombol.getAttribute("data-pilih");
    if (!wadah || wadah.querySelector('input[value="' + id + '"]')) { return; }
    var label = document.createElement("label");
    label.className = "badge text-bg-primary d-inline-flex align-items-center gap-1";
    var kotak = document.createElement("input");
    kotak.type = "checkbox";
    kotak.name = "pegawai";
    kotak.value = id;
    kotak.checked = true;
    label.appendChild(kotak);
    label.appendChild(document.createTextNode(tombol.getAttribute("data-label")));
    wadah.appendChild(label);
    tombol.disabled = true;
    tombol.textContent = "Terpilih";
  });
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-pilih-semua]")) { return; }
    var grup = event.target.closest("[data-grup]");
    grup.querySelectorAll('input[name="pegawai"]:not(:disabled)').forEach(function (kotak) {
      kotak.checked = event.target.checked;
    });
  });
}());
