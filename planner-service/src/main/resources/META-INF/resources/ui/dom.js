// Small DOM helpers: elements are built with textContent only (no innerHTML), so data is never markup.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Status is never colour alone: an icon and a word go with every colour.
const ICONS = { completed: '✔', partial: '◐', running: '▶', failed: '✖', not_started: '○' };
const WORDS = { completed: 'completed', partial: 'partial', running: 'running', failed: 'failed', not_started: 'not started' };

export function statusText(status) {
  return (ICONS[status] || '?') + ' ' + (WORDS[status] || status);
}

export function badge(status, extraClass) {
  return h('span', { class: 'st st-' + status + (extraClass ? ' ' + extraClass : '') }, statusText(status));
}

export function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—';
}

export function clear(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}
