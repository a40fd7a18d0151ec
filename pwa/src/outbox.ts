/**
 * The outbox: reports made on this device, kept in IndexedDB until the server has them.
 *
 * A report becomes an outbox entry (its draft's `clientId`, the ready input, its photos as blobs)
 * before anything is sent. The sender then uploads the photos not uploaded yet and calls
 * `createServiceRequest`; the server makes one request per `clientId`, whatever the number of
 * tries (`resent` says it had it already). When the device is offline or the server cannot be
 * reached the entry stays `waiting` and is sent again by itself: when the connection returns
 * (`online`), when the app starts or comes back into view, after the person signs in, and on a
 * timer with backoff (5 s doubling up to 5 minutes) while the app is open. One tab sends at a
 * time (Web Locks where they exist; the server's idempotency covers the rest) and the others are
 * told (BroadcastChannel).
 *
 * Entries made while signed in are sent only while the same person is signed in (never
 * anonymously); anonymous entries are always sent without the cookie, so they stay anonymous. A
 * sent anonymous entry keeps its tracking link (its only way back on this device); sent photos'
 * blobs are dropped.
 */
import { queryUrl } from './graphql/client.ts';
import { CreateServiceRequest, ServiceRequestCategories, type Operation } from './graphql/operations.ts';
import type { Lang } from './i18n/index.ts';
import { getAll, OUTBOX, put, remove } from './outbox-db.ts';
import { resetDraft } from './report-draft.ts';
import type { OutboxState } from './report-messages.ts';
import { uploadPhoto, type ReportPhoto } from './report-photos.ts';
import type { CreateServiceRequestData, CreateServiceRequestInput, RequestStatus } from './report-types.ts';
import { sessionStore } from './session.ts';
import { createStore } from './store.ts';

export interface OutboxResult {
  id: string;
  number: number;
  status: RequestStatus;
  /** Anonymous reports: the secret link (and its token) to follow the report. */
  trackingUrl: string | null;
  trackingToken: string | null;
  resent: boolean;
}

export interface OutboxRecord {
  clientId: string;
  createdAt: string;
  /**
   * The signed-in person who made it (sent only as them), null: anonymous, or UNKNOWN_OWNER: made
   * while who is signed in could not be known (offline at start): whoever it is when it goes.
   */
  ownerId: string | null;
  ownerName: string | null;
  /** The language of the server's messages. */
  lang: Lang;
  categoryName: string;
  /** Everything but the photos' ids, ready to send. */
  input: Omit<CreateServiceRequestInput, 'photoIds' | 'clientId'>;
  photos: ReportPhoto[];
  state: OutboxState;
  /** Why it is waiting: no connection, the server unreachable, or the person must sign in. */
  waitingFor: 'connection' | 'server' | 'signIn' | null;
  /** Why it failed: the server's messages (empty when it gave none). */
  failure: string | null;
  attempts: number;
  nextAttemptAt: number;
  droppedPhotos: number;
  result: OutboxResult | null;
  sentAt: string | null;
}

export const UNKNOWN_OWNER = '*';

/** Every entry on this device, newest first; null until read. */
export const outboxStore = createStore<OutboxRecord[] | null>(null);

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 300_000;
const KEEP_SENT_MS = 30 * 24 * 3600_000;

const channel: BroadcastChannel | null =
  typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('asiointi-outbox');

