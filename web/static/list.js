// The list without a map: "use my location" fills the form's position and
// searches near it.
'use strict';
(function () {
  const S = window.Streetfix;
  const btn = document.getElementById('find-near');
  const form = document.getElementById('find');
  if (!btn || !form || !navigator.geolocation) return;
  const status = document.getElementById('find-status');
  btn.hidden = false;
  btn.addEventListener('click', () => {
    status.textContent = S.t('js.locating');
    navigator.geolocation.getCurrentPosition((pos) => {
      document.getElementById('find-lat').value = pos.coords.latitude.toFixed(6);
      document.getElementById('find-lon').value = pos.coords.longitude.toFixed(6);
      document.getElementById('find-area').value = '';
      form.submit();
    }, () => { status.textContent = S.t('js.locate.failed'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
  // Choosing a municipality searches there, not near the last position.
  document.getElementById('find-area').addEventListener('change', () => {
    document.getElementById('find-lat').value = '';
    document.getElementById('find-lon').value = '';
  });
  for (const time of document.querySelectorAll('time[datetime]')) {
    const d = new Date(time.getAttribute('datetime'));
    if (!isNaN(d)) time.textContent = S.dateFmt.format(d);
  }
})();
