// The list without a map: "use my location" fills the form's position and
// searches near it; dates in the user's locale.
'use strict';
(function () {
  const S = window.Streetfix;
  const $ = (id) => document.getElementById(id);
  for (const time of document.querySelectorAll('time[datetime]')) {
    const d = new Date(time.getAttribute('datetime'));
    if (!isNaN(d)) time.textContent = S.dateFmt.format(d);
  }
  const form = $('find');
  if (!form) return;
  // Choosing a municipality searches there, not near the last position.
  $('find-area').addEventListener('change', () => { $('find-lat').value = ''; $('find-lon').value = ''; });
  const btn = $('find-near');
  if (!navigator.geolocation) return;
  btn.hidden = false;
  btn.addEventListener('click', () => {
    $('find-status').textContent = S.t('js.locating');
    navigator.geolocation.getCurrentPosition((pos) => {
      $('find-lat').value = pos.coords.latitude.toFixed(6);
      $('find-lon').value = pos.coords.longitude.toFixed(6);
      $('find-area').value = '';
      form.submit();
    }, () => { $('find-status').textContent = S.t('js.locate.failed'); }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  });
})();
