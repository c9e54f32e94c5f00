// The agents (container instances and Fargate pools), a page at a time, searched on the master: resources
// used, offered and free, zone, ECS status, attributes; each leads to its tasks.
import { read } from '../api.js';
import { h, unchanged, mem, num, rendered, route } from '../dom.js';
import { miniBar, pager, table } from '../widgets.js';

const LIMIT = 100;

export function mount(main, args, params) {
  const state = { q: params.q || '', offset: Number(params.offset) || 0 };
  const search = h('input', { type: 'search', id: 'agent-search', placeholder: 'Search hostname, ID, zone, attribute…', value: state.q });
  let debounce = null;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { state.q = search.value; state.offset = 0; keep(state); state.refreshNow(); }, 250);
  });
  const t = table(['Agent', 'Zone', 'Status', 'CPUs used · offered · free', 'Memory used · offered · free', 'Tasks', 'Attributes'], 'agents');
  state.body = t.body;
  state.pages = h('div', { class: 'pager-slot' });
  state.count = h('span', { class: 'count' });
  main.append(h('h1', {}, 'Agents ', state.count), h('div', { class: 'controls' }, search), state.pages, t.el);
  return state;
}

/** Keeps the search and page in the address, without a new route. */
function keep(state) {
  history.replaceState(null, '', route('/agents', { q: state.q, offset: state.offset }));
}

function status(a) {
  if (!a.connected) return h('span', { class: 'pill bad' }, 'disconnected');
  if (a.status === 'DRAINING') return h('span', { class: 'pill warn' }, 'draining');
  if (a.status !== 'ACTIVE') return h('span', { class: 'pill gone' }, a.status.toLowerCase());
  return h('span', { class: 'pill ok' }, a.fargate ? 'Fargate' : 'active');
}

/** The attributes that tell agents apart; ECS's capability.* ones (the same on most) as one chip listing them. */
function attributes(all) {
  const entries = Object.entries(all).map(([k, v]) => [k.replace(/^ecs\./, ''), v]);
  const capabilities = entries.filter(([k]) => k.startsWith('capability.'));
  const shown = entries.filter(([k]) => !k.startsWith('capability.') && k !== 'availability-zone');
  return [...shown.map(([k, v]) => h('span', { class: 'attr', title: `${k}=${v}` }, `${k}=${v}`)),
    capabilities.length ? h('span', { class: 'attr more', title: capabilities.map(([k, v]) => `${k}=${v}`).join('\n') },
      `+${capabilities.length} capabilities`) : ''];
}

function resource(a, key, label) {
  const used = a.used_resources[key];
  const offered = a.offered_resources[key];
  return [miniBar(used, offered, a.resources[key]),
    h('span', { class: 'figures' }, `${label(used)} · ${label(offered)} · ${label(a.free_resources[key])}`)];
}

export async function refresh(state) {
  const doc = await read('agents', { q: state.q, offset: state.offset, limit: LIMIT });
  if (unchanged(state, doc)) return; // the same rows: the DOM (and a selection in it) stays
  state.count.textContent = doc.matched === doc.total ? `(${num(doc.total, 0)})` : `(${num(doc.matched, 0)} of ${num(doc.total, 0)})`;
  state.pages.replaceChildren(pager(doc.offset, doc.limit, doc.matched, (offset) => {
    state.offset = offset; keep(state); state.refreshNow();
  }));
  state.body.replaceChildren(...(doc.agents.length === 0
    ? [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, doc.total === 0 ? 'No agents yet.' : 'No agent matches.'))]
    : doc.agents.map((a) => h('tr', { dataset: { agent: a.id } },
      h('td', {}, h('a', { href: route('/tasks', { agent_id: a.id }), class: 'name' }, a.hostname),
        h('div', { class: 'sub', title: a.arn }, a.ec2_instance_id || a.id)),
      h('td', {}, a.zone || ''),
      h('td', {}, status(a)),
      h('td', { class: 'res' }, resource(a, 'cpus', (v) => num(v))),
      h('td', { class: 'res' }, resource(a, 'mem', mem)),
      h('td', { class: 'tasks' }, h('a', { href: route('/tasks', { agent_id: a.id }) }, num(a.tasks, 0))),
      h('td', { class: 'attributes' }, attributes(a.attributes))))));
  rendered();
}
