// Reads the master's JSON with the tab's credentials. Credentials live in sessionStorage: they are gone when
// the tab closes and are never written to the page's address or to localStorage.

const KEY = 'ecs-mesos-webui-authorization';

/** The master answered 401: the page must ask for (other) credentials. */
export class AuthRequired extends Error {}

export function signedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function signIn(principal, secret) {
  const bytes = new TextEncoder().encode(`${principal}:${secret}`);
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  sessionStorage.setItem(KEY, `Basic ${btoa(binary)}`);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** GET /master/ui/NAME?params as JSON; throws AuthRequired on 401, Error with the master's message otherwise. */
export async function read(name, params = {}) {
  const query = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') query.set(k, v);
  });
  const headers = { 'X-Requested-With': 'ecs-mesos-webui', Accept: 'application/json' };
  const authorization = sessionStorage.getItem(KEY);
  if (authorization) headers.Authorization = authorization;
  const qs = query.toString();
  const response = await fetch(`/master/ui/${name}${qs ? `?${qs}` : ''}`, { headers, cache: 'no-store' });
  if (response.status === 401) throw new AuthRequired(await response.text());
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  return response.json();
}
