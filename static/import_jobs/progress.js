/* An import job's progress bar: polls the job's status (JSON) and reloads the page, with its row report,
   when the worker has finished. The CSP forbids inline script, hence this file. */
(function () {
  "use strict";
  var section = document.getElementById("import-progress");
  if (!section || !window.fetch) {
    return;
  }
  var bar = document.getElementById("import-bar");
  var done = document.getElementById("rows-done");
  var total = document.getElementById("rows-total");
  var status = document.getElementById("import-status");

  function show(data) {
    if (data.percent !== null) {
      bar.value = Math.floor(data.percent);
      bar.textContent = data.percent + "%";
    }
    status.textContent = data.status_label;
    done.textContent = String(data.rows_done);
    total.textContent = String(data.rows_total);
  }

  function poll() {
    fetch(section.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.redirected) {
          // the session ended (the login page answered): show it
          window.location.reload();
          throw new Error("redirected");
        }
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 500);
})();
