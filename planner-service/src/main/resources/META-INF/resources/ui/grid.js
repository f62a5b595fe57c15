// The projects × stages grid: pages of rows fetched from the server as the user scrolls, only the visible rows in
// the DOM (100,000 projects stay a few dozen elements), updated live from the planner's stream.
import { getJson, follow } from './api.js';
import { h, clear, badge, statusText, when } from './dom.js';

const ROW = 28;
const PAGE = 200;
const REFRESH_MS = 500;

export class Grid {
  constructor(onError, onLive) {
    this.onError = onError;
    this.onLive = onLive;
    this.scroll = document.getElementById('grid-scroll');
    this.spacer = document.getElementById('grid-spacer');
    this.head = document.getElementById('grid-head');
    this.counts = document.getElementById('grid-counts');
    this.pages = new Map();
    this.loading = new Set();
    this.matched = 0;
    this.stages = [];
    this.epoch = 0;
    this.stop = null;
    this.refreshTimer = null;
    window.__cairnCells = window.__cairnCells || [];
    this.scroll.addEventListener('scroll', () => this.render());
  }

  /** Shows pipeline/config with the given filter and sort; (re)subscribes to the stream when they changed. */
  async show(params) {
    const key = params.pipeline + '/' + params.config_id;
    if (this.key !== key) {
      if (this.stop) this.stop();
      this.key = key;
      this.stop = follow({ pipeline: params.pipeline, config_id: params.config_id },
        (name, data) => { if (name === 'rows') this.live(data); }, (state) => this.onLive(state));
    }
    this.params = params;
    this.marked = false;
    this.epoch++;
    this.pages.clear();
    this.scroll.scrollTop = 0;
    await this.load(0, true);
  }

  hide() {
    if (this.stop) this.stop();
    this.stop = null;
    this.key = null;
  }

  async load(page, replace) {
    const epoch = this.epoch;
    const tag = epoch + ':' + page;
    if (this.loading.has(tag)) return;
    this.loading.add(tag);
    try {
      const body = await getJson('/api/v1/dashboard/grid',
        { ...this.params, offset: page * PAGE, limit: PAGE });
      if (epoch !== this.epoch) return;
      if (replace) this.pages.clear();
      this.pages.set(page, body.rows);
      this.matched = body.matched;
      this.total = body.total;
      this.setStages(body.stages);
      this.showCounts(body);
      this.render();
      if (!this.marked && body.rows.length > 0) {
        this.marked = true;
        performance.mark('cairn-first-rows'); // read by the bench (time to first rows)
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.loading.delete(tag);
    }
  }

  setStages(stages) {
    if (JSON.stringify(stages) === JSON.stringify(this.stages) && this.head.childElementCount) return;
    this.stages = stages;
    this.columns = 'minmax(10rem, 2fr) 8rem ' + stages.map(() => 'minmax(8rem, 1fr)').join(' ') + ' 12rem';
    this.head.style.gridTemplateColumns = this.columns;
    clear(this.head, h('div', { role: 'columnheader' }, 'Project'), h('div', { role: 'columnheader' }, 'Status'),
      stages.map((s) => h('div', { role: 'columnheader' }, s)), h('div', { role: 'columnheader' }, 'Last change'));
  }

  showCounts(body) {
    const items = [h('li', { 'data-count': 'total' }, `${body.total} projects`),
      h('li', { 'data-count': 'matched' }, `${body.matched} shown`)];
    for (const [status, n] of Object.entries(body.counts)) {
      items.push(h('li', { 'data-count': status }, h('span', { class: 'st st-' + status }, statusText(status)), ' ', String(n)));
    }
    clear(this.counts, items);
  }

  render() {
    this.spacer.style.height = (this.matched * ROW) + 'px';
    const first = Math.max(0, Math.floor(this.scroll.scrollTop / ROW) - 5);
    const last = Math.min(this.matched, first + Math.ceil((this.scroll.clientHeight || 600) / ROW) + 10);
    const rows = [];
    for (let i = first; i < last; i++) {
      const page = Math.floor(i / PAGE);
      const rowsOfPage = this.pages.get(page);
      if (!rowsOfPage) {
        this.load(page, false);
        continue;
      }
      const row = rowsOfPage[i - page * PAGE];
      if (row) rows.push(this.rowElement(row, i));
    }
    const focused = document.activeElement && document.activeElement.closest('#grid-spacer a.grid-row');
    clear(this.spacer, rows);
    if (focused) { // keep the keyboard user's place across live re-renders
      const again = rows.find((r) => r.dataset.project === focused.dataset.project);
      if (again) again.focus({ preventScroll: true });
    }
  }

  rowElement(row, index) {
    const href = '#/project/' + encodeURIComponent(this.params.pipeline) + '/' + encodeURIComponent(row.project)
      + '?config_id=' + encodeURIComponent(this.params.config_id);
    const a = h('a', { class: 'grid-row', role: 'row', href, 'data-project': row.project, 'data-status': row.status },
      h('span', { role: 'cell', class: 'mono' }, row.project),
      h('span', { role: 'cell' }, badge(row.status)),
      row.cells.map((c, k) => {
        const title = `${this.stages[k]}: ${statusText(c.status)}` + (c.completed_at ? ', completed ' + when(c.completed_at) : '');
        return h('span', { role: 'cell', class: 'cell st st-' + c.status, title, 'data-stage': this.stages[k],
          'data-status': c.status }, statusText(c.status));
      }),
      h('span', { role: 'cell', class: 'meta' }, when(row.changed_at)));
    a.style.top = (index * ROW) + 'px';
    a.style.gridTemplateColumns = this.columns;
    return a;
  }

  /** A `rows` event: patch loaded rows in place now, then refresh counts and order shortly after. */
  live(data) {
    const now = performance.timeOrigin + performance.now();
    let patched = false;
    for (const row of data.rows) {
      for (const rows of this.pages.values()) {
        const i = rows.findIndex((r) => r.project === row.project);
        if (i >= 0) {
          rows[i] = row;
          patched = true;
          window.__cairnCells.push({ project: row.project, changed: row.changed_at, at: now });
        }
      }
    }
    if (window.__cairnCells.length > 100000) window.__cairnCells.splice(0, 50000);
    if (patched) this.render();
    if (!this.refreshTimer) {
      this.refreshTimer = setTimeout(() => { this.refreshTimer = null; this.refresh(); }, REFRESH_MS);
    }
  }

  /** Re-reads the visible pages (new projects, new order, new counts) without resetting the scroll position. */
  async refresh() {
    const first = Math.floor(this.scroll.scrollTop / ROW);
    const page = Math.floor(first / PAGE);
    this.epoch++;
    await this.load(page, true);
    if ((page + 1) * PAGE < this.matched) await this.load(page + 1, false);
  }
}
