// The page: routes (#/, #/frameworks, #/agents, #/tasks?…, #/task/FRAMEWORK/TASK), the sign-in form, and the
// live loop that asks the shown page to refresh itself every second (never two requests at once).
import { AuthRequired, read, signIn, signOut, signedIn } from './api.js';
import * as overview from './pages/overview.js';
import * as frameworks from './pages/frameworks.js';
import * as agents from './pages/agents.js';
import * as tasks from './pages/tasks.js';
import * as task from './pages/task.js';

const REFRESH_MS = 1000;
const pages = { '': overview, frameworks, agents, tasks, task };

let current = null; // { page, state }
let timer = null;
let generation = 0;

function parseRoute() {
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [path, qs] = hash.split('?');
  const parts = path.split('/').filter((p) => p !== '');
  const params = Object.fromEntries(new URLSearchParams(qs || ''));
  return { name: parts[0] || '', args: parts.slice(1), params };
}

function show() {
  const { name, args, params } = parseRoute();
  const page = pages[name] || overview;
  document.querySelectorAll('nav a').forEach((a) => {
    a.classList.toggle('here', a.dataset.nav === (name === 'task' ? 'tasks' : name || 'overview'));
  });
  if (current && current.page.unmount) current.page.unmount(current.state);
  const main = document.getElementById('main');
  main.replaceChildren();
  current = { page, state: page.mount(main, args, params) };
  current.state.refreshNow = () => { generation += 1; loop(generation); };
  generation += 1;
  loop(generation);
}

async function loop(gen) {
  clearTimeout(timer);
  if (gen !== generation) return;
  const live = document.getElementById('live');
  try {
    await current.page.refresh(current.state);
    if (gen !== generation) return;
    problem(null);
    live.classList.remove('stale');
    live.textContent = 'live';
  } catch (e) {
    if (gen !== generation) return;
    if (e instanceof AuthRequired) {
      askForCredentials(signedIn() ? `Signing in failed: ${e.message}` : null);
      return; // resumed by the sign-in
    }
    live.classList.add('stale');
    live.textContent = 'offline';
    problem(e.message);
  }
  timer = setTimeout(() => loop(gen), REFRESH_MS);
}

function problem(message) {
  const el = document.getElementById('problem');
  el.hidden = !message;
  el.textContent = message || '';
}

function askForCredentials(error) {
  const overlay = document.getElementById('sign-in');
  const err = document.getElementById('sign-in-error');
  overlay.hidden = false;
  err.hidden = !error;
  err.textContent = error || '';
  document.getElementById('principal').focus();
}

async function submitSignIn(event) {
  event.preventDefault();
  const principal = document.getElementById('principal').value;
  const secret = document.getElementById('secret');
  signIn(principal, secret.value);
  secret.value = '';
  try {
    await read('overview');
  } catch (e) {
    if (e instanceof AuthRequired) {
      signOut();
      askForCredentials('Wrong principal or secret');
      return;
    }
  }
  document.getElementById('sign-in').hidden = true;
  document.getElementById('sign-out').hidden = false;
  generation += 1;
  loop(generation);
  where();
}

async function where() {
  try {
    const o = await read('overview');
    document.getElementById('where').textContent = `${o.cluster} · ${o.region} · Mesos ${o.version}`;
  } catch (e) {
    // shown once signed in
  }
}

document.getElementById('sign-in-form').addEventListener('submit', submitSignIn);
document.getElementById('sign-out').addEventListener('click', () => { signOut(); location.reload(); });
document.getElementById('sign-out').hidden = !signedIn();
window.addEventListener('hashchange', show);
show();
where();
