// The custom figure form: operators fit for the chosen field, the field's choices as a hint,
// more condition rows. The form works without it (the server refuses what does not fit).
(function () {
  "use strict";
  function ready() {
    var form = document.getElementById("custom-figure");
    var data = document.getElementById("custom-fields");
    if (!form || !data) return;
    var fields = JSON.parse(data.textContent);

    // `chosen`: the field was just chosen, so its first operator is offered (a date's is "in the
    // period"); otherwise (a page shown again) the operator kept is the one the row had.
    function fit(row, chosen) {
      var field = row.querySelector(".cond-field").value;
      var op = row.querySelector(".cond-op");
      var hint = row.querySelector(".cond-hint");
      var spec = fields[field];
      var allowed = spec ? spec.ops : null;
      Array.prototype.forEach.call(op.options, function (option) {
        var ok = !allowed || allowed.indexOf(option.value) >= 0;
        option.disabled = !ok;
        option.hidden = !ok;
      });
      if (allowed && (chosen || allowed.indexOf(op.value) < 0)) op.value = allowed[0];
      hint.textContent = spec && spec.choices.length
        ? "可选：" + spec.choices.map(function (c) { return c[1] + "(" + c[0] + ")"; }).join("、")
        : spec && spec.type === "unit" ? "填写单位代码" : "";
    }

    form.addEventListener("change", function (event) {
      var row = event.target.closest("tr.condition");
      if (row && event.target.classList.contains("cond-field")) fit(row, true);
      if (event.target.id === "procedure") document.getElementById("choose-procedure").click();
    });
    form.querySelectorAll("tr.condition").forEach(function (row) { fit(row, false); });
    form.querySelectorAll(".add-row").forEach(function (button) {
      button.addEventListener("click", function () {
        var body = document.getElementById(button.dataset.table).querySelector("tbody");
        var last = body.querySelector("tr.condition:last-child");
        var copy = last.cloneNode(true);
        copy.querySelector(".cond-field").value = "";
        copy.querySelector(".cond-value").value = "";
        body.appendChild(copy);
        fit(copy, false);
      });
    });
    form.dataset.ready = "1";  // the listeners are in place (the browser test waits for it)
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
