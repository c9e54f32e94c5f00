// The cluster at a glance: where it is, who leads, frameworks and agents, resources used, offered and free,
// tasks by state, and ECS calls and throttles per second over the last minutes.
import { read } from '../api.js';
import { duration, h, mem, num, rendered, route, stateBadge } from '../dom.js';
import { bar, sparkline } from '../widgets.js';

const SAMPLES = 120;

export function mount(main) {
  const body = h('div', { class: 'overview' });
  main.append(h('h1', {}, 'Overview'), body);
  return { body, samples: [] };
}

function card(title, ...rows) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...rows);
}

function fact(label, value, attrs = {}) {
  return h('div', { class: 'fact' }, h('span', { class: 'label' }, label), h('span', { class: 'value', ...attrs }, value));
}

/** Per-second rates between consecutive samples of a counter. */
function rates(samples, key) {
  const out = [];
  for (let i = 1; i < samples.length; i += 1) {
    const dt = samples[i].time - samples[i - 1].time;
    out.push(dt > 0 ? Math.max(0, (samples[i][key] - samples[i - 1][key]) / dt) : 0);
  }
  return out;
}

export async function refresh(state) {
  const o = await read('overview');
  state.samples.push({ time: o.time, calls: o.ecs.calls, throttled: o.ecs.throttled });
  if (state.samples.length > SAMPLES) state.samples.shift();
  const r = o.resources;
  const calls = rates(state.samples, 'calls');
  const throttles = rates(state.samples, 'throttled');
  const last = (xs) => (xs.length ? xs[xs.length - 1] : 0);
  const states = Object.entries(o.tasks_by_state);
  state.body.replaceChildren(
    h('div', { class: 'cards' },
      card('Cluster',
        fact('ECS cluster', o.cluster, { id: 'cluster-name' }),
        fact('Region', o.region, { id: 'cluster-region' }),
        fact('Master', `Mesos ${o.version}`),
        fact('Leader', o.leader, { id: 'leader' }),
        fact('Up for', duration(o.time - o.start_time))),
      card('Frameworks',
        fact('Connected', num(o.frameworks.connected, 0), { id: 'frameworks-connected' }),
        fact('Disconnected', num(o.frameworks.disconnected, 0)),
        fact('Completed', num(o.frameworks.completed, 0))),
      card('Agents',
        fact('Total', num(o.agents.total, 0), { id: 'agents-total' }),
        fact('Active', num(o.agents.active, 0), { id: 'agents-active' }),
        fact('Draining', num(o.agents.draining, 0)),
        fact('Disconnected', num(o.agents.disconnected, 0)),
        fact('Fargate pools', num(o.agents.fargate, 0))),
      card('ECS calls',
        fact('Calls per second', num(last(calls)), { id: 'ecs-calls-rate' }),
        sparkline(calls),
        fact('Throttles per second', num(last(throttles)), { id: 'ecs-throttles-rate' }),
        sparkline(throttles),
        fact('Retries', num(o.ecs.retries, 0)))),
    card('Resources',
      h('div', { class: 'resource' }, h('span', { class: 'label' }, 'CPUs'),
        bar(r.used.cpus, r.offered.cpus, r.total.cpus, (v) => num(v))),
      h('div', { class: 'resource' }, h('span', { class: 'label' }, 'Memory'),
        bar(r.used.mem, r.offered.mem, r.total.mem, mem)),
      h('div', { class: 'legend' }, h('span', { class: 'used' }, 'used'), h('span', { class: 'offered' }, 'offered'),
        h('span', { class: 'free' }, 'free'))),
    card(`Tasks (${num(o.tasks_total, 0)})`,
      h('div', { class: 'states', id: 'tasks-by-state' }, states.length === 0 ? 'No tasks yet.'
        : states.map(([s, n]) => h('a', { href: route('/tasks', { state: s }), class: 'state-count' },
          stateBadge(s), h('span', { class: 'count' }, num(n, 0)))))));
  rendered();
}
