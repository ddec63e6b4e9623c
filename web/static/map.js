// The map of reports: pins and server-side clusters for the visible area,
// filtered by theme and status group, and "locate me".
'use strict';
(function () {
  const S = window.Streetfix;
  const { data, t, el, numberFmt } = S;
  const box = document.getElementById('map');
  if (!box || !window.L) return;
  const statusEl = document.getElementById('map-status');
  const filters = document.getElementById('filters');
  const reportLink = document.getElementById('report-here');

  const map = L.map(box, { zoomControl: false, keyboard: true }).setView([data.center[1], data.center[0]], data.zoom);
  L.control.zoom({ position: 'bottomright', zoomInTitle: t('js.zoom.in'), zoomOutTitle: t('js.zoom.out') }).addTo(map);
  S.baseMap(map, { outlines: false });
  const pins = L.layerGroup().addTo(map);
  let firstDone = false;
  let outlined = false;
  const outline = () => { if (!outlined) { outlined = true; S.outlines(map); } };
  let ctrl = null;

  function checked(name) {
    return [...filters.querySelectorAll('input[name="' + name + '"]:checked')].map((i) => i.value);
  }

  function icon(f) {
    const p = f.properties;
    return L.divIcon({ className: 'pin pin-' + p.status_group, html: '<span class="glyph glyph-' + p.theme + '"></span>', iconSize: [30, 30], iconAnchor: [15, 15], popupAnchor: [0, -14] });
  }

  function clusterIcon(count) {
    const size = count < 100 ? 36 : count < 1000 ? 44 : count < 10000 ? 52 : 60;
    return L.divIcon({ className: 'cluster', html: '<span>' + numberFmt.format(count) + '</span>', iconSize: [size, size] });
  }

  function popup(p) {
    const themeName = (data.themes.find((x) => x.code === p.theme) || {}).name || p.theme;
    return el('div', { class: 'popup' }, el('a', { href: p.url, text: p.title }), el('br'),
      el('span', { class: 'status status-' + p.status_group }, el('span', { class: 'shape shape-' + p.status_group, 'aria-hidden': 'true' }), data.groups[p.status_group]),
      ' · ' + themeName, p.address ? el('br') : '', p.address ? el('small', { text: p.address }) : '');
  }

  function render(fc) {
    pins.clearLayers();
    let shown = 0;
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      if (p.cluster) {
        shown += p.count;
        const m = L.marker([lat, lon], { icon: clusterIcon(p.count), title: t('js.cluster', { count: numberFmt.format(p.count) }), keyboard: true, riseOnHover: true });
        m.on('click', () => {
          const [w, s, e, n] = p.bbox;
          if (e - w > 1e-6 || n - s > 1e-6) map.fitBounds([[s, w], [n, e]], { padding: [24, 24], maxZoom: map.getZoom() + 3 });
          else map.setView([lat, lon], map.getZoom() + 2);
        });
        pins.addLayer(m);
      } else {
        shown++;
        const m = L.marker([lat, lon], { icon: icon(f), title: p.title + ' — ' + data.groups[p.status_group], alt: p.title, keyboard: true });
        m.bindPopup(() => popup(p));
        pins.addLayer(m);
      }
    }
    statusEl.textContent = t('js.shown', { count: numberFmt.format(shown), n1: shown === 1 });
    box.dataset.features = String(fc.features.length);
    box.dataset.total = String(shown);
    if (!firstDone && fc.features.length > 0) {
      // The first useful render: measured by the browser test and benchmark.
      firstDone = true;
      performance.mark('streetfix-first-pins');
      document.documentElement.dataset.firstPins = String(Math.round(performance.now()));
      outline(); // scenery: after the pins
    }
  }

  function load() {
    const themes = checked('theme');
    const groups = checked('status');
    if (ctrl) ctrl.abort();
    if (themes.length === 0 || groups.length === 0) {
      render({ features: [] });
      return;
    }
    const b = map.getBounds();
    const q = new URLSearchParams({
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(5)).join(','),
      zoom: String(map.getZoom()),
    });
    if (themes.length < data.themes.length) q.set('theme', themes.join(','));
    if (groups.length < 3) q.set('status', groups.join(','));
    ctrl = new AbortController();
    box.setAttribute('aria-busy', 'true');
    fetch('/api/v1/reports?' + q, { signal: ctrl.signal }).then((r) => {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then((fc) => {
      box.removeAttribute('aria-busy');
      box.dataset.query = q.toString();
      render(fc);
    }).catch((e) => {
      if (e.name === 'AbortError') return;
      box.removeAttribute('aria-busy');
      statusEl.textContent = navigator.onLine ? t('js.load.failed') : t('js.offline');
    });
  }

  let timer = 0;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(load, 120);
  }
  map.on('moveend', () => {
    later();
    const c = map.getCenter();
    reportLink.href = '/report?at=' + [c.lat.toFixed(5), c.lng.toFixed(5), map.getZoom()].join(',');
  });
  // A tap on the map (not on a pin) offers to report a problem there.
  map.on('click', (e) => {
    const q = new URLSearchParams({ lat: e.latlng.lat.toFixed(6), lon: e.latlng.lng.toFixed(6) });
    L.popup().setLatLng(e.latlng).setContent(el('div', { class: 'popup' }, el('a', { href: '/report?' + q, class: 'button primary', text: t('js.report.point') }),
      el('br'), el('a', { href: '/alerts?' + q, class: 'alerts-here', text: t('js.alerts.here') }))).openOn(map);
  });
  filters.addEventListener('change', load);

  // What the map shows, said in words: on a phone the chips fold into a
  // panel behind this summary, which stays on screen.
  const toggle = document.getElementById('filter-toggle');
  function summarize() {
    const themes = checked('theme'), groups = checked('status');
    let text;
    if (!themes.length || !groups.length) {
      text = t('js.filters.none');
    } else {
      const g = groups.map((x) => data.groups[x]).join(', ');
      const names = themes.map((c) => (data.themes.find((x) => x.code === c) || {}).name || c);
      const th = themes.length === data.themes.length ? t('js.filters.allthemes') : themes.length <= 2 ? names.join(', ') : t('js.filters.themes', { count: themes.length });
      text = t('js.filters.shown', { statuses: g, themes: th });
    }
    document.getElementById('filter-summary').textContent = text;
    toggle.classList.toggle('narrowed', themes.length < data.themes.length || groups.length < 3);
  }
  function openFilters(open) {
    document.body.classList.toggle('filters-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    if (open) filters.querySelector('input').focus();
  }
  toggle.addEventListener('click', () => openFilters(!document.body.classList.contains('filters-open')));
  document.getElementById('filters-done').addEventListener('click', () => { openFilters(false); toggle.focus(); });
  filters.addEventListener('keydown', (e) => { if (e.key === 'Escape' && document.body.classList.contains('filters-open')) { openFilters(false); toggle.focus(); } });
  filters.addEventListener('change', summarize);
  summarize();
  filters.addEventListener('submit', (e) => { e.preventDefault(); load(); });

  const locate = document.getElementById('locate');
  if (navigator.geolocation) {
    locate.hidden = false;
    let me = null;
    locate.addEventListener('click', () => {
      statusEl.textContent = t('js.locating');
      navigator.geolocation.getCurrentPosition((pos) => {
        const ll = [pos.coords.latitude, pos.coords.longitude];
        if (me) me.remove();
        me = L.circleMarker(ll, { radius: 8, color: '#fff', weight: 3, fillColor: '#0b4f8a', fillOpacity: 1, interactive: false }).addTo(map);
        map.setView(ll, 17);
        statusEl.textContent = t('js.located');
      }, () => { statusEl.textContent = t('js.locate.failed'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  // A street picked in the search box: the map goes there and offers to
  // report a problem at it, as a tap on the map does. The search's script
  // loads when the box is first used: the map's first render does without.
  const search = document.getElementById('map-search');
  if (search) {
    const onPick = (r) => {
      map.setView([r.lat, r.lon], 18);
      const q = new URLSearchParams({ lat: r.lat.toFixed(6), lon: r.lon.toFixed(6) });
      L.popup().setLatLng([r.lat, r.lon]).setContent(el('div', { class: 'popup' }, el('strong', { text: r.label }), el('br'),
        el('a', { href: '/report?' + q, class: 'button primary', text: t('js.report.point') }))).openOn(map);
      return t('geocode.js.moved', { name: r.label });
    };
    S.searchLater(search, onPick);
  }
  load();
  // Without any pin to show (filters, an empty city, offline), the outlines
  // still come.
  setTimeout(outline, 1500);
  window.streetfixMap = map; // for tests and the console
})();
