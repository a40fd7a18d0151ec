/**
 * Web push on this device: whether it can be had, turning it on from a button (never on load),
 * registering the subscription with the server, and forgetting it on sign-out.
 *
 * Turning on (`enableNotifications`, called from a click): the permission prompt first (while
 * the click still counts as a user gesture), then the service worker's registration, the
 * server's VAPID key (`vapidPublicKey`, POST: it may rotate), the browser's subscription with
 * that key (an existing one made with another key is dropped and made again), and
 * `registerPushSubscription` with the UI language and, on an anonymous report's tracking page,
 * its tracking token.
 *
 * What was registered is kept in IndexedDB (`asiointi-push`, store `device`, key `current`:
 * endpoint, language, the signed-in person's id, the tracking tokens), so that the screens can
 * tell "on" from "off", and the service worker can register a new subscription by itself when
 * the browser replaces it (`pushsubscriptionchange` in src/sw/sw.ts reads the same record).
 */
import { QueryError, runQuery } from './graphql/client.ts';
import {
  RegisterPushSubscription,
  UnregisterPushSubscription,
  VapidPublicKey,
} from './graphql/operations.ts';
import type { LanguageCode } from './graphql/types.ts';
import type { Lang } from './i18n/index.ts';
import { navigate } from './router.ts';
import { currentMe } from './session.ts';
import {
  pushSupport,
  sameApplicationServerKey,
  urlBase64ToUint8Array,
  appPath,
  type DeviceTraits,
  type PushSupport,
} from './push-helpers.ts';
import { createStore } from './store.ts';

export { pushSupport, type PushSupport } from './push-helpers.ts';

/** What was registered with the server from this device (shared with the service worker). */
export interface PushRecord {
  endpoint: string;
  lang: Lang;
  /** The signed-in person it was registered for, or null (anonymous tracking only). */
  userId: string | null;
  /** Anonymous reports' tracking tokens it follows. */
  tokens: string[];
}

/**
 * - `checking`: not known yet;
 * - `unsupported` / `ios-install`: see PushSupport;
 * - `blocked`: the person (or the browser) denied notifications to this site;
 * - `off`: allowed or not asked yet, but nothing registered;
 * - `on`: subscribed and registered (see `record` for whom and what).
 */
export type PushStatus = 'checking' | 'unsupported' | 'ios-install' | 'blocked' | 'off' | 'on';

export interface PushDevice {
  status: PushStatus;
  record: PushRecord | null;
}

export const pushDeviceStore = createStore<PushDevice>({ status: 'checking', record: null });

// ---------------------------------------------------------------- the device record (IndexedDB)

const DB_NAME = 'asiointi-push';
const STORE = 'device';
const KEY = 'current';
let memoryRecord: PushRecord | null = null;

function openDb(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(DB_NAME, 1);
    } catch {
      return resolve(null);
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

async function withStore<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await openDb();
  if (!db) return null;
  try {
    return await new Promise<T | null>((resolve) => {
      const tx = db.transaction(STORE, mode);
      const req = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => resolve(null);
      tx.onabort = () => resolve(null);
    });
  } finally {
    db.close();
  }
}

export async function readRecord(): Promise<PushRecord | null> {
  const found = await withStore<unknown>('readonly', (s) => s.get(KEY));
  if (found && typeof found === 'object' && typeof (found as PushRecord).endpoint === 'string') return found as PushRecord;
  return memoryRecord;
}

async function writeRecord(record: PushRecord | null): Promise<void> {
  memoryRecord = record;
  await withStore<unknown>('readwrite', (s) => (record ? s.put(record, KEY) : s.delete(KEY)) as IDBRequest<unknown>);
}

// ---------------------------------------------------------------- support and status

