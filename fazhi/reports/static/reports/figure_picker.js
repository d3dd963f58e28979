// The report editor's figure picker: a search over the figures' labels and ids that inserts
// the chosen figure's tag ({% fig "id" %}) at the cursor of the part's text. Served as a static
// file (the Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function insertAtCursor(textarea, text) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value;
    textarea.value = value.slice(0, start) + text + value.slice(end);
    textarea.selectionStart = textarea.selectionEnd = start + text.length;
    textarea.focus();
  }

  function setUp() {
    var picker = document.querySelector(".figure-picker");
    if (!picker) return;
    var textarea = document.getElementById(picker.dataset.target);
    var search = document.getElementById("figure-search");
    var items = picker.querySelectorAll("#figure-list li[data-search]");

    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        var haystack = item.dataset.search.toLowerCase();
        item.hidden = !words.every(function (word) { return haystack.indexOf(word) >= 0; });
      });
    });
    picker.addEventListener("click", function (event) {
      var button = event.target.closest(".fig-pick");
      if (!button || !textarea) return;
      insertAtCursor(textarea, button.dataset.tag);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
