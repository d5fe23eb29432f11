// A text box that narrows a long <select> (the unit tree on the employee list): options whose text does not
// contain every typed word are hidden, and the first match is selected until the user picks one by hand.
// Our own few lines: no library, no CDN.
(function () {
  "use strict";
  function saring(kotak) {
    var pilihan = document.getElementById(kotak.getAttribute("data-saring-pilihan"));
    if (!pilihan) { return; }
    var otomatis = pilihan.getAttribute("data-otomatis") === "1";
    var dipilih = otomatis ? "" : pilihan.value;
    var kata = kotak.value.toLowerCase().split(/\s+/).filter(Boolean);
    var pertama = null;
    Array.prototype.forEach.call(pilihan.options, function (opsi) {
      var teks = opsi.text.toLowerCase();
      var cocok = kata.every(function (k) { return teks.indexOf(k) !== -1; });
      if (cocok && opsi.value !== "" && pertama === null) { pertama = opsi; }
      var tampil = opsi.value === "" || (dipilih !== "" && opsi.value === dipilih) || cocok;
      opsi.hidden = !tampil;
      opsi.disabled = !tampil;
    });
    if (dipilih === "") {
      pilihan.value = kata.length && pertama ? pertama.value : "";
      pilihan.setAttribute("data-otomatis", kata.length && pertama ? "1" : "0");
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-saring-pilihan]")) { saring(event.target); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select")) { event.target.setAttribute("data-otomatis", "0"); }
  });
})();
