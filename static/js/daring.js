// Lesson page of an online course: heartbeats to the server while the page is visible, so that the server counts
// the learning time (a background tab does not count). The server credits at most 30 s per heartbeat; "awal=1"
// (page opened or shown again) only sets its starting point. The server, not this script, decides whether the
// minimum time is met: the "Berikutnya" button is always sent to it.
(function () {
  var panel = document.querySelector("[data-detak-url]");
  if (!panel) {
    return;
  }
  var url = panel.getAttribute("data-detak-url");
  var setiap = parseInt(panel.getAttribute("data-detak-detik"), 10) * 1000 || 15000;
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var teks = panel.querySelector("[data-sisa-teks]");
  var timer = null;

  function kirim(awal) {
    var data = new URLSearchParams();
    if (awal) {
      data.append("awal", "1");
    }
    fetch(url, {method: "POST", body: data, credentials: "same-origin",
                headers: {"X-CSRFToken": csrf, "X-Requested-With": "fetch"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (j && teks) {
          teks.textContent = j.sisa;
          if (j.sisa === 0) {
            teks.parentNode.textContent = "Waktu belajar minimal terpenuhi.";
            teks = null;
          }
        }
      })
      .catch(function () { /* offline: the next heartbeat starts a new interval */ });
  }

  function mulai() {
    if (timer === null) {
      kirim(true);
      timer = window.setInterval(function () { kirim(false); }, setiap);
    }
  }

  function berhenti() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      mulai();
    } else {
      berhenti();
    }
  });
  if (document.visibilityState === "visible") {
    mulai();
  }
})();
