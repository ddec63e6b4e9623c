// Street search as one types (a WAI-ARIA combobox over /api/v1/geocode),
// for the map page, the alerts page and the report form. Pages load it on
// the search box's first use (Streetfix.searchLater in app.js).
'use strict';
(function () {
  const S = window.Streetfix;
  const { data, t, el } = S;

  // streetSearch enhances a search box (input[role=combobox], ul[role=listbox],
  // a status line) and calls onPick with the chosen street or house number;
  // what onPick returns is said in the status line.
  function streetSearch(form, onPick) {
    const input = form.querySelector('[role="combobox"]');
    const list = form.querySelector('[role="listbox"]');
    const status = form.querySelector('[role="status"]');
    let results = [], active = -1, ctrl = null, timer = 0, asked = '', picked = '';

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }
    function setActive(i) {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
      if (i >= 0) {
        input.setAttribute('aria-activedescendant', list.children[i].id);
        list.children[i].scrollIntoView({ block: 'nearest' });
      } else {
        input.removeAttribute('aria-activedescendant');
      }
    }
    function render() {
      list.replaceChildren(...results.map((r, i) => el('li', { role: 'option', id: list.id + '-' + i, 'aria-selected': 'false', 'data-lat': r.lat, 'data-lon': r.lon },
        el('strong', { text: r.name }), ' ', el('span', { class: 'muted', text: r.municipality }))));
      list.hidden = results.length === 0;
      input.setAttribute('aria-expanded', String(results.length > 0));
      status.textContent = results.length ? t('geocode.js.results', { count: results.length }) : t('geocode.js.none');
      active = -1;
    }
    function ask() {
      const q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (ctrl) ctrl.abort();
      if (q.length < 2) { results = []; close(); status.textContent = ''; return; }
      ctrl = new AbortController();
      form.setAttribute('aria-busy', 'true');
      fetch('/api/v1/geocode?' + new URLSearchParams({ q: q.slice(0, 200), lang: data.lang, limit: '8' }), { signal: ctrl.signal })
        .then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then((body) => { form.removeAttribute('aria-busy'); results = body.results; render(); })
        .catch((e) => {
          if (e.name === 'AbortError') return;
          form.removeAttribute('aria-busy');
          results = []; close();
          status.textContent = t('geocode.js.failed');
        });
    }
    function pick(i) {
      const r = results[i];
      if (!r) return;
      // A search still to come or under way would open its list again
      // over the page, and say its count instead of the pick.
      clearTimeout(timer);
      if (ctrl) ctrl.abort();
      form.removeAttribute('aria-busy');
      input.value = r.label;
      asked = picked = input.value;
      close();
      status.textContent = onPick(r) || '';
    }
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(ask, 150); });
    input.addEventListener('keydown', (e) => {
      const n = results.length;
      if (e.key === 'ArrowDown' && n) { e.preventDefault(); if (list.hidden) render(); setActive((active + 1) % n); }
      else if (e.key === 'ArrowUp' && n) { e.preventDefault(); if (list.hidden) render(); setActive((active + n - 1) % n); }
      else if (e.key === 'Enter') {
        e.preventDefault(); // never submits the report form under it
        if (!list.hidden && n) pick(Math.max(active, 0));
        else if (input.value !== picked) { clearTimeout(timer); asked = ''; ask(); }
      } else if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); close(); }
    });
    // A press on an option must not blur the input first (which closes the list).
    list.addEventListener('mousedown', (e) => e.preventDefault());
    list.addEventListener('click', (e) => {
      const li = e.target.closest('[role="option"]');
      if (li) pick([...list.children].indexOf(li));
    });
    input.addEventListener('blur', () => close());
    // The Find button (or Enter without a list) asks again; the submission
    // Enter causes after a pick is not a new search.
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (input.value === picked) return;
      clearTimeout(timer); asked = ''; ask();
    });
  }

  Object.assign(S, { streetSearch });
})();
