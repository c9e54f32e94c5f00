// One task: its Mesos and ECS identities (with a link to the task in the ECS console of the region), where it
// runs, and every status update with its time, state, reason, source and message, and the exit codes.
import { read } from '../api.js';
import { h, unchanged, mem, num, rendered, route, stateBadge, time } from '../dom.js';
import { table } from '../widgets.js';

export function mount(main, args) {
  const [frameworkId, taskId] = args;
  const facts = h('dl', { class: 'facts', id: 'task-facts' });
  const t = table(['Time', 'State', 'Reason', 'Source', 'Message'], 'statuses');
  t.el.id = 'task-statuses';
  main.append(h('h1', {}, 'Task ', h('span', { class: 'mono', id: 'task-id' }, taskId || '')), facts,
    h('h2', {}, 'Status updates'), t.el);
  return { frameworkId, taskId, facts, body: t.body };
}

function row(label, value, id) {
  return [h('dt', {}, label), h('dd', { id }, value === undefined || value === null || value === '' ? '—' : value)];
}

export async function refresh(state) {
  const doc = await read('task', { framework_id: state.frameworkId, task_id: state.taskId });
  if (unchanged(state, doc)) return; // the same rows: the DOM (and a selection in it) stays
  const t = doc.task;
  if (!t) {
    state.facts.replaceChildren(h('p', { class: 'empty' }, 'The master knows no such task.'));
    state.body.replaceChildren();
    rendered();
    return;
  }
  const exits = t.exit_codes.map((e) => (e.container === null ? `all essential containers: ${e.code}` : `${e.container}: ${e.code}`));
  state.facts.replaceChildren(
    ...row('Mesos task ID', h('span', { class: 'mono' }, t.id), 'fact-task-id'),
    ...row('Name', t.name),
    ...row('State', stateBadge(t.state), 'fact-state'),
    ...row('Framework', h('a', { href: route('/tasks', { framework_id: t.framework_id }) }, `${t.framework_name} (${t.framework_id})`)),
    ...row('Role', t.role),
    ...row('Agent', t.slave_id ? h('a', { href: route('/tasks', { agent_id: t.slave_id }) }, `${t.hostname} (${t.slave_id})`) : '', 'fact-agent'),
    ...row('Zone', t.zone),
    ...row('ECS task ARN', t.ecs_task_arn ? (t.ecs_console_url
      ? h('a', { href: t.ecs_console_url, target: '_blank', rel: 'noopener noreferrer', id: 'ecs-console-link', class: 'mono' }, t.ecs_task_arn)
      : h('span', { class: 'mono' }, t.ecs_task_arn)) : '', 'fact-arn'),
    ...row('Task definition', t.task_definition ? h('span', { class: 'mono' }, t.task_definition) : '', 'fact-task-definition'),
    ...row('Container instance', t.container_instance_arn ? h('span', { class: 'mono' }, t.container_instance_arn) : ''),
    ...row('Private IP', t.private_ip),
    ...row('Resources', `${num(t.resources.cpus, 2)} CPUs · ${mem(t.resources.mem)}${t.resources.ports ? ` · ports ${t.resources.ports}` : ''}`),
    ...row('Command', t.command ? h('code', {}, t.command) : ''),
    ...row('Kill requested', t.kill_requested ? 'yes' : 'no'),
    ...row('Exit codes', exits.join('; '), 'fact-exit-codes'));
  state.body.replaceChildren(...t.statuses.map((s) => h('tr', { dataset: { state: s.state } },
    h('td', { class: 'time' }, time(s.timestamp)),
    h('td', {}, stateBadge(s.state)),
    h('td', { class: 'reason' }, s.reason || ''),
    h('td', {}, s.source || ''),
    h('td', { class: 'message' }, s.message || ''))));
  rendered();
}
