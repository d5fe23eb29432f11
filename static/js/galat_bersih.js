// A field's error message goes as soon as the user changes that field, and the form's summary once no field
// error is left: an error that stays after it was fixed reads as if the fix did not count. The server checks
// again on every submit. A static file, no inline script (the CSP will not allow 'unsafe-inline').
(function () {
  function bersihkan(form, nama) {
    form.querySelectorAll("[data-galat-untuk]").forEach(function (el) {
      if (el.getAttribute("data-galat-untuk") === nama) {
        el.remove();
      }
    });
    form.querySelectorAll("[name]").forEach(function (el) {
      if (el.name === nama) {
        el.classList.remove("is-invalid");
      }
    });
    if (!form.querySelector("[data-galat-untuk]")) {
      document.querySelectorAll("[data-galat-ringkasan]").forEach(function (el) {
        el.remove();
      });
    }
  }

  document.querySelectorAll("form[data-galat-bersih]").forEach(function (form) {
    ["change", "input"].forEach(function (jenis) {
      form.addEventListener(jenis, function (event) {
        if (event.target && event.target.name) {
          bersihkan(form, event.target.name);
        }
      });
    });
  });
})();
