fetch('/v1/health')
  .then((r) => r.json().then((b) => ({ ok: r.ok, b })))
  .then(({ ok, b }) => {
    const el = document.getElementById('health');
    el.textContent = ok ? 'all services answer' : 'unavailable: ' + JSON.stringify(b.checks);
    el.className = ok ? 'ok' : 'bad';
  })
  .catch(() => (document.getElementById('health').textContent = 'no answer'));
