// "Reports on this phone": every report sent from this browser (IndexedDB
// "sent", newest first) and those still waiting to be sent ("outbox"),
// each sent one with its status asked of the API now.
'use strict';
(() => {
  const S = window.Streetfix;
  const list = document.getElementById('mine-list');
  const status = document.getElementById('mine-status');
  if (!S || !list) return;
  const mine = JSON.parse(document.getElementById('mine-data').textContent);
  const t = (id) => mine.t[id] || id;
  const el = S.el;
  const MAX = 100; // the newest; older ones stay on the phone

  async function statusOf(item, badge) {
    try {
      const res = await fetch('/api/v1/reports/' + item.id + '?lang=' + encodeURIComponent(S.data.lang), { headers: { Accept: 'application/json' } });
      if (res.status === 404) { badge.textContent = t('mine.gone'); badge.className = 'status status-gone'; return; }
      if (!res.ok) throw new Error(String(res.status));
      const r = await res.json();
      badge.replaceChildren(el('span', { class: 'shape shape-' + r.status_group, 'aria-hidden': 'true' }), mine.statuses[r.status] || r.status);
      badge.className = 'status status-' + r.status_group;
      badge.dataset.status = r.status;
    } catch (e) {
      badge.textContent = navigator.onLine ? t('mine.unknown') : t('mine.offline');
    }
  }

  async function render() {
    if (!window.indexedDB) { status.textContent = t('mine.empty'); return; }
    let waiting = [], sent = [];
    try { [waiting, sent] = await Promise.all([S.outbox.waiting(), S.outbox.sent()]); } catch (e) { status.textContent = t('mine.empty'); return; }
    sent.sort((a, b) => b.sentAt - a.sentAt);
    list.replaceChildren();
    for (const w of waiting) {
      list.append(el('li', { class: 'mine-item waiting', 'data-key': w.key }, el('strong', { text: w.title || '—' }), ' ',
        el('span', { class: 'status', text: w.state === 'failed' ? t('mine.failed') + ' ' + (w.error || '') : t('mine.waiting') })));
    }
    const checks = [];
    for (const s of sent.slice(0, MAX)) {
      const badge = el('span', { class: 'status', text: '…' });
      list.append(el('li', { class: 'mine-item sent', 'data-id': String(s.id) },
        el('a', { href: s.url, class: 'mine-title' }, el('strong', { text: s.title || ('#' + s.id) })), ' ', badge,
        el('br'), el('small', { text: t('mine.sent') + ' ' + S.dateFmt.format(new Date(s.sentAt)) }), ' · ',
        el('a', { href: s.url, text: t('mine.view') }), ' · ',
        el('a', { href: s.url + '/manage?token=' + encodeURIComponent(s.token), rel: 'noreferrer', text: t('mine.manage') })));
      checks.push(statusOf(s, badge));
    }
    status.textContent = waiting.length + sent.length === 0 ? t('mine.empty') : '';
    await Promise.all(checks);
  }
  render().finally(() => { document.documentElement.dataset.mine = 'ready'; });
})();
