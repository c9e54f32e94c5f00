// Every task, a page at a time, newest update first; searched and filtered on the master (framework, state,
// agent), so 10,000 tasks move only the rows shown. A task's ID leads to its page.
import { read } from '../api.js';
import { h, unchanged, mem, num, rendered, route, stateBadge, time } from '../dom.js';
import { pager, table } from '../widgets.js';

const LIMIT = 100;
const STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_KILLING', 'TASK_FINISHED', 'TASK_FAILED',
  'TASK_KILLED', 'TASK_ERROR', 'TASK_LOST', 'TASK_DROPPED', 'TASK_GONE', 'TASK_UNREACHABLE'];

export function mount(main, args, params) {
  const state = {
    q: params.q || '', framework_id: params.framework_id || '', state: params.state || '',
    agent_id: params.agent_id || '', offset: Number(params.offset) || 0, frameworksReadAt: 0,
  };
  const search = h('input', { type: 'search', id: 'task-search', placeholder: 'Search task ID, name, ECS task ARN, agent…', value: state.q });
  let debounce = null;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { state.q = search.value; state.offset = 0; keep(state); state.refreshNow(); }, 250);
  });
  const byState = h('select', { id: 'state-filter', 'aria-label': 'State' }, h('option', { value: '' }, 'Any state'),
    STATES.map((s) => h('option', { value: s, selected: s === state.state }, s.replace(/^TASK_/, ''))));
  byState.addEventListener('change', () => { state.state = byState.value; state.offset = 0; keep(state); state.refreshNow(); });
  state.byFramework = h('select', { id: 'framework-filter', 'aria-label': 'Framework' }, h('option', { value: '' }, 'Any framework'));
  if (state.framework_id) state.byFramework.append(h('option', { value: state.framework_id, selected: true }, state.framework_id));
  state.byFramework.addEventListener('change', () => {
    state.framework_id = state.byFramework.value; state.offset = 0; keep(state); state.refreshNow();
  });
  state.agentChip = h('span', { class: 'chip-slot' });
  const t = table(['Task', 'Framework', 'State', 'Agent', 'CPUs', 'Memory', 'Updated', 'ECS task'], 'tasks');
  state.body = t.body;
  state.pages = h('div', { class: 'pager-slot' });
  state.count = h('span', { class: 'count' });
  main.append(h('h1', {}, 'Tasks ', state.count),
    h('div', { class: 'controls' }, search, state.byFramework, byState, state.agentChip), state.pages, t.el);
  return state;
}

function keep(state) {
  history.replaceState(null, '', route('/tasks', {
    q: state.q, framework_id: state.framework_id, state: state.state, agent_id: state.agent_id, offset: state.offset,
  }));
}

/** The framework list of the filter, read again every 30 s (frameworks come and go rarely). */
async function frameworks(state) {
  if (Date.now() - state.frameworksReadAt < 30000) return;
  state.frameworksReadAt = Date.now();
  const doc = await read('frameworks');
  if (unchanged(state, doc)) return; // the same rows: the DOM (and a selection in it) stays
  state.byFramework.replaceChildren(h('option', { value: '' }, 'Any framework'),
    doc.frameworks.filter((f) => !f.completed).map((f) => h('option', { value: f.id, selected: f.id === state.framework_id }, f.name)));
}

function agentChip(state) {
  state.agentChip.replaceChildren(state.agent_id ? h('span', { class: 'chip' }, `agent ${state.agent_id} `,
    h('button', { type: 'button', class: 'link', title: 'All agents', onclick: () => {
      state.agent_id = ''; state.offset = 0; keep(state); state.refreshNow();
    } }, '×')) : '');
}

function shortArn(arn) {
  return arn ? arn.slice(arn.lastIndexOf('/') + 1) : '';
}

export async function refresh(state) {
  const [doc] = await Promise.all([read('tasks', {
    q: state.q, framework_id: state.framework_id, state: state.state, agent_id: state.agent_id, offset: state.offset, limit: LIMIT,
  }), frameworks(state)]);
  agentChip(state);
  state.count.textContent = doc.matched === doc.total ? `(${num(doc.total, 0)})` : `(${num(doc.matched, 0)} of ${num(doc.total, 0)})`;
  state.pages.replaceChildren(pager(doc.offset, doc.limit, doc.matched, (offset) => {
    state.offset = offset; keep(state); state.refreshNow();
  }));
  state.body.replaceChildren(...(doc.tasks.length === 0
    ? [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, doc.total === 0 ? 'No tasks yet.' : 'No task matches.'))]
    : doc.tasks.map((t) => h('tr', { dataset: { task: t.id, state: t.state } },
      h('td', {}, h('a', { href: `#/task/${encodeURIComponent(t.framework_id)}/${encodeURIComponent(t.id)}`, class: 'name task-link' }, t.id),
        t.name !== t.id ? h('div', { class: 'sub' }, t.name) : ''),
      h('td', {}, h('a', { href: route('/tasks', { framework_id: t.framework_id }) }, t.framework_name)),
      h('td', { class: 'task-state' }, stateBadge(t.state)),
      h('td', {}, t.slave_id ? h('a', { href: route('/tasks', { agent_id: t.slave_id }) }, t.hostname || t.slave_id) : ''),
      h('td', {}, num(t.resources.cpus, 2)),
      h('td', {}, mem(t.resources.mem)),
      h('td', { title: time(t.updated) }, time(t.updated).slice(11, 19)),
      h('td', { class: 'arn', title: t.ecs_task_arn || '' }, shortArn(t.ecs_task_arn))))));
  rendered();
}
