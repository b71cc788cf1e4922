/* The visit form: the overall risk follows the worst assessment as the visitor taps (Visit.risk_floor on the
   server says the same): "as the assessments say" shows the level it stands for, and levels below it cannot be
   chosen. Without JavaScript the server applies the same rule. The CSP forbids inline script, hence this file. */
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) {
    return;
  }
  var ASSESSMENTS = ["health", "mental", "safety", "hygiene", "environment"];
  var LEVEL = { normal: 1, attention: 2, urgent: 3 };
  var follow = form.querySelector("input[name=overall_risk][value='']");
  if (!follow) {
    return;
  }
  var shown = document.createElement("span");
  shown.className = "follows";
  follow.parentNode.appendChild(shown);
  function labelOf(level) {
    var input = form.querySelector("input[name=overall_risk][value='" + level + "']");
    return input ? input.parentNode.textContent.trim() : "";
  }
  function update() {
    var worst = 0;
    ASSESSMENTS.forEach(function (name) {
      var checked = form.querySelector("input[name=" + name + "]:checked");
      if (checked && LEVEL[checked.value] > worst) {
        worst = LEVEL[checked.value];
      }
    });
    form.querySelectorAll("input[name=overall_risk]").forEach(function (input) {
      var below = input.value !== "" && parseInt(input.value, 10) < worst;
      input.disabled = below;
      if (below && input.checked) {
        follow.checked = true;
      }
    });
    shown.textContent = worst ? "（" + labelOf(worst) + "）" : "";
  }
  form.addEventListener("change", update);
  update();
})();