export function deviceTraits(): DeviceTraits {
  const nav = navigator as Navigator & { standalone?: boolean };
  let standalone = nav.standalone === true;
  try {
    standalone ||= window.matchMedia('(display-mode: standalone)').matches;
  } catch {
    // no matchMedia: not standalone
  }
  return {
    userAgent: nav.userAgent,
    platform: nav.platform ?? '',
    maxTouchPoints: nav.maxTouchPoints ?? 0,
    standalone,
    hasServiceWorker: 'serviceWorker' in nav,
    hasPushManager: typeof window.PushManager !== 'undefined',
    hasNotification: typeof window.Notification !== 'undefined',
  };
}

export function currentSupport(): PushSupport {
  return pushSupport(deviceTraits());
}

function permission(): NotificationPermission {
  return typeof Notification === 'undefined' ? 'denied' : Notification.permission;
}

/** The service worker's registration, if there is one (never waits for a new one to install). */
async function existingRegistration(): Promise<ServiceWorkerRegistration | null> {
  try {
    return (await navigator.serviceWorker.getRegistration('/')) ?? null;
  } catch {
    return null;
  }
}

/** The registration once it is active (it installs on the first visit), or null after `ms`. */
async function readyRegistration(ms = 15000): Promise<ServiceWorkerRegistration | null> {
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ]);
}

/** Work out this device's status (no prompt, no network) and publish it in `pushDeviceStore`. */
export async function refreshPushStatus(): Promise<PushDevice> {
  const support = currentSupport();
  let device: PushDevice;
  if (support !== 'supported') {
    device = { status: support, record: null };
  } else if (permission() === 'denied') {
    device = { status: 'blocked', record: await readRecord() };
  } else {
    const record = await readRecord();
    const registration = await existingRegistration();
    let subscription: PushSubscription | null = null;
    try {
      subscription = registration ? await registration.pushManager.getSubscription() : null;
    } catch {
      subscription = null;
    }
    const on = permission() === 'granted' && !!subscription && !!record && record.endpoint === subscription.endpoint;
    device = { status: on ? 'on' : 'off', record: on ? record : null };
  }
  pushDeviceStore.set(device);
  return device;
}

// ---------------------------------------------------------------- turning on

export type EnableFailure =
  /** No web push in this browser (or iPhone: not on the Home Screen). */
  | 'unsupported'
  | 'ios-install'
  /** The person said no, now or before. */
  | 'denied'
  /** The prompt was closed without an answer. */
  | 'dismissed'
  | 'offline'
  /** The server refused (its message is given). */
  | 'refused'
  | 'failed';

export type EnableResult = { ok: true; record: PushRecord } | { ok: false; reason: EnableFailure; message: string | null };

export interface EnableOptions {
  lang: Lang;
  /** The signed-in person's id (null: signed out). */
  userId: string | null;
  /** An anonymous report's tracking token to follow on this device. */
  trackingToken?: string | null;
}

function languageCode(lang: Lang): LanguageCode {
  return lang.toUpperCase() as LanguageCode;
}

function failure(error: unknown): EnableResult {
  if (error instanceof QueryError && error.kind === 'offline') return { ok: false, reason: 'offline', message: null };
  if (navigator.onLine === false) return { ok: false, reason: 'offline', message: null };
  return { ok: false, reason: 'failed', message: null };
}

/** Ask for permission (only here, from a click): granted, denied or dismissed. */
async function askPermission(): Promise<NotificationPermission> {
  if (Notification.permission !== 'default') return Notification.permission;
  // Old Safari has only the callback form.
  return new Promise<NotificationPermission>((resolve) => {
    const maybe = Notification.requestPermission(resolve) as Promise<NotificationPermission> | undefined;
    if (maybe && typeof maybe.then === 'function') maybe.then(resolve, () => resolve('default'));
  });
}

