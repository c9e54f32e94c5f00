// Each framework: its state (connected, failing over, completed), roles, share, what it uses and is offered,
// offers held and tasks by state; its name leads to its tasks.
import { read } from '../api.js';
import { duration, h, mem, num, percent, rendered, route, stateBadge, time } from '../dom.js';
import { miniBar, table } from '../widgets.js';

export function mount(main) {
  const t = table(['Framework', 'State', 'Roles', 'Share', 'CPUs', 'Memory', 'Offers', 'Tasks', 'Registered'], 'frameworks');
  main.append(h('h1', {}, 'Frameworks'), t.el);
  return { body: t.body };
}

function status(f, now) {
  if (f.completed) return h('span', { class: 'pill gone' }, 'completed');
  if (f.connected) return h('span', { class: 'pill ok' }, 'connected');
  const left = f.unregistered_time + f.failover_timeout - now;
  return h('span', { class: 'pill warn', title: 'Removed unless it subscribes again within its failover timeout' },
    `failing over${Number.isFinite(left) ? ` (${duration(left)} left)` : ''}`);
}

export async function refresh(state) {
  const doc = await read('frameworks');
  const now = Date.now() / 1000;
  state.body.replaceChildren(...(doc.frameworks.length === 0
    ? [h('tr', {}, h('td', { colspan: 9, class: 'empty' }, 'No framework has subscribed.'))]
    : doc.frameworks.map((f) => h('tr', { dataset: { framework: f.id } },
      h('td', {}, h('a', { href: route('/tasks', { framework_id: f.id }), class: 'name' }, f.name), h('div', { class: 'sub' }, f.id)),
      h('td', {}, status(f, now)),
      h('td', {}, f.roles.join(', ')),
      h('td', { class: 'share' }, f.completed ? '' : [miniBar(f.share, 0, 1), percent(f.share)]),
      h('td', {}, f.completed ? '' : `${num(f.used_resources.cpus)} + ${num(f.offered_resources.cpus)} offered`),
      h('td', {}, f.completed ? '' : `${mem(f.used_resources.mem)} + ${mem(f.offered_resources.mem)} offered`),
      h('td', { class: 'offers' }, f.completed ? '' : num(f.offers, 0)),
      h('td', {}, h('div', { class: 'states' }, Object.entries(f.tasks_by_state || {}).map(([s, n]) =>
        h('a', { href: route('/tasks', { framework_id: f.id, state: s }), class: 'state-count' }, stateBadge(s), h('span', { class: 'count' }, num(n, 0)))))),
      h('td', {}, time(f.registered_time))))));
  rendered();
}