function sortNewest(records: OutboxRecord[]): OutboxRecord[] {
  return [...records].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

async function refresh(): Promise<OutboxRecord[]> {
  const records = sortNewest(await getAll<OutboxRecord>(OUTBOX));
  outboxStore.set(records);
  return records;
}

async function save(record: OutboxRecord, tell = true): Promise<void> {
  await put(OUTBOX, record);
  const current = outboxStore.get() ?? [];
  outboxStore.set(sortNewest([...current.filter((r) => r.clientId !== record.clientId), record]));
  if (tell) {
    try {
      channel?.postMessage('changed');
    } catch {
      // a closed channel
    }
  }
}

/** What a person sees of an entry in lists: its title, else the start of its description, else its topic. */
export function recordLabel(record: OutboxRecord): string {
  const title = record.input.title.trim();
  if (title) return title;
  const first = record.input.description.split('\n', 1)[0]?.trim() ?? '';
  if (first) return first.length > 80 ? `${first.slice(0, 79)}…` : first;
  return record.categoryName;
}

/** The entries the person on this device may see: anonymous ones, and their own. */
export function visibleRecords(records: OutboxRecord[], meId: string | null): OutboxRecord[] {
  return records.filter((r) => r.ownerId === null || r.ownerId === UNKNOWN_OWNER || r.ownerId === meId);
}

/** The app path of an anonymous entry's tracking page. */
export function trackingPath(result: OutboxResult): string | null {
  return result.trackingToken ? `/requests/track/${encodeURIComponent(result.trackingToken)}` : null;
}

/** Put a new report in the outbox and try to send it at once. */
export async function enqueue(record: OutboxRecord): Promise<void> {
  await save(record);
  kick(true);
}

/** Try the waiting (and failed) entries now, or just one of them. */
export function sendNow(clientId?: string): void {
  const records = outboxStore.get() ?? [];
  const chosen = records.filter((r) => (clientId ? r.clientId === clientId : r.state === 'waiting'));
  void Promise.all(
    chosen
      .filter((r) => r.state === 'waiting' || r.state === 'failed')
      .map((r) => save({ ...r, state: 'waiting', failure: null, nextAttemptAt: 0 }, false)),
  ).then(() => kick(true));
}

export async function removeRecord(clientId: string): Promise<void> {
  await remove(OUTBOX, clientId);
  outboxStore.set((outboxStore.get() ?? []).filter((r) => r.clientId !== clientId));
  try {
    channel?.postMessage('changed');
  } catch {
    // a closed channel
  }
}

// ---------------------------------------------------------------- the sender

let running = false;
let again = false;
let forceNext = false;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Run the sender (again once more if it is running now). `force`: ignore the backoff. */
function kick(force = false): void {
  if (force) forceNext = true;
  if (running) {
    again = true;
    return;
  }
  running = true;
  void (async () => {
    try {
      do {
        again = false;
        const forced = forceNext;
        forceNext = false;
        await withLock(() => pass(forced));
      } while (again);
    } finally {
      running = false;
      schedule();
    }
  })();
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return work();
  await locks.request('asiointi-outbox', { ifAvailable: true }, async (lock) => {
    // Another tab is sending: it will tell us what happened.
    if (lock) await work();
  });
}

function schedule(): void {
  clearTimeout(timer);
  const waiting = (outboxStore.get() ?? []).filter((r) => r.state === 'waiting' && r.waitingFor === 'server');
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((r) => r.nextAttemptAt));
  timer = setTimeout(() => kick(), Math.max(1000, next - Date.now()));
}

async function pass(forced: boolean): Promise<void> {
  const records = await refresh();
  const now = Date.now();
  for (const found of records) {
    // A crashed tab may have left one "sending": nobody holds the lock now, so it waits again.
    let record = found.state === 'sending' ? { ...found, state: 'waiting' as const } : found;
    if (record.state !== 'waiting') continue;
    if (!forced && record.waitingFor === 'server' && record.nextAttemptAt > now) continue;
    if (navigator.onLine === false) {
      if (record.waitingFor !== 'connection' || record !== found) await save({ ...record, waitingFor: 'connection' });
      continue;
    }
    if (record.ownerId === UNKNOWN_OWNER) {
      const session = sessionStore.get();
      if (session.status !== 'ready') continue;
      record = { ...record, ownerId: session.me?.user.id ?? null, ownerName: session.me?.user.name ?? null };
      await save(record);
    }
    if (record.ownerId) {
      const session = sessionStore.get();
      if (session.status !== 'ready') continue; // who is signed in is not known yet
      if (session.me?.user.id !== record.ownerId) {
        if (record.waitingFor !== 'signIn' || record !== found) await save({ ...record, waitingFor: 'signIn' });
        continue;
      }
    }
    record = { ...record, state: 'sending', waitingFor: null };
    await save(record);
    await send(record);
  }
  await prune();
}

function backoff(record: OutboxRecord): OutboxRecord {
  const attempts = record.attempts + 1;
  const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
  return {
    ...record,
    state: 'waiting',
    waitingFor: navigator.onLine === false ? 'connection' : 'server',
    attempts,
    nextAttemptAt: Date.now() + delay,
  };
}

type Answer =
  | { kind: 'network' }
  | { kind: 'refused'; message: string }
  | { kind: 'payload'; payload: CreateServiceRequestData['createServiceRequest'] };

interface CreateBody {
  data?: CreateServiceRequestData | null;
  errors?: { message: string }[];
}