/** The browser's subscription made with `key`: the existing one, or a new one. */
async function subscribeWith(registration: ServiceWorkerRegistration, key: string, lang: Lang): Promise<PushSubscription> {
  const existing = await registration.pushManager.getSubscription();
  if (existing) {
    if (sameApplicationServerKey(existing.options.applicationServerKey, key)) return existing;
    // Made with a key the server no longer signs with: its pushes would be refused.
    const old = existing.endpoint;
    await existing.unsubscribe().catch(() => false);
    await runQuery(UnregisterPushSubscription, { endpoint: old }, lang).catch(() => undefined);
  }
  return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToUint8Array(key) });
}

async function register(
  subscription: PushSubscription,
  options: EnableOptions,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const json = subscription.toJSON();
  const keys = json.keys ?? {};
  const { data } = await runQuery(
    RegisterPushSubscription,
    {
      input: {
        endpoint: subscription.endpoint,
        keys: { p256dh: keys['p256dh'] ?? '', auth: keys['auth'] ?? '' },
        language: languageCode(options.lang),
        trackingToken: options.trackingToken ?? null,
      },
    },
    options.lang,
  );
  const payload = data.registerPushSubscription;
  const first = payload.errors[0];
  if (first || !payload.subscription) return { ok: false, message: first?.message ?? '' };
  return { ok: true };
}

let enabling: Promise<EnableResult> | null = null;

/**
 * Turn push on for this device (and the tracking token, if given). Call it from a click only:
 * it may show the browser's permission prompt.
 */
export function enableNotifications(options: EnableOptions): Promise<EnableResult> {
  enabling ??= doEnable(options).finally(() => {
    enabling = null;
  });
  return enabling;
}

async function doEnable(options: EnableOptions): Promise<EnableResult> {
  const support = currentSupport();
  if (support !== 'supported') return { ok: false, reason: support, message: null };
  // First thing, while the click still counts as the person's own gesture.
  const answer = await askPermission();
  if (answer !== 'granted') {
    await refreshPushStatus();
    return { ok: false, reason: answer === 'denied' ? 'denied' : 'dismissed', message: null };
  }
  const registration = await readyRegistration();
  if (!registration) return { ok: false, reason: 'failed', message: null };
  let key: string;
  try {
    key = (await runQuery(VapidPublicKey, {}, options.lang)).data.vapidPublicKey;
  } catch (error) {
    return failure(error);
  }
  let subscription: PushSubscription;
  try {
    subscription = await subscribeWith(registration, key, options.lang);
  } catch (error) {
    if (error instanceof QueryError) return failure(error);
    // NotAllowedError: permission withdrawn meanwhile; AbortError: no push service reachable.
    if (error instanceof DOMException && error.name === 'NotAllowedError') return { ok: false, reason: 'denied', message: null };
    return { ok: false, reason: navigator.onLine === false ? 'offline' : 'failed', message: null };
  }
  try {
    const done = await register(subscription, options);
    if (!done.ok) return { ok: false, reason: 'refused', message: done.message || null };
  } catch (error) {
    return failure(error);
  }
  const previous = await readRecord();
  const sameDevice = previous && previous.endpoint === subscription.endpoint;
  const tokens = new Set(sameDevice ? previous.tokens : []);
  if (options.trackingToken) tokens.add(options.trackingToken);
  const record: PushRecord = {
    endpoint: subscription.endpoint,
    lang: options.lang,
    userId: options.userId ?? (sameDevice ? previous.userId : null),
    tokens: [...tokens],
  };
  await writeRecord(record);
  pushDeviceStore.set({ status: 'on', record });
  return { ok: true, record };
}

// ---------------------------------------------------------------- turning off

/**
 * Turn push off on this device: the server forgets the subscription and the browser drops it.
 * Used on sign-out (and from the settings), so the next person on this device gets nobody's
 * pushes. Best effort, never longer than a few seconds.
 */
