// Calls to the planner's /api with the token from sessionStorage (never in a URL), and the live stream read with
// fetch (EventSource cannot send an Authorization header).
const KEY = 'cairn.token';

export class AuthError extends Error {}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
}

function headers() {
  const t = token();
  return t ? { Authorization: 'Bearer ' + t, Accept: 'application/json' } : { Accept: 'application/json' };
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.message || body.detail || response.statusText;
  } catch (e) {
    return response.statusText;
  }
}

/** GET a JSON document; a 401/403 throws AuthError, any other failure an Error with the service's message. */
export async function getJson(path, params) {
  const query = params ? '?' + new URLSearchParams(params).toString() : '';
  const response = await fetch(path + query, { headers: headers(), cache: 'no-store' });
  if (response.status === 401 || response.status === 403) {
    throw new AuthError(await problem(response));
  }
  if (!response.ok) {
    throw new Error(response.status + ': ' + (await problem(response)));
  }
  return response.json();
}

/**
 * Follows GET /api/v1/stream: calls onEvent(name, data) per server-sent event; reconnects after a pause when the
 * connection drops; returns a function that stops it.
 */
export function follow(params, onEvent, onState) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch('/api/v1/stream?' + new URLSearchParams(params),
          { headers: { ...headers(), Accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
        if (response.status === 401 || response.status === 403) {
          onState('unauthorized');
          return;
        }
        if (!response.ok) throw new Error('stream answered ' + response.status);
        onState('live');
        await read(response.body, onEvent);
      } catch (e) {
        if (stopped) return;
      }
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  run();
  return () => { stopped = true; if (controller) controller.abort(); };
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}
