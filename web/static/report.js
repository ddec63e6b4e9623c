// The report form, enhanced: one step per screen on a phone (all of them on
// one page on a desktop), the point from the map, the phone's position or a
// photo's GPS, categories of the chosen theme with their questions, "already
// reported nearby?", photo previews, and sending through the outbox so a
// report made offline goes out, once, when the connection returns.
'use strict';
(function () {
  const S = window.Streetfix;
  const { data, t, el, coordFmt, numberFmt } = S;
  const form = document.getElementById('report-form');
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const steps = [...form.querySelectorAll('.step')];
  const latIn = $('lat'), lonIn = $('lon'), areaSel = $('area'), catSel = $('category');
  const placeStatus = $('place-status');
  const photos = [];
  let current = 0;
  // The point and category the nearby check last ran for. Declared before
  // anything can call showPoint: a form opened with ?lat=&lon= shows its
  // point at once, and reading a "let" before its line throws.
  let nearbyFor = '';
  let complaint = null; // the problem said on screen (see complain)
  form.classList.add('enhanced');

  // --- Place ----------------------------------------------------------------
  let pick = null, marker = null;
  if (window.L && $('pick-map')) {
    const at = new URLSearchParams(location.search).get('at');
    let view = [[data.center[1], data.center[0]], data.zoom];
    if (at) {
      const [la, lo, z] = at.split(',').map(Number);
      if (isFinite(la) && isFinite(lo) && isFinite(z)) view = [[la, lo], Math.max(z, 15)];
    }
    pick = L.map('pick-map', { zoomControl: true, keyboard: true }).setView(view[0], view[1]);
    S.baseMap(pick);
    pick.on('click', (e) => setPoint(e.latlng.lat, e.latlng.lng, 'js.place.set'));
  }

  function setPoint(lat, lon, msg) {
    latIn.value = lat.toFixed(6);
    lonIn.value = lon.toFixed(6);
    showPoint(msg);
  }
  function point() {
    const lat = parseFloat(latIn.value), lon = parseFloat(lonIn.value);
    return isFinite(lat) && isFinite(lon) ? { lat, lon } : null;
  }
  function showPoint(msg) {
    const p = point();
    if (!p) return;
    if (pick) {
      if (!marker) {
        marker = L.marker([p.lat, p.lon], { draggable: true, keyboard: true, title: t('js.place.set', { lat: '', lon: '' }),
          icon: L.divIcon({ className: 'pin pin-new', html: '<span class="glyph glyph-new"></span>', iconSize: [34, 34], iconAnchor: [17, 17] }) }).addTo(pick);
        marker.on('dragend', () => { const ll = marker.getLatLng(); setPoint(ll.lat, ll.lng, 'js.place.set'); });
      } else {
        marker.setLatLng([p.lat, p.lon]);
      }
      if (!pick.getBounds().pad(-0.1).contains([p.lat, p.lon])) pick.setView([p.lat, p.lon], Math.max(pick.getZoom(), 17));
    }
    recheck();
    const said = t(msg || 'js.place.set', { lat: coordFmt.format(p.lat), lon: coordFmt.format(p.lon) });
    nearbyFor = '';
    // The address the report will get, once the server says it.
    S.sayPlace(placeStatus, said, p.lat, p.lon);
  }
  // A street picked in the search box places the report on it.
  if ($('place-search')) {
    S.searchLater($('place-search'), (r) => {
      setPoint(r.lat, r.lon, 'js.place.set');
      if (pick) pick.setView([r.lat, r.lon], 18);
      return t('geocode.js.placed', { name: r.label });
    });
  }
  latIn.addEventListener('change', () => showPoint());
  lonIn.addEventListener('change', () => showPoint());
  if (point()) showPoint();

  const useLoc = $('use-location');
  if (navigator.geolocation) {
    useLoc.addEventListener('click', () => {
      placeStatus.textContent = t('js.locating');
      navigator.geolocation.getCurrentPosition((pos) => {
        setPoint(pos.coords.latitude, pos.coords.longitude, 'js.place.set');
        if (pick) pick.setView([pos.coords.latitude, pos.coords.longitude], 18);
      }, () => { placeStatus.textContent = t('js.locate.failed'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  } else {
    useLoc.hidden = true;
  }
  $('photo-gps').addEventListener('change', async (e) => {
    const f = e.target.files[0];
    e.target.value = '';
    if (!f) return;
    addPhotos([f]);
    const gps = await S.exifGPS(f);
    if (gps) setPoint(gps.lat, gps.lon, 'js.place.photo.set');
    else placeStatus.textContent = t('js.place.photo.none');
  });

  // --- Theme, category and questions -------------------------------------------
  const byCode = Object.fromEntries((data.categories || []).map((c) => [c.code, c]));
  const themeRadios = [...form.querySelectorAll('input[name="theme"]')];
  function fillCategories(theme) {
    const keep = catSel.value;
    catSel.replaceChildren(el('option', { value: '', text: catSel.options[0] ? catSel.options[0].text : '' }));
    for (const c of data.categories) {
      if (c.theme === theme) catSel.append(el('option', { value: c.code, text: c.name, selected: c.code === keep }));
    }
    if (catSel.value !== keep) renderQuestions();
  }
  const firstOption = catSel.options[0].text;
  themeRadios.forEach((r) => r.addEventListener('change', () => {
    catSel.replaceChildren(el('option', { value: '', text: firstOption }));
    fillCategories(r.value);
  }));
  if (catSel.value && byCode[catSel.value]) {
    const th = byCode[catSel.value].theme;
    const r = themeRadios.find((x) => x.value === th);
    if (r) { r.checked = true; fillCategories(th); }
  }
  let questionsFor = catSel.value;
  catSel.addEventListener('change', () => renderQuestions());
  function renderQuestions() {
    if (catSel.value === questionsFor) return;
    questionsFor = catSel.value;
    nearbyFor = '';
    const box = $('questions');
    box.replaceChildren();
    const c = byCode[catSel.value];
    if (!c) return;
    for (const q of c.questions) {
      const label = q.label + (q.required ? ' (' + t('js.required') + ')' : '');
      if (q.datatype === 'singlevaluelist' || q.datatype === 'multivaluelist') {
        const multi = q.datatype === 'multivaluelist';
        const fs = el('fieldset', { class: 'question', 'data-code': q.code, 'data-required': q.required ? '1' : null }, el('legend', { text: label }));
        for (const v of q.values || []) {
          fs.append(el('label', { class: 'check' }, el('input', { type: multi ? 'checkbox' : 'radio', name: 'answers[' + q.code + ']' + (multi ? '[]' : ''), value: v.key }), ' ' + v.name));
        }
        box.append(fs);
      } else {
        const id = 'q-' + q.code;
        const type = q.datatype === 'number' ? 'number' : q.datatype === 'datetime' ? 'datetime-local' : 'text';
        box.append(el('label', { for: id, text: label }));
        const input = q.datatype === 'text'
          ? el('textarea', { id, name: 'answers[' + q.code + ']', rows: 2, 'data-required': q.required ? '1' : null })
          : el('input', { id, type, name: 'answers[' + q.code + ']', step: type === 'number' ? 'any' : null, 'data-required': q.required ? '1' : null, 'data-datatype': q.datatype });
        box.append(input);
      }
    }
  }

  // --- Already reported nearby? ------------------------------------------------
  function checkNearby() {
    const p = point();
    const key = p ? [p.lat, p.lon, catSel.value].join() : '';
    if (!p || !catSel.value || key === nearbyFor) return;
    nearbyFor = key;
    const status = $('nearby-status'), list = $('nearby-list');
    status.textContent = t('js.nearby.checking');
    list.replaceChildren();
    const q = new URLSearchParams({ lat: p.lat, lon: p.lon, category: catSel.value, radius: 250, limit: 5 });
    const mine = S.outbox.sent().then((sent) => new Set(sent.map((s) => String(s.id)))).catch(() => new Set());
    fetch('/api/v1/reports/nearby?' + q).then((r) => r.json()).then((body) => mine.then((own) => [body, own])).then(([body, own]) => {
      const found = body.reports || [];
      status.dataset.checked = key;
      status.textContent = found.length ? t('js.nearby.found', { count: numberFmt.format(found.length), n1: found.length === 1 }) : t('js.nearby.none');
      for (const r of found) {
        const result = el('span', { role: 'status' });
        // One's own report: no "me too" (the server would refuse it).
        const btn = own.has(String(r.id)) ? el('span', { class: 'own', text: t('js.metoo.own') }) : el('button', { type: 'button', class: 'button', text: t('js.metoo') });
        if (btn.tagName === 'BUTTON') btn.addEventListener('click', () => metoo(r, btn, result));
        list.append(el('li', {}, el('a', { href: r.url, target: '_blank', text: r.title }),
          el('small', { text: ' · ' + t('js.distance', { metres: numberFmt.format(Math.round(r.distance_m)) }) + ' · ' + data.groups[r.status_group] }),
          el('br'), btn, ' ', result));
      }
    }).catch(() => { status.dataset.checked = 'failed'; status.textContent = t('js.offline'); nearbyFor = ''; });
  }
  function metoo(r, btn, result) {
    btn.disabled = true;
    fetch('/api/v1/reports/' + r.id + '/supports', { method: 'POST', headers: { 'X-Client-Id': S.clientId() } }).then((res) => {
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    }).then((b) => {
      result.textContent = t('js.metoo.done', { count: numberFmt.format(b.support_count), n1: b.support_count === 1 });
      result.append(' ', el('a', { href: r.url, text: t('js.view') }));
    }).catch(() => { btn.disabled = false; result.textContent = t('js.metoo.failed'); });
  }

  // --- Photos ---------------------------------------------------------------
  const previews = $('previews');
  function addPhotos(files) {
    for (const f of files) {
      if (photos.length >= 3) { placeStatus.textContent = t('js.photo.max'); break; }
      if (!f.type.startsWith('image/')) continue;
      photos.push(f);
    }
    drawPreviews();
  }
  function drawPreviews() {
    previews.replaceChildren();
    photos.forEach((f, i) => {
      const url = URL.createObjectURL(f);
      const img = el('img', { src: url, alt: t('js.photo.alt', { n: i + 1 }) });
      img.addEventListener('load', () => URL.revokeObjectURL(url));
      const rm = el('button', { type: 'button', class: 'button small', text: t('js.photo.remove', { n: i + 1 }) });
      rm.addEventListener('click', () => { photos.splice(i, 1); drawPreviews(); });
      previews.append(el('li', {}, img, rm));
    });
    $('photos').required = false;
  }
  for (const id of ['photos', 'camera']) {
    $(id).addEventListener('change', (e) => { addPhotos([...e.target.files]); e.target.value = ''; });
  }
  $('photos').removeAttribute('name'); // sent from the list above, not the input

  // --- Steps ------------------------------------------------------------------
  const phone = window.matchMedia('(max-width: 47.99em)');
  const nav = $('step-nav'), back = $('back'), next = $('next'), progress = $('progress');
  function check(step) {
    const name = step.dataset.step;
    if (name === 'place' && !point() && !areaSel.value) return ['js.place.missing', pick ? $('pick-map') : areaSel];
    if (name === 'what') {
      if (!catSel.value) return ['js.category.missing', catSel];
      for (const q of step.querySelectorAll('[data-required]')) {
        const answered = q.tagName === 'FIELDSET' ? q.querySelector('input:checked') : q.value.trim();
        if (!answered) return ['js.answer.missing', q.tagName === 'FIELDSET' ? q.querySelector('input') : q];
      }
    }
    return null;
  }
  // A problem is said just above its field (the question, or the field's
  // label), scrolled to the middle of the screen, clear of the sticky step
  // bar, and goes as soon as the field is fixed. A message from the server
  // (text) stays until its field changes.
  function complain(problem, text) {
    const [msg, field] = problem;
    clearComplaint();
    const at = field.closest('.question') || (field.id && form.querySelector('label[for="' + CSS.escape(field.id) + '"]')) || field;
    const box = el('p', { id: 'step-error', class: 'error-box', role: 'alert', text: text || t(msg) });
    at.before(box);
    complaint = { field, text, step: steps.find((s) => s.contains(field)), describedBy: field.getAttribute('aria-describedby') };
    field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', ['step-error', complaint.describedBy].filter(Boolean).join(' '));
    box.scrollIntoView({ block: 'center' });
    field.focus({ preventScroll: true });
  }
  function clearComplaint() {
    const box = $('step-error');
    if (box) box.remove();
    if (!complaint) return;
    complaint.field.removeAttribute('aria-invalid');
    if (complaint.describedBy) complaint.field.setAttribute('aria-describedby', complaint.describedBy);
    else complaint.field.removeAttribute('aria-describedby');
    complaint = null;
  }
  // recheck removes the message once what it complained about is fixed.
  function recheck(target) {
    if (!complaint) return;
    if (complaint.text) {
      if (target && (target === complaint.field || complaint.field.contains(target) || (complaint.field.closest('.question') || complaint.field).contains(target))) clearComplaint();
      return;
    }
    const p = complaint.step ? check(complaint.step) : null;
    if (!p || p[1] !== complaint.field) clearComplaint();
  }
  form.addEventListener('input', (e) => recheck(e.target));
  form.addEventListener('change', (e) => recheck(e.target));
  function show(i, focus) {
    current = i;
    clearComplaint();
    steps.forEach((s, j) => s.classList.toggle('current', j === i));
    form.classList.toggle('on-place', steps[i].dataset.step === 'place');
    if (!phone.matches) { nav.hidden = true; progress.hidden = true; if (pick) pick.invalidateSize(); return; }
    nav.hidden = false;
    progress.hidden = false;
    back.hidden = i === 0;
    next.hidden = i === steps.length - 1;
    progress.textContent = t('js.step', { n: i + 1, total: steps.length });
    if (steps[i].dataset.step === 'nearby') checkNearby();
    if (pick && steps[i].dataset.step === 'place') setTimeout(() => pick.invalidateSize(), 0);
    if (focus) {
      const h = steps[i].querySelector('h2');
      h.tabIndex = -1;
      h.focus();
      window.scrollTo(0, 0);
    }
  }
  next.addEventListener('click', () => {
    const problem = check(steps[current]);
    if (problem) return complain(problem);
    show(Math.min(current + 1, steps.length - 1), true);
  });
  back.addEventListener('click', () => show(Math.max(current - 1, 0), true));
  phone.addEventListener('change', () => show(current));
  // On a desktop everything is on one page; look for duplicates as soon as
  // the point and category are known.
  form.addEventListener('change', () => { if (!phone.matches) checkNearby(); });
  show(0);

  // --- Switching language keeps the form --------------------------------------
  // The page comes back from the server in the other language, so what was
  // entered (photos included) waits in IndexedDB meanwhile, with the step.
  const draftDB = () => new Promise((resolve, reject) => {
    const req = indexedDB.open('streetfix-draft', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('draft');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const draftDo = (mode, fn) => draftDB().then((db) => new Promise((resolve, reject) => {
    const x = db.transaction('draft', mode);
    const req = fn(x.objectStore('draft'));
    x.oncomplete = () => { db.close(); resolve(req.result); };
    x.onerror = () => { db.close(); reject(x.error); };
  }));
  function draft() {
    const values = [...new FormData(form).entries()].filter(([k, v]) => typeof v === 'string' && k !== 'locale');
    return { at: Date.now(), step: current, values, photos: photos.slice() };
  }
  function restore(d) {
    const get = (k) => (d.values.find(([n]) => n === k) || [])[1];
    const theme = themeRadios.find((r) => r.value === get('theme'));
    if (theme) { theme.checked = true; fillCategories(theme.value); }
    if (get('category') && byCode[get('category')]) { catSel.value = get('category'); renderQuestions(); }
    for (const [k, v] of d.values) {
      if (k === 'theme' || k === 'category') continue;
      for (const input of form.querySelectorAll('[name="' + CSS.escape(k) + '"]')) {
        if (input.type === 'radio' || input.type === 'checkbox') { if (input.value === v) input.checked = true; } else if (input.type !== 'file') input.value = v;
      }
    }
    showPoint();
    photos.splice(0, photos.length, ...(d.photos || []).slice(0, 3));
    if (photos.length) drawPreviews();
    show(Math.min(d.step || 0, steps.length - 1));
  }
  if (window.indexedDB) {
    for (const a of document.querySelectorAll('.langs a[href]')) {
      a.addEventListener('click', (e) => {
        e.preventDefault();
        const go = () => { location.href = a.href; };
        draftDo('readwrite', (st) => st.put(draft(), 'form')).then(() => sessionStorage.setItem('streetfix-draft', '1')).then(go, go);
      });
    }
    let switched = false; // this page is the form after a language switch
    try { switched = sessionStorage.getItem('streetfix-draft') === '1'; sessionStorage.removeItem('streetfix-draft'); } catch (e) { /* storage blocked */ }
    if (switched) {
      draftDo('readonly', (st) => st.get('form')).then((d) => {
        if (d && Date.now() - d.at < 3600e3) restore(d);
        form.dataset.restored = d ? '1' : '0';
        return draftDo('readwrite', (st) => st.delete('form'));
      }).catch(() => {});
    }
  }

  // --- Send -------------------------------------------------------------------
  function fields() {
    const out = [];
    const fd = new FormData(form);
    let lat = latIn.value.trim(), lon = lonIn.value.trim();
    const area = data.areas.find((a) => a.code === areaSel.value);
    if ((!lat || !lon) && area) { lat = String(area.label[1]); lon = String(area.label[0]); }
    let description = fd.get('description') || '';
    const address = (fd.get('address') || '').trim();
    if (address) description = t('js.address.prefix', { address }) + '\n\n' + description;
    out.push(['category', catSel.value], ['lat', lat], ['lon', lon], ['title', fd.get('title') || ''],
      ['description', description], ['name', fd.get('name') || ''], ['email', fd.get('email') || ''],
      ['locale', data.lang]);
    if (fd.get('show_name')) out.push(['show_name', '1']);
    if (fd.get('contact_consent')) out.push(['contact_consent', '1']);
    for (const [k, v] of fd.entries()) {
      if (!k.startsWith('answers[') || v === '') continue;
      const input = form.querySelector('[name="' + CSS.escape(k) + '"][data-datatype="datetime"]');
      out.push([k, input ? new Date(v).toISOString() : v]);
    }
    return out;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const s of steps) {
      const problem = check(s);
      if (problem) {
        show(steps.indexOf(s));
        return complain(problem);
      }
    }
    const send = $('send');
    send.disabled = true;
    send.textContent = t('js.sending');
    const item = { key: crypto.randomUUID(), created: Date.now(), lang: data.lang, title: $('title').value.trim() || (byCode[catSel.value] || {}).name,
      fields: fields(), photos: photos.slice(), queued: !navigator.onLine };
    S.outbox.held.add(item.key);
    try {
      await S.outbox.add(item);
    } catch (err) {
      S.outbox.held.delete(item.key);
      send.disabled = false;
      send.textContent = t('js.error');
      return;
    }
    await S.outbox.send();
    const sent = await S.outbox.get(item.key);
    const waiting = (await S.outbox.waiting()).find((w) => w.key === item.key);
    if (!sent && waiting && !waiting.error) {
      // Offline: marked as queued so the outbox shows the links once sent.
      waiting.queued = true;
      await S.outbox.add(waiting);
    }
    // Sent, or kept to be sent later: the list shows it from now on.
    if (!waiting || !waiting.error) S.outbox.held.delete(item.key);
    done(sent, waiting);
  });

  function done(sent, waiting) {
    const box = $('sent');
    if (waiting && waiting.error) {
      const send = $('send');
      send.disabled = false;
      send.textContent = t('js.error');
      // The server said what is wrong: at its field when the form has it.
      const name = waiting.field === 'lon' ? 'lat' : waiting.field;
      let field = name ? form.querySelector('[name="' + CSS.escape(name) + '"], [name^="' + CSS.escape(name.replace(/^answers\./, 'answers[')) + '"]') : null;
      if (field === latIn) field = pick ? $('pick-map') : areaSel;
      if (!field || field.type === 'hidden') field = send;
      const step = steps.find((st) => st.contains(field));
      if (step) show(steps.indexOf(step));
      complain(['js.error', field], waiting.error);
      // The form still holds it all.
      S.outbox.remove(waiting.key).then(() => { S.outbox.held.delete(waiting.key); return S.renderOutbox(); });
      return;
    }
    box.replaceChildren();
    if (sent) {
      const manage = location.origin + sent.url + '/manage?token=' + encodeURIComponent(sent.token);
      box.append(el('h2', { id: 'sent-title', text: t('js.sent.title') }), el('p', { text: t('js.sent.thanks') }),
        el('p', {}, el('a', { href: sent.url, id: 'sent-link', text: t('js.view') })),
        el('h3', { text: t('js.sent.manage') }), el('p', { text: t('js.sent.manage.hint') }),
        el('p', { class: 'secret' }, el('a', { href: manage, rel: 'noreferrer', id: 'manage-link', text: manage })));
    } else {
      box.append(el('h2', { id: 'sent-title', text: t('js.saved.title') }), el('p', { text: t('js.saved.text') }));
    }
    box.append(el('p', {}, el('a', { href: '/report', text: t('js.sent.another') }), ' · ', el('a', { href: '/', text: t('js.report.here') })));
    form.hidden = true;
    box.hidden = false;
    box.focus();
    S.renderOutbox();
  }
})();
