// The back office's maps: on a report's page, the report and the open
// reports around it (listed in the page too); on the queue, the queue's
// reports with the page's filters, read from /staff/queue/markers. Each
// marker's popup links to the report's staff page. The tiles are the public
// map's, from the JSON block the server put in the page.
(function () {
  "use strict";
  var box = document.getElementById("staff-map");
  var dataEl = document.getElementById("staff-map-data");
  if (!box || !dataEl || !window.L) return;
  var data = JSON.parse(dataEl.textContent);
  var note = document.getElementById("queue-map-note");

  function t(id, vars) {
    var s = data.t[id] || id;
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && k in vars ? vars[k] : m; });
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // popup is the marker's card: number and title, category, status and
  // distance, and the link to its staff page.
  function popup(m, self) {
    var card = el("div", "staff-popup");
    card.append(el("strong", "", "#" + m.id + " " + m.title));
    card.append(el("span", "muted", [self ? t("staffmap.this") : "", m.category, m.status, m.distance].filter(Boolean).join(" · ")));
    if (!self) {
      var a = el("a", "", t("staffmap.open", { id: m.id }));
      a.href = m.url;
      card.append(a);
    }
    return card;
  }
  function addMarker(layer, m, self) {
    var icon = L.divIcon({ className: "staff-pin " + (self ? "staff-pin-self" : "staff-pin-" + m.group), iconSize: self ? [24, 24] : [18, 18] });
    var mk = L.marker([m.lat, m.lon], { icon: icon, keyboard: true, title: "#" + m.id + " " + m.title, zIndexOffset: self ? 1000 : 0 });
    mk.bindPopup(popup(m, self));
    mk.addTo(layer);
    var e = mk.getElement();
    if (e) e.setAttribute("data-id", m.id);
    return mk;
  }

  var map = null;
  function init() {
    map = L.map(box, { keyboard: true }).setView([data.center[1], data.center[0]], data.zoom);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: esc(data.tiles.attribution) }).addTo(map);
    }
    if (data.tiles && data.tiles.data) map.attributionControl.addAttribution(esc(data.tiles.data));
    // The municipalities' outlines: the map's shape when tiles do not load.
    fetch("/api/v1/areas?format=geojson&simplify=0.0001").then(function (r) { return r.json(); }).then(function (fc) {
      L.geoJSON(fc, { interactive: false, style: { color: "#0b4f8a", weight: 1.5, opacity: 0.8, fillColor: "#0b4f8a", fillOpacity: 0.03 } }).addTo(map);
    }).catch(function () {});
    var layer = L.layerGroup().addTo(map);
    if (data.report) {
      // The distance the neighbours are looked for within.
      if (data.radius) {
        L.circle([data.report.lat, data.report.lon], { radius: data.radius, interactive: false, color: "#0b4f8a", weight: 1, dashArray: "4 4", fillOpacity: 0.04 }).addTo(layer);
      }
      var points = [[data.report.lat, data.report.lon]];
      addMarker(layer, data.report, true);
      data.markers.forEach(function (m) { addMarker(layer, m, false); points.push([m.lat, m.lon]); });
      if (points.length > 1) map.fitBounds(points, { padding: [24, 24], maxZoom: 18 });
      box.setAttribute("data-ready", "true");
      return;
    }
    if (!box.dataset.markers) return;
    if (note) note.textContent = t("staffmap.loading");
    fetch(box.dataset.markers + location.search, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (res) {
        var points = res.markers.map(function (m) { addMarker(layer, m, false); return [m.lat, m.lon]; });
        if (points.length) map.fitBounds(points, { padding: [24, 24], maxZoom: 17 });
        if (note) note.textContent = res.note;
        box.setAttribute("data-ready", "true");
      })
      .catch(function () { if (note) note.textContent = t("staffmap.failed"); });
  }
  // A map hidden on a narrow screen (the list shown instead) starts when it
  // is first seen.
  function start() {
    if (!map && box.offsetWidth > 0) init();
  }
  start();
  window.addEventListener("resize", start);
})();