export async function disableNotifications(lang: Lang): Promise<void> {
  const work = (async () => {
    const record = await readRecord();
    let subscription: PushSubscription | null = null;
    if (currentSupport() === 'supported') {
      const registration = await existingRegistration();
      subscription = registration ? await registration.pushManager.getSubscription().catch(() => null) : null;
    }
    const endpoints = new Set<string>();
    if (record) endpoints.add(record.endpoint);
    if (subscription) endpoints.add(subscription.endpoint);
    for (const endpoint of endpoints) {
      await runQuery(UnregisterPushSubscription, { endpoint }, lang).catch(() => undefined);
    }
    await subscription?.unsubscribe().catch(() => false);
    await writeRecord(null);
  })();
  await Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (pushDeviceStore.get().status === 'on') pushDeviceStore.set({ status: 'off', record: null });
  await refreshPushStatus().catch(() => undefined);
}

/** On sign-out: only when this device was registered (nothing to do, and no request, otherwise). */
export async function forgetPushDevice(lang: Lang): Promise<void> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const record = await readRecord();
  const registration = await existingRegistration();
  const subscription = registration ? await registration.pushManager?.getSubscription().catch(() => null) : null;
  if (!record && !subscription) return;
  await disableNotifications(lang);
}

// ---------------------------------------------------------------- at start

/** Messages from the service worker: a push arrived (`pushed`), a notification was clicked (`open`). */
export const pushArrivals = createStore(0);

/**
 * At start: listen to the service worker (open the screen of a clicked notification; count the
 * pushes that arrive), publish the device's status, and when this device is registered but its
 * subscription was made with a key the server no longer uses, subscribe again without asking
 * (permission was given) and register the new subscription.
 */
export function startPush(getLang: () => Lang): () => void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) {
    pushDeviceStore.set({ status: currentSupport() === 'ios-install' ? 'ios-install' : 'unsupported', record: null });
    return () => undefined;
  }
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'asiointi:open-notification') navigate(appPath(data.url, window.location.origin));
    else if (data.type === 'asiointi:push') pushArrivals.set(pushArrivals.get() + 1);
  };
  navigator.serviceWorker.addEventListener('message', onMessage);
  void refreshPushStatus()
    .then((device) => (device.status === 'on' ? refreshKey(device.record!, getLang()) : undefined))
    .catch(() => undefined);
  return () => navigator.serviceWorker.removeEventListener('message', onMessage);
}

/**
 * A device without an account gets its messages in the app's language: after the language
 * changes, the subscription is registered again with the new one. (A signed-in person's
 * messages follow the profile's language.)
 */
export async function followLanguage(lang: Lang): Promise<void> {
  const device = pushDeviceStore.get();
  const record = device.status === 'on' ? device.record : null;
  const token = record?.tokens[0];
  if (!record || !token || record.userId !== null || record.lang === lang || currentMe()) return;
  const registration = await existingRegistration();
  const subscription = registration ? await registration.pushManager.getSubscription() : null;
  if (!subscription) return;
  // Registering again what it follows (an anonymous registration must name a tracking token).
  const done = await register(subscription, { lang, userId: null, trackingToken: token });
  if (!done.ok) return;
  const next = { ...record, lang };
  await writeRecord(next);
  pushDeviceStore.set({ status: 'on', record: next });
}

async function refreshKey(record: PushRecord, lang: Lang): Promise<void> {
  const registration = await existingRegistration();
  const subscription = registration ? await registration.pushManager.getSubscription() : null;
  if (!registration || !subscription) return;
  const key = (await runQuery(VapidPublicKey, {}, lang)).data.vapidPublicKey;
  if (sameApplicationServerKey(subscription.options.applicationServerKey, key)) return;
  const fresh = await subscribeWith(registration, key, lang);
  const tokens = record.tokens.length ? record.tokens : [null];
  for (const token of tokens) {
    await register(fresh, { lang: record.lang, userId: record.userId, trackingToken: token });
  }
  const next = { ...record, endpoint: fresh.endpoint };
  await writeRecord(next);
  pushDeviceStore.set({ status: 'on', record: next });
}
