// Back office helpers. Every form works without this file; it only saves
// keystrokes: choosing a response template fills the note (which staff can
// then edit) and the status it is meant for.
(function () {
  "use strict";
  document.querySelectorAll("select[data-fill]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var opt = sel.options[sel.selectedIndex];
      var note = document.getElementById(sel.getAttribute("data-fill"));
      if (!opt || !opt.value || !note) return;
      note.value = opt.getAttribute("data-text") || "";
      var status = sel.form && sel.form.querySelector("select[name=status]");
      if (status && opt.getAttribute("data-status")) status.value = opt.getAttribute("data-status");
    });
  });
})();
