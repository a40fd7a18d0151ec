/**
 * Who is signed in: `me`, loaded once at start (POST, never cached), and the REST calls that
 * sign in (POST /auth/login) and out (POST /auth/logout). Every change of person clears the
 * service worker's GraphQL cache and tells the app's other tabs.
 */
import { QueryError, runQuery } from './graphql/client.ts';
import { Me as MeOperation } from './graphql/operations.ts';
import type { LanguageCode, Me } from './graphql/types.ts';
import type { Lang } from './i18n/index.ts';
import { forgetPushDevice } from './push.ts';
import { createStore } from './store.ts';

export type Session =
  | { status: 'loading' }
  /** `me` could not be loaded (offline, server down): who is signed in is unknown. */
  | { status: 'error'; error: QueryError }
  | { status: 'ready'; me: Me | null };

export const sessionStore = createStore<Session>({ status: 'loading' });

/** The signed-in person, or null when signed out or not known yet. */
export function currentMe(): Me | null {
  const session = sessionStore.get();
  return session.status === 'ready' ? session.me : null;
}

export function langOf(code: LanguageCode): Lang {
  return code.toLowerCase() as Lang;
}

export function languageCode(lang: Lang): LanguageCode {
  return lang.toUpperCase() as LanguageCode;
}

/** The prefix of the service worker's caches of GraphQL answers (src/sw/sw.ts DATA_CACHE). */
const DATA_CACHE_PREFIX = 'asiointi-data-';

/** Forget every saved GraphQL answer: nothing read as one person may be shown to the next. */
export async function clearDataCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    for (const name of await caches.keys()) {
      if (name.startsWith(DATA_CACHE_PREFIX)) await caches.delete(name);
    }
  } catch {
    // storage unavailable (private mode): nothing was saved either
  }
}

const channel: BroadcastChannel | null =
  typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('asiointi-session');

let loadSerial = 0;

/** (Re)load `me`; `lang` is only the language of error messages. */
export async function loadMe(lang: Lang): Promise<Me | null> {
  const serial = ++loadSerial;
  if (sessionStore.get().status === 'error') sessionStore.set({ status: 'loading' });
  try {
    const { data } = await runQuery(MeOperation, {}, lang);
    if (serial === loadSerial) sessionStore.set({ status: 'ready', me: data.me });
    return data.me;
  } catch (error) {
    if (serial === loadSerial && sessionStore.get().status !== 'ready') {
      sessionStore.set({
        status: 'error',
        error: error instanceof QueryError ? error : new QueryError('network', String(error)),
      });
    }
    throw error;
  }
}

/** Loads `me` at start, again when the connection returns after a failure and when another tab signs in or out. */
export function startSession(getLang: () => Lang): () => void {
  const reload = () => {
    loadMe(getLang()).catch(() => undefined);
  };
  reload();
  const onOnline = () => {
    if (sessionStore.get().status === 'error') reload();
  };
  const onMessage = () => reload();
  window.addEventListener('online', onOnline);
  channel?.addEventListener('message', onMessage);
  return () => {
    window.removeEventListener('online', onOnline);
    channel?.removeEventListener('message', onMessage);
  };
}

/** The page's session changed (sign-in, sign-out, account deleted): tell the other tabs. */
function broadcast(): void {
  try {
    channel?.postMessage('changed');
  } catch {
    // a closed channel: the other tabs notice at their next load
  }
}

/** The signed-in person is gone (signed out, account deleted, session expired). */
export async function forgetSession(): Promise<void> {
  loadSerial++;
  sessionStore.set({ status: 'ready', me: null });
  await clearDataCache();
  broadcast();
}

export type SignInResult =
  | { ok: true; me: Me }
  | {
      ok: false;
      /** BAD_CREDENTIALS, THROTTLED, BAD_REQUEST from the server; OFFLINE / NETWORK / SERVER here. */
      code: string;
      /** The server's message in the UI language, when it sent one. */
      message: string | null;
      retryAfter: number | null;
    };

interface RestError {
  error?: { code?: unknown; message?: unknown };
}

/** POST /auth/login with e-mail and password; on success `me` is reloaded and the cache cleared. */
export async function signIn(email: string, password: string, lang: Lang): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch(`/auth/login?${new URLSearchParams({ lang }).toString()}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, code: navigator.onLine === false ? 'OFFLINE' : 'NETWORK', message: null, retryAfter: null };
  }
  if (!response.ok) {
    let body: RestError | null = null;
    try {
      body = (await response.json()) as RestError;
    } catch {
      body = null;
    }
    const code = typeof body?.error?.code === 'string' ? body.error.code : 'SERVER';
    const message = typeof body?.error?.message === 'string' ? body.error.message : null;
    const retry = Number(response.headers.get('Retry-After'));
    return { ok: false, code, message, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
  }
  await clearDataCache();
  let me: Me | null = null;
  try {
    me = await loadMe(lang);
  } catch {
    me = null;
  }
  broadcast();
  if (!me) return { ok: false, code: 'SERVER', message: null, retryAfter: null };
  return { ok: true, me };
}

export type SignOutResult = { ok: true; redirect: string | null } | { ok: false; offline: boolean };

/** Only http(s) addresses may be followed after sign-out (the identity provider's logout page). */
function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  try {
    const url = new URL(value, window.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** POST /auth/logout; the caller navigates to `redirect` (OpenID Connect logout) or home. */
export async function signOut(lang: Lang): Promise<SignOutResult> {
  let response: Response;
  try {
    response = await fetch(`/auth/logout?${new URLSearchParams({ lang }).toString()}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, offline: navigator.onLine === false };
  }
  if (!response.ok) return { ok: false, offline: false };
  // This device gets nobody's pushes any more (the server forgets it, the browser drops it).
  await forgetPushDevice(lang).catch(() => undefined);
  let redirect: string | null = null;
  try {
    redirect = safeRedirect(((await response.json()) as { redirect?: unknown }).redirect);
  } catch {
    redirect = null;
  }
  await forgetSession();
  return { ok: true, redirect };
}
