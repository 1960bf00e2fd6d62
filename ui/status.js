// The status page: readiness of every part, and where each listens (served under a strict
// Content-Security-Policy, hence a file of its own rather than an inline script).
const labels = {
  postgres: 'PostgreSQL',
  migrations: 'Миграциялар · Миграции · Migrations',
  temporal: 'Temporal',
  worker: 'Worker · Обработчик',
};
function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
async function refresh() {
  let body;
  try {
    const res = await fetch('/ready', { cache: 'no-store' });
    body = await res.json();
  } catch {
    document.getElementById('overall').innerHTML = '<span class="bad">API жауап бермейді · API не отвечает · API not answering</span>';
    return;
  }
  document.getElementById('overall').innerHTML = body.ok
    ? '<span class="ok">✔ Барлығы жұмыс істейді · Всё работает · Everything is ready</span>'
    : '<span class="bad">✘ Дайын емес · Не готово · Not ready</span>';
  document.getElementById('parts').innerHTML = Object.entries(body.parts)
    .map(
      ([name, p]) =>
        `<tr data-part="${esc(name)}"><td>${esc(labels[name] || name)}</td>` +
        `<td class="${p.ok ? 'ok' : 'bad'}">${p.ok ? 'OK' : 'FAIL'}</td>` +
        `<td><pre>${esc(p.error || JSON.stringify(p.detail ?? {}, null, 1))}</pre></td></tr>`,
    )
    .join('');
}
async function links() {
  const res = await fetch('/api/v1/system/links');
  const l = await res.json();
  document.getElementById('links').innerHTML = Object.entries(l)
    .map(([name, url]) => `<li>${esc(name)}: <a href="${esc(url)}">${esc(url)}</a></li>`)
    .join('');
}
refresh();
links();
setInterval(refresh, 3000);
