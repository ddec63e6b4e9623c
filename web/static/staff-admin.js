// The admin page's question editor. The form works without this file (the
// up and down buttons then save the form with the move applied, and an
// empty block is always there for a new question); with it, the buttons
// move a question in the page, and questions and values can be added
// without saving first.
(function () {
  "use strict";

  // renumber gives a copied block or row the next free number in its
  // field names and ids (q.3.code -> q.4.code, qf-pothole-3-code -> qf-pothole-4-code).
  function renumber(el, from, to) {
    el.querySelectorAll("[name],[id],[for]").forEach(function (x) {
      ["name", "id", "for"].forEach(function (a) {
        var v = x.getAttribute(a);
        if (v !== null) x.setAttribute(a, from(v, a, to));
      });
    });
  }

  function clear(el) {
    el.querySelectorAll("input").forEach(function (i) {
      if (i.type === "checkbox") i.checked = false;
      else if (!i.hasAttribute("data-order")) i.value = "";
    });
  }

  function orders(box) {
    box.querySelectorAll("[data-question]").forEach(function (q, n) {
      var o = q.querySelector("[data-order]");
      if (o) o.value = n + 1;
    });
  }

  function next(list, attr) {
    var n = -1;
    list.forEach(function (x) { n = Math.max(n, parseInt(x.getAttribute(attr), 10)); });
    return n + 1;
  }

  function wireValues(q) {
    var add = q.querySelector("[data-add-value]");
    if (!add) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      var body = q.querySelector("[data-values]");
      var rows = body.querySelectorAll("[data-value]");
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var j = rows.length;
      var old = rows.length - 1;
      renumber(copy, function (v, a, to) {
        return a === "name" ? v.replace(".v." + old + ".", ".v." + to + ".") : v.replace("-v" + old + "-", "-v" + to + "-");
      }, j);
      clear(copy);
      body.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }

  function wireMoves(box, q) {
    q.querySelectorAll("[data-move]").forEach(function (b) {
      b.addEventListener("click", function (ev) {
        ev.preventDefault();
        if (b.getAttribute("data-move") === "up") {
          var prev = q.previousElementSibling;
          if (prev && prev.hasAttribute("data-question")) q.parentNode.insertBefore(q, prev);
        } else {
          var after = q.nextElementSibling;
          if (after && after.hasAttribute("data-question")) q.parentNode.insertBefore(after, q);
        }
        orders(box);
        b.focus();
      });
    });
  }

  document.querySelectorAll("[data-questions]").forEach(function (box) {
    var prefix = box.getAttribute("data-prefix");
    box.querySelectorAll("[data-question]").forEach(function (q) {
      wireValues(q);
      wireMoves(box, q);
    });
    var add = box.querySelector("[data-add-question]");
    if (!add) return;
    add.hidden = false;
    add.addEventListener("click", function () {
      var all = box.querySelectorAll("[data-question]");
      var model = box.querySelector("[data-question].question-new") || all[all.length - 1];
      var old = model.getAttribute("data-index");
      var i = next(all, "data-index");
      var copy = model.cloneNode(true);
      copy.setAttribute("data-index", String(i));
      renumber(copy, function (v, a, to) {
        return a === "name" ? v.replace("q." + old + ".", "q." + to + ".") : v.replace(prefix + old + "-", prefix + to + "-");
      }, i);
      copy.querySelectorAll("[data-move]").forEach(function (b) {
        b.value = i + "." + b.getAttribute("data-move");
      });
      clear(copy);
      add.parentNode.parentNode.insertBefore(copy, add.parentNode);
      wireValues(copy);
      wireMoves(box, copy);
      orders(box);
      copy.querySelector("input[name$='.code']").focus();
    });
  });
})();
