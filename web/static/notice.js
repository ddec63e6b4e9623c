// Emergency notices on the report form: the page holds each category's
// notice, hidden; the chosen category's is shown as soon as it is picked
// (by the list, or by a theme that empties it), before the report is sent.
'use strict';
(() => {
  const form = document.getElementById('report-form');
  const sel = document.getElementById('category');
  if (!form || !sel) return;
  const notices = [...form.querySelectorAll('.emergency-notice')];
  function show(scroll) {
    for (const n of notices) {
      const was = n.hidden;
      n.hidden = n.dataset.category !== sel.value;
      // Brought into view, clear of a phone's sticky step bar.
      if (scroll && was && !n.hidden) n.scrollIntoView({ block: 'nearest' });
    }
  }
  // Other scripts change the list on a theme's change event, which reaches
  // the form after them.
  form.addEventListener('change', () => show(true));
  show(false);
})();
