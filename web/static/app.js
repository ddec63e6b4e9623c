// Shared by every page of the citizen app: the strings and settings the
// server put in the page, formatting in the user's locale, the base map,
// the outbox of reports made offline, the service worker, and the street
// search's loader and the address of a point.
'use strict';
(function () {
  document.documentElement.classList.add('js');
  const dataEl = document.getElementById('app-data');
  const data = dataEl ? JSON.parse(dataEl.textContent) : { lang: document.documentElement.lang || 'en', t: {}, themes: [], areas: [] };
  const lang = data.lang;

  // t returns a catalogue string with {name} placeholders filled.
  function t(id, vars) {
    if (vars && vars.n1 && data.t[id + '.one']) id += '.one';
    let s = data.t[id] || id;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? vars[k] : m));
    return s;
  }
  const numberFmt = new Intl.NumberFormat(lang);
  const coordFmt = new Intl.NumberFormat(lang, { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  // Dates in the city's time zone, as the server writes them, whatever the
  // device's; a browser that does not know the zone uses the device's.
  let dateFmt;
  try {
    dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: data.time_zone || undefined });
  } catch (e) {
    dateFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k === 'text') e.textContent = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids) e.append(k);
    return e;
  }

  // baseMap gives a Leaflet map the configured tiles and the attributions,
  // and the area outlines (the map's shape when tiles do not load) unless
  // the page draws them later itself (outlines: false).
  function baseMap(map, opts) {
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    if (data.tiles && data.tiles.url) {
      L.tileLayer(data.tiles.url, { maxZoom: 19, attribution: esc(data.tiles.attribution) }).addTo(map);
    }
    if (data.tiles && data.tiles.data) map.attributionControl.addAttribution(esc(data.tiles.data));
    if (!opts || opts.outlines !== false) outlines(map);
  }
  function outlines(map) {
    fetch('/api/v1/areas?format=geojson&simplify=0.0001').then((r) => r.json()).then((fc) => {
      L.geoJSON(fc, { interactive: false, style: { color: '#0b4f8a', weight: 1.5, opacity: 0.8, fillColor: '#0b4f8a', fillOpacity: 0.03 } }).addTo(map);
    }).catch(() => {});
  }

  // clientId lets the server count a "me too" once per phone without a cookie.
  function clientId() {
    try {
      let id = localStorage.getItem('streetfix-client');
      if (!id) { id = crypto.randomUUID(); localStorage.setItem('streetfix-client', id); }
      return id;
    } catch (e) { return ''; }
  }

  // --- Outbox: reports kept on the phone until they are sent. -------------
  // Each keeps the Idempotency-Key made when the user pressed send, so a
  // retry after a lost answer returns the first report instead of a second.
  let dbp = null;
  function openDB() {
    if (!dbp) {
      dbp = new Promise((resolve, reject) => {
        const req = indexedDB.open('streetfix', 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('outbox', { keyPath: 'key' });
          req.result.createObjectStore('sent', { keyPath: 'key' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return dbp;
  }
  function tx(store, mode, fn) {
    return openDB().then((db) => new Promise((resolve, reject) => {
      const x = db.transaction(store, mode);
      const out = fn(x.objectStore(store));
      x.oncomplete = () => resolve(out && 'result' in out ? out.result : undefined);
      x.onerror = () => reject(x.error);
    }));
  }
  const outbox = {
    add(item) { return tx('outbox', 'readwrite', (s) => s.put(item)); },
    waiting() { return tx('outbox', 'readonly', (s) => s.getAll()); },
    sent() { return tx('sent', 'readonly', (s) => s.getAll()); },
    get(key) { return tx('sent', 'readonly', (s) => s.get(key)); },
    remove(key) { return tx('outbox', 'readwrite', (s) => s.delete(key)); },
    send,
    // held: the keys of reports a form on this page is sending and will
    // answer for itself (a refusal goes back to its field): the list above
    // it does not show them meanwhile, and the form does not move.
    held: new Set(),
  };

  function formData(item) {
    const fd = new FormData();
    for (const [k, v] of item.fields) fd.append(k, v);
    (item.photos || []).forEach((p, i) => fd.append('photos', p, p.name || ('photo' + i + '.jpg')));
    return fd;
  }

  async function sendOne(item) {
    let res;
    try {
      // The client id lets the server refuse this browser's "me too" on its own report.
      res = await fetch('/api/v1/reports', { method: 'POST', body: formData(item), headers: { 'Idempotency-Key': item.key, 'Accept-Language': item.lang, 'X-Client-Id': clientId() } });
    } catch (e) {
      return false; // no network: keep it for later
    }
    if (res.status === 201 || res.status === 200) {
      const body = await res.json();
      const sent = { key: item.key, id: body.report.id, url: body.report.url, token: body.token, title: body.report.title, sentAt: Date.now(), queued: !!item.queued };
      await openDB().then((db) => new Promise((resolve, reject) => {
        const x = db.transaction(['outbox', 'sent'], 'readwrite');
        x.objectStore('sent').put(sent);
        x.objectStore('outbox').delete(item.key);
        x.oncomplete = resolve;
        x.onerror = () => reject(x.error);
      }));
      return true;
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) return false;
    let msg = t('js.error'), field = '', code = '';
    try { const e = (await res.json()).error; msg = e.message || msg; field = e.field || ''; code = e.code || ''; } catch (e) { /* keep the generic message */ }
    item.state = 'failed';
    item.error = data.t['js.error.' + code] || msg; // in the page's language when known
    item.field = field; // the form shows the message at this field
    await outbox.add(item);
    return true;
  }

  // send posts every waiting report. Runs queue one after another (and
  // across tabs through a Web Lock), so a report added while a run is under
  // way is sent by the next one, and none is posted by two runs at once.
  let chain = Promise.resolve();
  function send() {
    const run = async () => {
      const items = (await outbox.waiting()).filter((i) => i.state !== 'failed');
      for (const item of items) {
        if (!(await sendOne(item))) break;
      }
    };
    const locked = navigator.locks ? () => navigator.locks.request('streetfix-outbox', run) : run;
    chain = chain.then(locked).catch(() => {}).then(renderOutbox);
    return chain;
  }

  async function renderOutbox() {
    const box = document.getElementById('outbox');
    if (!box || !window.indexedDB) return;
    let waiting = [], sent = [];
    try { [waiting, sent] = await Promise.all([outbox.waiting(), outbox.sent()]); } catch (e) { return; }
    sent = sent.filter((s) => s.queued).sort((a, b) => b.sentAt - a.sentAt).slice(0, 5);
    const ul = box.querySelector('ul');
    ul.replaceChildren();
    for (const w of waiting) {
      if (outbox.held.has(w.key)) continue;
      const state = w.state === 'failed' ? t('js.outbox.failed', { error: w.error }) : t('js.outbox.waiting');
      ul.append(el('li', { class: 'waiting', 'data-key': w.key }, el('strong', { text: w.title || '—' }), ' — ' + state));
    }
    for (const s of sent) {
      ul.append(el('li', { class: 'sent', 'data-key': s.key }, el('strong', { text: s.title }), ' — ' + t('js.outbox.sent') + ' ',
        el('a', { href: s.url, text: t('js.view') }), ' · ',
        el('a', { href: s.url + '/manage?token=' + encodeURIComponent(s.token), rel: 'noreferrer', text: t('js.manage') })));
    }
    if (sent.length && !box.querySelector('.dismiss')) {
      const ok = el('button', { type: 'button', class: 'button small dismiss', text: t('js.dismiss') });
      ok.addEventListener('click', async () => {
        // Sent reports stay on the phone (their manage links) but leave this box.
        for (const s of await outbox.sent()) {
          if (s.queued) { s.queued = false; await tx('sent', 'readwrite', (st) => st.put(s)); }
        }
        renderOutbox();
      });
      box.append(ok);
    } else if (!sent.length && box.querySelector('.dismiss')) {
      box.querySelector('.dismiss').remove();
    }
    box.hidden = waiting.length + sent.length === 0;
    document.documentElement.dataset.outbox = String(waiting.length);
  }

  window.addEventListener('online', () => send());
  document.addEventListener('visibilitychange', () => { if (!document.hidden && navigator.onLine) send(); });
  if (window.indexedDB) {
    renderOutbox().then(() => { if (navigator.onLine) send(); });
  }
  // The worker is installed once the page has loaded, so caching the app
  // shell never competes with what the visitor is waiting for.
  if ('serviceWorker' in navigator) {
    const register = () => navigator.serviceWorker.register('/sw.js').catch(() => {});
    if (document.readyState === 'complete') setTimeout(register, 500);
    else window.addEventListener('load', () => setTimeout(register, 500));
  }

  // --- Street search: its script (geocode.js) comes on first use. --------
  // searchLater makes a search box (its data-script names the script) work
  // from the first focus, tap or Find, so no page waits for it; what was
  // typed while it came is searched once it is there.
  function searchLater(box, onPick) {
    let asked = false;
    const start = () => {
      if (asked) return;
      asked = true;
      const ready = () => {
        window.Streetfix.streetSearch(box, onPick);
        const input = box.querySelector('[role="combobox"]');
        if (input.value) input.dispatchEvent(new Event('input'));
      };
      if (window.Streetfix.streetSearch) { ready(); return; }
      const s = el('script', { src: box.dataset.script });
      s.onload = ready;
      s.onerror = () => { asked = false; s.remove(); };
      document.head.append(s);
    };
    box.addEventListener('focusin', start);
    box.addEventListener('pointerdown', start);
    box.addEventListener('submit', (e) => {
      if (!window.Streetfix.streetSearch) { e.preventDefault(); start(); }
    });
  }
  // addressOf resolves to the address a report at the point would get, or
  // '' when it cannot be had (outside the area, offline).
  function addressOf(lat, lon) {
    return fetch('/api/v1/geocode/reverse?' + new URLSearchParams({ lat: lat.toFixed(6), lon: lon.toFixed(6), lang: data.lang }))
      .then((r) => (r.ok ? r.json() : {})).then((b) => b.address || '').catch(() => '');
  }
  // sayPlace puts said in the status element at once and adds the point's
  // address when the server gives it, unless the element has been given
  // another point since (a later call) or other words ("Locating…"). The
  // element is aria-busy until the latest lookup ends.
  let lookups = 0;
  function sayPlace(el, said, lat, lon) {
    const n = ++lookups;
    el.dataset.lookup = n;
    el.textContent = said;
    el.setAttribute('aria-busy', 'true');
    return addressOf(lat, lon).then((a) => {
      if (el.dataset.lookup !== String(n)) return;
      if (a && el.textContent === said) el.textContent = said + ' — ' + a;
      el.removeAttribute('aria-busy');
    });
  }

  window.Streetfix = { data, t, esc, el, numberFmt, coordFmt, dateFmt, baseMap, outlines, clientId, outbox, renderOutbox, searchLater, addressOf, sayPlace };
})();
