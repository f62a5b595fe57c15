// The overview, project and operations views: plain tables and bars built from the dashboard's JSON.
import { getJson } from './api.js';
import { h, clear, badge, statusText, when } from './dom.js';

export async function overview() {
  const body = await getJson('/api/v1/dashboard/overview');
  document.getElementById('overview-meta').textContent =
    `View as of ${when(body.as_of)}, ${body.lag} records behind. Marker backlog: ` + backlog(body.marker_backlog);
  const rows = body.pipelines.map((p) => h('tr', { 'data-pipeline': p.pipeline },
    h('th', { scope: 'row' }, h('a', { href: '#/grid?pipeline=' + encodeURIComponent(p.pipeline) }, p.pipeline)),
    h('td', {}, levelBar(p)),
    h('td', { class: 'num' }, String(p.projects)),
    h('td', { 'data-cell': 'failed' }, h('span', { class: 'st st-failed' }, '✖ ' + p.failed)),
    h('td', { 'data-cell': 'running' }, h('span', { class: 'st st-running' }, '▶ ' + p.running)),
    h('td', {}, p.config_ids.join(', '))));
  clear(document.getElementById('overview-list'), rows.length === 0
    ? h('p', {}, 'No pipeline has a recorded completion yet.')
    : h('table', {}, h('thead', {}, h('tr', {}, ['Pipeline', 'Projects per level', 'Projects', 'Failed', 'Running', 'Config ids']
      .map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)));
}

function backlog(b) {
  return b && b.state === 'ok' ? `${b.records} completions without a marker yet (${b.group})` : `unknown (${b && b.message})`;
}

function levelBar(p) {
  const total = Math.max(1, p.projects);
  const entries = Object.entries(p.by_level);
  const bar = h('div', { class: 'bar', role: 'img',
    'aria-label': entries.map(([l, n]) => `${l}: ${n}`).join(', ') });
  entries.forEach(([level, n], i) => {
    const seg = h('span', { class: level === 'none' ? 'lvl-none' : 'lvl-' + Math.min(3, i - 1), title: `${level}: ${n}` });
    seg.style.width = (100 * n / total) + '%';
    bar.append(seg);
  });
  const legend = h('div', { class: 'legend' }, entries.map(([l, n]) => `${l === 'none' ? 'nothing complete' : l} ${n}`).join(' · '));
  return h('div', {}, bar, legend);
}

export async function project(pipeline, name, configId) {
  const body = await getJson('/api/v1/dashboard/projects/' + encodeURIComponent(pipeline) + '/' + encodeURIComponent(name),
    { config_id: configId });
  document.getElementById('project-title').textContent = `${name} · ${pipeline} · ${configId}`;
  document.getElementById('project-back').href = '#/grid?pipeline=' + encodeURIComponent(pipeline)
    + '&config_id=' + encodeURIComponent(configId);
  const view = body.view;
  const summary = view
    ? h('table', { id: 'project-stages' }, h('thead', {}, h('tr', {}, h('th', {}, 'Stage'), h('th', {}, 'Status'), h('th', {}, 'Last completed'))),
      h('tbody', {}, view.cells.map((c, i) => h('tr', { 'data-stage': body.stages[i], 'data-status': c.status },
        h('th', { scope: 'row' }, body.stages[i]), h('td', {}, badge(c.status)), h('td', {}, when(c.completed_at))))))
    : h('p', {}, 'The planner has no record of this project and config id.');
  clear(document.getElementById('project-body'),
    h('p', { id: 'project-status' }, 'Status: ', view ? badge(view.status) : '—', view ? ` · level ${view.level || 'none'} · last change ${when(view.changed_at)}` : ''),
    summary,
    h('h3', {}, 'Timeline (newest first)'), timeline(body.timeline),
    h('h3', {}, 'Marker folders'), markers(body.markers),
    h('h3', {}, 'Runs and remaining items'), part(body.runs, () => null));
}

function part(p, render) {
  if (p.state !== 'ok') {
    return h('p', { class: p.state === 'error' ? 'error' : 'meta', 'data-state': p.state },
      p.state === 'not_configured' ? 'Not configured: ' + p.message : p.message);
  }
  return render(p.data);
}

function timeline(p) {
  return part(p, (page) => {
    // newest first by occurred_at: the ledger lists a key's events in the order it applied them (seq), and two
    // batches applied at once may interleave one key's events, so seq alone is not the order they happened in
    const rows = [...page.items].sort(newestFirst).map((e) => {
      let body = {};
      try { body = JSON.parse(e.body || '{}'); } catch (x) { body = {}; }
      const failed = e.type === 'stage.failed';
      return h('tr', { 'data-type': e.type },
        h('td', {}, when(e.occurred_at)), h('td', {}, badge(typeStatus(e.type), null), ' ', e.type),
        h('td', {}, e.stage || ''), h('td', { class: 'mono' }, e.run_id || ''),
        h('td', { class: 'mono' }, body.metrics ? JSON.stringify(body.metrics) : ''),
        h('td', { class: failed ? 'error' : '' }, body.error ? (typeof body.error === 'string' ? body.error : JSON.stringify(body.error)) : ''));
    });
    return h('div', {}, page.next ? h('p', { class: 'meta' }, `The first ${page.items.length} events (the ledger pages its timeline).`) : null,
      h('table', { id: 'timeline' }, h('thead', {}, h('tr', {}, ['Occurred', 'Event', 'Stage', 'Run id', 'Metrics', 'Error']
        .map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)));
  });
}

function newestFirst(a, b) {
  const at = Date.parse(b.occurred_at) - Date.parse(a.occurred_at);
  return at !== 0 && !Number.isNaN(at) ? at : b.seq - a.seq;
}

function typeStatus(type) {
  return { 'stage.completed': 'completed', 'stage.started': 'running', 'stage.failed': 'failed' }[type] || 'not_started';
}

function markers(p) {
  return part(p, (data) => data.folders.length === 0
    ? h('p', { class: 'meta' }, 'No marker folder yet.')
    : h('ul', { id: 'markers' }, data.folders.map((f) => h('li', {},
      h('span', { class: 'mono' }, `s3://${data.bucket}/${f.prefix}`), f.complete ? ' (complete)' : ' (incomplete)',
      h('ul', {}, f.files.map((k) => h('li', { class: 'mono' }, k)))))));
}

export async function operations() {
  const body = await getJson('/api/v1/dashboard/operations');
  clear(document.getElementById('ops-body'),
    h('h3', {}, 'Services'), services(body.services),
    h('div', { class: 'cards' },
      h('div', { class: 'card', id: 'outbox' }, h('h3', {}, 'Ledger outbox'), part(body.outbox, (o) =>
        h('p', {}, `${o.pending} changes waiting; oldest ${o.lag_seconds == null ? 'none' : o.lag_seconds.toFixed(1) + ' s old'}`))),
      h('div', { class: 'card' }, h('h3', {}, 'Marker backlog'), h('p', {}, backlog(body.marker_backlog)))),
    h('h3', {}, 'Bootstrap scans'), part(body.scans, scans),
    h('h3', {}, 'Dead-letter queue (newest first)'), part(body.dlq, dlq));
}

function services(list) {
  return h('table', { id: 'services' }, h('thead', {}, h('tr', {}, ['Service', 'Readiness', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, list.map((s) => {
      const up = s.state === 'ok' && s.status === 'UP';
      const status = s.state === 'not_configured' ? 'not_started' : up ? 'completed' : 'failed';
      const word = s.state === 'not_configured' ? '○ not configured' : up ? '✔ ready' : '✖ ' + (s.status || 'unreachable');
      return h('tr', { 'data-service': s.service }, h('th', { scope: 'row' }, s.service),
        h('td', {}, h('span', { class: 'st st-' + status }, word)), h('td', { class: 'meta' }, s.message || s.url || ''));
    })));
}

function scans(list) {
  if (list.length === 0) return h('p', { class: 'meta' }, 'No scan yet.');
  return h('table', { id: 'scans' }, h('thead', {}, h('tr', {}, ['Scan', 'State', 'Progress', 'Objects listed', 'Objects/s', 'Projects per level']
    .map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, list.map((s) => {
    const sources = s.sources || [];
    const done = sources.filter((x) => x.done).length;
    const pct = s.state === 'completed' ? 100 : sources.length ? Math.floor(100 * done / sources.length) : 0;
    const pr = s.progress || {};
    return h('tr', { 'data-scan': s.id, 'data-state': s.state },
      h('td', { class: 'mono' }, `${s.pipeline} ${s.dry_run ? '(dry run)' : ''}`, h('br'), s.id),
      h('td', {}, s.state, s.error ? ' — ' + s.error : ''),
      h('td', {}, h('progress', { max: '100', value: String(pct), 'aria-label': `scan ${s.id} progress` }), ' ', h('span', { class: 'pct' }, pct + '%')),
      h('td', {}, String(pr.objects_listed ?? 0)),
      h('td', {}, pr.objects_per_second == null ? '—' : pr.objects_per_second.toFixed(0)),
      h('td', {}, Object.entries(pr.projects_per_level || {}).map(([l, n]) => `${l} ${n}`).join(', ')));
  })));
}

function dlq(d) {
  if (d.records.length === 0) return h('p', { class: 'meta' }, 'The DLQ is empty.');
  return h('table', { id: 'dlq' }, h('thead', {}, h('tr', {}, ['Time', 'Key', 'Reason', 'Detail'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, d.records.map((r) => h('tr', {}, h('td', {}, when(r.timestamp)), h('td', { class: 'mono' }, r.key || ''),
      h('td', {}, h('span', { class: 'st st-failed' }, '✖ ' + r.reason)), h('td', {}, r.detail || '')))));
}

export { statusText };
