// The alerts page: the centre of a radius alert is chosen by a tap on the
// map, the phone's position or a street; the circle shows what the alert
// covers. The coordinates fields stay the form's truth, so a form that came
// back with an error shows the centre it kept.
'use strict';
(function () {
  const S = window.Streetfix;
  const { data, t, coordFmt } = S;
  const form = document.getElementById('alerts-form');
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const latIn = $('alert-lat'), lonIn = $('alert-lon'), radiusIn = $('alert-radius'), status = $('alert-centre-status');
  const radiusKind = $('kind-radius');
  const areaKind = form.querySelector('input[name="kind"][value="area"]');
  let map = null, circle = null;

  function point() {
    const lat = parseFloat(latIn.value.replace(',', '.')), lon = parseFloat(lonIn.value.replace(',', '.'));
    return isFinite(lat) && isFinite(lon) ? { lat, lon } : null;
  }
  function radius() {
    const r = parseInt(radiusIn.value, 10);
    return isFinite(r) && r > 0 ? Math.min(r, 5000) : 500;
  }
  // draw shows the circle the alert will cover, and says where its centre
  // is when that has changed (a new radius leaves the words, and the page
  // under them, where they are).
  let saidAt = '';
  function draw(fit) {
    const p = point();
    if (!p) return;
    if (map) {
      if (!circle) circle = L.circle([p.lat, p.lon], { radius: radius(), color: '#7a1fa2', weight: 3, fillOpacity: 0.12, interactive: false, className: 'alert-circle' }).addTo(map);
      else circle.setLatLng([p.lat, p.lon]).setRadius(radius());
      if (fit) map.fitBounds(circle.getBounds(), { padding: [16, 16], animate: false });
    }
    const at = latIn.value + ',' + lonIn.value;
    if (at === saidAt) return;
    saidAt = at;
    S.sayPlace(status, t('alerts.js.centre', { lat: coordFmt.format(p.lat), lon: coordFmt.format(p.lon) }), p.lat, p.lon);
  }
  function setPoint(lat, lon, fit) {
    latIn.value = lat.toFixed(6);
    lonIn.value = lon.toFixed(6);
    radiusKind.checked = true;
    fixed('centre');
    draw(fit);
  }

  if (window.L && $('alert-map')) {
    map = L.map('alert-map', { keyboard: true }).setView([data.center[1], data.center[0]], data.zoom);
    S.baseMap(map);
    map.on('click', (e) => setPoint(e.latlng.lat, e.latlng.lng, false));
    const box = $('alert-map');
    map.on('movestart', () => { box.dataset.moving = '1'; });
    map.on('moveend', () => { delete box.dataset.moving; });
  }
  const locate = $('alert-locate');
  if (navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', () => {
      status.textContent = t('js.locating');
      saidAt = '';
      navigator.geolocation.getCurrentPosition((pos) => setPoint(pos.coords.latitude, pos.coords.longitude, true),
        () => { status.textContent = t('js.locate.failed'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  S.searchLater($('alert-search'), (r) => {
    setPoint(r.lat, r.lon, true);
    return t('alerts.js.placed', { name: r.label });
  });
  latIn.addEventListener('change', () => { radiusKind.checked = true; draw(true); });
  lonIn.addEventListener('change', () => { radiusKind.checked = true; draw(true); });
  radiusIn.addEventListener('input', () => { radiusKind.checked = true; draw(false); });
  $('alert-area').addEventListener('change', () => { areaKind.checked = true; });
  // A field's error goes as soon as the field is changed.
  function fixed(field) {
    for (const m of document.querySelectorAll('[data-for="' + field + '"]')) m.remove();
    for (const f of form.querySelectorAll('[data-field="' + field + '"][aria-invalid]')) { f.removeAttribute('aria-invalid'); f.removeAttribute('aria-describedby'); }
  }
  form.addEventListener('input', (e) => { if (e.target.dataset.field) fixed(e.target.dataset.field); });
  form.addEventListener('change', (e) => { if (e.target.dataset.field) fixed(e.target.dataset.field); });
  if (point()) draw(true);
  window.streetfixAlertMap = map; // for tests and the console
})();
