// Photo redaction: drag on the photo to mark each area to blur (mouse,
// pen or finger). Each area becomes a hidden field "area" = "x,y,w,h" in
// percent of the photo; the form also works without this file, with one
// area typed in the x, y, w and h fields.
(function () {
  "use strict";
  var form = document.getElementById("redact-form");
  var stage = document.getElementById("redact-stage");
  var img = document.getElementById("redact-img");
  if (!form || !stage || !img) return;
  var words = JSON.parse(document.getElementById("redact-data").textContent);
  var max = parseInt(form.getAttribute("data-max"), 10) || 10;
  var count = document.getElementById("redact-count");
  var clear = document.getElementById("redact-clear");
  count.hidden = false;
  clear.hidden = false;
  stage.classList.add("drawing");
  var areas = [];
  var start = null, box = null;

  function frac(e) {
    var r = img.getBoundingClientRect();
    return {
      x: Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)),
      y: Math.min(1, Math.max(0, (e.clientY - r.top) / r.height))
    };
  }
  function place(el, a) {
    el.style.left = (a.x * 100) + "%";
    el.style.top = (a.y * 100) + "%";
    el.style.width = (a.w * 100) + "%";
    el.style.height = (a.h * 100) + "%";
  }
  function rect(p, q) {
    return { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), w: Math.abs(p.x - q.x), h: Math.abs(p.y - q.y) };
  }
  function say() {
    count.textContent = areas.length ? words.count.replace("{n}", areas.length) : words.none;
  }
  stage.addEventListener("pointerdown", function (e) {
    if (areas.length >= max) {
      count.textContent = words.full;
      return;
    }
    e.preventDefault();
    stage.setPointerCapture(e.pointerId);
    start = frac(e);
    box = document.createElement("div");
    box.className = "redact-box";
    place(box, { x: start.x, y: start.y, w: 0, h: 0 });
    stage.appendChild(box);
  });
  stage.addEventListener("pointermove", function (e) {
    if (start) place(box, rect(start, frac(e)));
  });
  function end(e) {
    if (!start) return;
    var a = rect(start, frac(e));
    start = null;
    if (a.w < 0.005 || a.h < 0.005) { // a click, not a drag
      box.remove();
      return;
    }
    place(box, a);
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "area";
    input.value = [a.x, a.y, a.w, a.h].map(function (v) { return (v * 100).toFixed(2); }).join(",");
    form.appendChild(input);
    areas.push({ box: box, input: input });
    say();
  }
  stage.addEventListener("pointerup", end);
  stage.addEventListener("pointercancel", function () {
    if (box && start) box.remove();
    start = null;
  });
  clear.addEventListener("click", function () {
    areas.forEach(function (a) { a.box.remove(); a.input.remove(); });
    areas = [];
    say();
  });
  say();
})();
