// Building elements and formatting figures; the pages never write HTML strings, so task names and messages
// from frameworks are always text.

/** Set once, when a page first shows data: what the benchmark reads as time to first render. */
window.webui = { firstRender: null, renders: 0 };

/** A page calls this each time it has drawn data from the master. */
export function rendered() {
  window.webui.renders += 1;
  if (window.webui.firstRender === null) {
    window.webui.firstRender = performance.now();
    performance.mark('webui-first-render');
  }
  document.body.dataset.renders = String(window.webui.renders);
}

/** Whether the page already shows this answer (kept in state.shown); if not, it is remembered. */
export function unchanged(state, doc) {
  const key = JSON.stringify(doc);
  if (state.shown === key) return true;
  state.shown = key;
  return false;
}

/** h('a', {href: '#/'}, 'text', child…): an element with attributes (on* as listeners) and children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  });
  append(el, children);
  return el;
}

function append(el, children) {
  children.flat().forEach((c) => {
    if (c === undefined || c === null || c === false) return;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
}

/** 1234.5 → "1,234.5" (at most one decimal). */
export function num(n, digits = 1) {
  return Number(n || 0).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** MiB → "3.5 GiB" or "512 MiB". */
export function mem(mib) {
  return mib >= 1024 ? `${num(mib / 1024)} GiB` : `${num(mib, 0)} MiB`;
}

export function percent(fraction) {
  return `${num((fraction || 0) * 100)}%`;
}

/** Seconds since the epoch → "2026-12-04 01:02:03.456 UTC". */
export function time(seconds) {
  if (!seconds) return '';
  return `${new Date(seconds * 1000).toISOString().replace('T', ' ').replace('Z', '')} UTC`;
}

/** Seconds → "3 s", "4 min", "2 h", "5 d". */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** "TASK_RUNNING" → "RUNNING", in the colour of its kind. */
export function stateBadge(state) {
  const short = String(state || '').replace(/^TASK_/, '');
  return h('span', { class: `state state-${short.toLowerCase()}`, title: state }, short);
}

/** A route: "#/tasks?q=x" with params as given (empty ones left out). */
export function route(path, params = {}) {
  const query = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '' && !(k === 'offset' && Number(v) === 0)) query.set(k, v);
  });
  const qs = query.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}
