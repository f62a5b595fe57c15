// The dashboard's entry: token handling, hash routes (#/overview, #/grid?…, #/project/…, #/operations), refresh.
import { AuthError, getJson, setToken, token } from './api.js';
import { Grid } from './grid.js';
import { overview, project, operations } from './views.js';

const VIEWS = ['overview', 'grid', 'project', 'operations'];
const message = document.getElementById('message');
const dialog = document.getElementById('token-dialog');
const live = document.getElementById('live');
let timer = null;
let pipelines = [];

function showError(e) {
  if (e instanceof AuthError) {
    askToken('The token was refused: ' + e.message + '. Paste a valid token with read scope.');
    return;
  }
  message.textContent = 'Could not load: ' + e.message;
  message.hidden = false;
}

function askToken(reason) {
  document.getElementById('token-error').textContent = reason || '';
  message.textContent = reason || 'Sign in with a token to see the dashboard.';
  message.hidden = false;
  if (!dialog.open) dialog.showModal();
  document.getElementById('token-input').focus();
}

const grid = new Grid(showError, (state) => {
  live.textContent = state === 'live' ? '● live' : state === 'unauthorized' ? 'live updates refused (token)' : '○ reconnecting…';
  live.dataset.state = state;
});

document.getElementById('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = document.getElementById('token-input').value.trim();
  setToken(value);
  try {
    await getJson('/api/v1/dashboard/overview');
    dialog.close();
    message.hidden = true;
    document.getElementById('token-input').value = '';
    route();
  } catch (e) {
    setToken(null);
    const text = e instanceof AuthError ? 'The token was refused: ' + e.message + '.' : 'Could not check the token: ' + e.message;
    document.getElementById('token-error').textContent = text;
    message.textContent = text;
    message.hidden = false;
  }
});
document.getElementById('change-token').addEventListener('click', () => askToken(''));

function parse() {
  const hash = location.hash.replace(/^#\/?/, '') || 'overview';
  const [path, query] = hash.split('?');
  const parts = path.split('/').map(decodeURIComponent);
  return { view: parts[0], parts, params: new URLSearchParams(query || '') };
}

function select(view) {
  for (const v of VIEWS) document.getElementById('view-' + v).hidden = v !== view;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

async function route() {
  clearInterval(timer);
  if (!token()) {
    askToken('');
    return;
  }
  const { view, parts, params } = parse();
  const name = VIEWS.includes(view) ? view : 'overview';
  select(name);
  if (name !== 'grid') {
    grid.hide();
    live.textContent = '';
  }
  try {
    if (name === 'overview') {
      await overview();
      timer = setInterval(() => overview().catch(showError), 3000);
    } else if (name === 'operations') {
      await operations();
      timer = setInterval(() => operations().catch(showError), 2000);
    } else if (name === 'project') {
      await project(parts[1], parts[2], params.get('config_id') || 'default');
    } else {
      await showGrid(params);
    }
    message.hidden = true;
  } catch (e) {
    showError(e);
  }
}

async function showGrid(params) {
  const pipelineSelect = document.getElementById('grid-pipeline');
  const configSelect = document.getElementById('grid-config');
  const wanted = params.get('pipeline');
  const overviewLoaded = getJson('/api/v1/dashboard/overview');
  let shown = null;
  if (wanted) { // a linked grid: ask for its rows at once, fill the pipeline and config lists when the overview answers
    const configId = params.get('config_id') || 'default';
    pipelineSelect.replaceChildren(new Option(wanted, wanted, false, true));
    configSelect.replaceChildren(new Option(configId, configId, false, true));
    shown = applyControls();
  }
  const body = await overviewLoaded;
  pipelines = body.pipelines;
  const pipeline = wanted || (pipelines[0] && pipelines[0].pipeline);
  const names = pipelines.map((p) => p.pipeline);
  if (pipeline && !names.includes(pipeline)) names.push(pipeline); // no record yet: rows arrive live
  pipelineSelect.replaceChildren(...names.map((p) => new Option(p, p, false, p === pipeline)));
  if (!pipeline) {
    document.getElementById('grid-counts').textContent = 'No pipeline has a recorded completion yet.';
    return;
  }
  const configs = (pipelines.find((p) => p.pipeline === pipeline) || { config_ids: ['default'] }).config_ids;
  const configId = params.get('config_id') || (configs.includes('default') ? 'default' : configs[0]);
  if (!configs.includes(configId)) configs.push(configId);
  configSelect.replaceChildren(...configs.map((c) => new Option(c, c, false, c === configId)));
  await (shown || applyControls());
}

function controls() {
  const [sort, order] = document.getElementById('grid-sort').value.split(':');
  return {
    pipeline: document.getElementById('grid-pipeline').value,
    config_id: document.getElementById('grid-config').value || 'default',
    q: document.getElementById('grid-q').value.trim(),
    status: document.getElementById('grid-status').value,
    sort, order,
  };
}

async function applyControls() {
  await grid.show(controls());
}

let typing = null;
document.getElementById('grid-q').addEventListener('input', () => {
  clearTimeout(typing);
  typing = setTimeout(applyControls, 200);
});
['grid-config', 'grid-status', 'grid-sort'].forEach((id) => document.getElementById(id).addEventListener('change', applyControls));
document.getElementById('grid-pipeline').addEventListener('change', () => {
  location.hash = '#/grid?pipeline=' + encodeURIComponent(document.getElementById('grid-pipeline').value);
});
document.getElementById('grid-controls').addEventListener('submit', (e) => { e.preventDefault(); applyControls(); });

window.addEventListener('hashchange', route);
route();
