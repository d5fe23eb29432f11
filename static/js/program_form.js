// Programme form: when a bentuk is picked, fill JP from the instansi's per-bentuk defaults (json_script
// "jp-bawaan": {bentuk id: JP}) if the JP field is empty or still holds the previous bentuk's default, so a
// value the user typed is never overwritten.
(function () {
  "use strict";
  var data = document.getElementById("jp-bawaan");
  var bentuk = document.querySelector("[data-jp-bentuk]");
  var jp = document.querySelector("[data-jp-isian]");
  if (!data || !bentuk || !jp) { return; }
  var bawaan = JSON.parse(data.textContent);
  var sebelumnya = bawaan[bentuk.value];
  bentuk.addEventListener("change", function () {
    var baru = bawaan[bentuk.value];
    var kosong = jp.value.trim() === "";
    var masihBawaan = sebelumnya !== undefined && String(sebelumnya) === jp.value.trim();
    if (baru !== undefined && (kosong || masihBawaan)) {
      jp.value = baru;
    } else if (baru === undefined && masihBawaan) {
      jp.value = "";
    }
    sebelumnya = baru;
  });
}());
