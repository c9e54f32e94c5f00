// The few pictures the pages draw: a resource bar (used, offered, free), a sparkline and a pager.
import { h, num } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A bar of used | offered | free out of total, with its figures as text beside it. */
export function bar(used, offered, total, label) {
  const part = (v, cls) => {
    const el = h('span', { class: cls });
    el.style.width = `${total > 0 ? Math.min(100, (100 * v) / total) : 0}%`;
    return el;
  };
  const free = Math.max(0, total - used - offered);
  return h('div', { class: 'bar-line' },
    h('div', { class: 'bar', title: `${label(used)} used, ${label(offered)} offered, ${label(free)} free of ${label(total)}` },
      part(used, 'used'), part(offered, 'offered')),
    h('span', { class: 'bar-text' }, `${label(used)} used · ${label(offered)} offered · ${label(free)} free / ${label(total)}`));
}

/** A small bar for a table cell: used and offered of total. */
export function miniBar(used, offered, total) {
  const el = h('div', { class: 'bar mini', title: `${num(used)} used, ${num(offered)} offered of ${num(total)}` });
  [[used, 'used'], [offered, 'offered']].forEach(([v, cls]) => {
    const s = h('span', { class: cls });
    s.style.width = `${total > 0 ? Math.min(100, (100 * v) / total) : 0}%`;
    el.append(s);
  });
  return el;
}

/** A line of the last values (oldest first), scaled to its largest. */
export function sparkline(values, width = 220, height = 36) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - ((height - 4) * v) / max).toFixed(1)}`);
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points.join(' '));
  svg.append(line);
  return svg;
}

/** "101–200 of 10,000" with previous and next; onPage(offset) moves. */
export function pager(offset, limit, matched, onPage) {
  const last = Math.min(offset + limit, matched);
  return h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'prev', disabled: offset <= 0, onclick: () => onPage(Math.max(0, offset - limit)) }, '‹ Previous'),
    h('span', { class: 'range' }, matched === 0 ? 'none' : `${num(offset + 1, 0)}–${num(last, 0)} of ${num(matched, 0)}`),
    h('button', { type: 'button', class: 'next', disabled: last >= matched, onclick: () => onPage(offset + limit) }, 'Next ›'));
}

/** A table whose body the page replaces on each update; the head stays. */
export function table(columns, cls = '') {
  const body = h('tbody');
  const el = h('table', { class: `grid ${cls}` }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))), body);
  return { el, body };
}