async function postCreate(record: OutboxRecord, photoIds: string[]): Promise<Answer> {
  const input: CreateServiceRequestInput = { ...record.input, clientId: record.clientId, photoIds };
  let response: Response;
  try {
    response = await fetch(`/graphql?${new URLSearchParams({ lang: record.lang }).toString()}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: CreateServiceRequest.document,
        variables: { input },
        operationName: CreateServiceRequest.name,
      }),
      cache: 'no-store',
      // Anonymous reports stay anonymous whoever signs in on this device meanwhile.
      credentials: record.ownerId ? 'same-origin' : 'omit',
    });
  } catch {
    return { kind: 'network' };
  }
  if (response.status === 408 || response.status === 429 || response.status >= 500) return { kind: 'network' };
  let body: CreateBody | null = null;
  try {
    body = (await response.json()) as CreateBody;
  } catch {
    return { kind: 'network' };
  }
  const payload = body?.data?.createServiceRequest;
  if (payload) return { kind: 'payload', payload };
  return { kind: 'refused', message: body?.errors?.map((e) => e.message).join(' ') ?? '' };
}

async function send(start: OutboxRecord): Promise<void> {
  let record = start;
  for (let round = 0; round < 3; round++) {
    // 1. The photos not uploaded yet (taken offline, or their upload failed).
    for (const photo of [...record.photos]) {
      if (photo.uploadedId) continue;
      if (!photo.blob) {
        record = { ...record, photos: record.photos.filter((p) => p.key !== photo.key), droppedPhotos: record.droppedPhotos + 1 };
        continue;
      }
      const uploaded = await uploadPhoto(photo.key, photo.blob, photo.name, record.lang);
      if (uploaded.ok) {
        record = {
          ...record,
          photos: record.photos.map((p) => (p.key === photo.key ? { ...p, uploadedId: uploaded.id } : p)),
        };
        await save(record);
      } else if (uploaded.kind === 'network') {
        await save(backoff(record));
        return;
      } else {
        // Refused for good (type, size, corrupt): the report goes without it.
        record = { ...record, photos: record.photos.filter((p) => p.key !== photo.key), droppedPhotos: record.droppedPhotos + 1 };
        await save(record);
      }
    }

    // 2. The report itself.
    const answer = await postCreate(record, record.photos.map((p) => p.uploadedId!));
    if (answer.kind === 'network') {
      await save(backoff(record));
      return;
    }
    if (answer.kind === 'refused') {
      await save({ ...record, state: 'failed', failure: answer.message, waitingFor: null });
      return;
    }
    const { payload } = answer;
    const missing = payload.errors.find((e) => e.code === 'PHOTO_NOT_FOUND' && /^photoIds\.\d+$/.test(e.field ?? ''));
    if (missing) {
      // An uploaded photo was cleared away (unattached for a day): upload it again, then retry.
      const index = Number(missing.field!.split('.')[1]);
      record = {
        ...record,
        photos: record.photos.map((p, i) => (i === index ? { ...p, uploadedId: null } : p)),
      };
      continue;
    }
    if (payload.errors.length || !payload.serviceRequest) {
      const message = payload.errors.map((e) => e.message).join(' ');
      await save({ ...record, state: 'failed', failure: message, waitingFor: null });
      return;
    }
    const created = payload.serviceRequest;
    await save({
      ...record,
      state: 'sent',
      waitingFor: null,
      failure: null,
      sentAt: new Date().toISOString(),
      photos: record.photos.map((p) => ({ ...p, blob: null })),
      result: {
        id: created.id,
        number: created.number,
        status: created.status,
        // A resend from an anonymous device gets a new link (the old one stops working).
        trackingUrl: payload.trackingUrl ?? record.result?.trackingUrl ?? null,
        trackingToken: payload.trackingToken ?? record.result?.trackingToken ?? null,
        resent: payload.resent,
      },
    });
    return;
  }
  await save({ ...record, state: 'failed', failure: '', waitingFor: null });
}

/** Sent entries of signed-in people go after a month (theirs are in My reports); anonymous ones stay. */
async function prune(): Promise<void> {
  const cutoff = Date.now() - KEEP_SENT_MS;
  for (const record of outboxStore.get() ?? []) {
    if (record.state === 'sent' && record.ownerId && record.sentAt && new Date(record.sentAt).getTime() < cutoff) {
      await removeRecord(record.clientId);
    }
  }
}

let started = false;

/**
 * Read the outbox and keep sending it while the app is open. Also fetch the topics once (a GET
 * the service worker saves), so that a report can be made offline later even if the report flow
 * was never opened online in this language.
 */
export function startOutbox(getLang: () => Lang): () => void {
  if (started) return () => undefined;
  started = true;
  void refresh().then(() => kick(true));
  const warm = setTimeout(() => {
    if (navigator.onLine === false) return;
    const url = queryUrl(ServiceRequestCategories as Operation<unknown, unknown>, {}, getLang());
    fetch(url, { headers: { Accept: 'application/json' } }).catch(() => undefined);
  }, 3000);
  const onOnline = () => {
    const records = outboxStore.get() ?? [];
    void Promise.all(
      records.filter((r) => r.state === 'waiting').map((r) => save({ ...r, nextAttemptAt: 0 }, false)),
    ).then(() => kick(true));
  };
  const onOffline = () => kick();
  const onVisible = () => {
    if (document.visibilityState === 'visible') kick();
  };
  const onMessage = () => {
    void refresh();
  };
  let lastSession = sessionStore.get();
  const unsubscribe = sessionStore.subscribe((session) => {
    const before = lastSession;
    lastSession = session;
    const who = (s: typeof session) => (s.status === 'ready' ? (s.me?.user.id ?? '') : null);
    if (session.status === 'ready' && who(before) !== who(session)) {
      // A report begun by someone who signed out (contact details and all) is not the next person's.
      if (who(before)) resetDraft();
      kick(true);
    }
  });
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  channel?.addEventListener('message', onMessage);
  return () => {
    started = false;
    clearTimeout(timer);
    clearTimeout(warm);
    unsubscribe();
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
    channel?.removeEventListener('message', onMessage);
  };
}
