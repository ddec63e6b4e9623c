// The report page: a small map of the point, "me too" without leaving the
// page, and sharing the link.
'use strict';
(function () {
  const S = window.Streetfix;
  const { t, numberFmt } = S;
  const box = document.getElementById('report-map');
  if (box && window.L) {
    const ll = [parseFloat(box.dataset.lat), parseFloat(box.dataset.lon)];
    const map = L.map(box, { zoomControl: true, keyboard: false, scrollWheelZoom: false }).setView(ll, 17);
    S.baseMap(map);
    L.marker(ll, { keyboard: false, interactive: false,
      icon: L.divIcon({ className: 'pin pin-' + box.dataset.group, html: '<span class="glyph glyph-' + box.dataset.theme + '"></span>', iconSize: [30, 30] }) }).addTo(map);
  }
  const form = document.getElementById('metoo-form');
  if (form) {
    const status = document.getElementById('metoo-status');
    // A report sent from this browser gets no "me too" from it.
    const own = () => { document.getElementById('metoo').hidden = true; status.textContent = t('js.metoo.own'); };
    S.outbox.sent().then((sent) => { if (sent.some((s) => String(s.id) === form.dataset.id)) own(); }).catch(() => {});
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const btn = document.getElementById('metoo');
      btn.disabled = true;
      fetch('/api/v1/reports/' + form.dataset.id + '/supports', { method: 'POST', headers: { 'X-Client-Id': S.clientId() } })
        .then((r) => {
          if (r.status === 409) return r.json().then((b) => { if (b.error && b.error.code === 'own_report') { own(); return null; } throw new Error('409'); });
          if (!r.ok) throw new Error(String(r.status));
          return r.json();
        })
        .then((b) => {
          if (!b) return;
          document.getElementById('support-count').textContent = numberFmt.format(b.support_count);
          status.textContent = t('js.metoo.done', { count: numberFmt.format(b.support_count), n1: b.support_count === 1 });
        })
        .catch(() => { btn.disabled = false; status.textContent = t('js.metoo.failed'); });
    });
  }
  const share = document.getElementById('share');
  const url = document.getElementById('share-url');
  if (share && url) {
    share.hidden = false;
    share.addEventListener('click', () => {
      if (navigator.share) {
        navigator.share({ title: document.title, text: t('js.share.text'), url: url.value }).catch(() => {});
        return;
      }
      url.select();
      (navigator.clipboard ? navigator.clipboard.writeText(url.value) : Promise.reject(new Error('no clipboard')))
        .then(() => { share.textContent = t('js.copied'); })
        .catch(() => { document.execCommand && document.execCommand('copy'); share.textContent = t('js.copied'); });
    });
  }
  // Dates in the user's locale, from the machine-readable datetime.
  for (const time of document.querySelectorAll('time[datetime]')) {
    const d = new Date(time.getAttribute('datetime'));
    if (!isNaN(d)) time.textContent = S.dateFmt.format(d);
  }
})();
