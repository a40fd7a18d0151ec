/**
 * The device's storage of reports (IndexedDB database `asiointi-reports`): `outbox` holds the
 * reports made on this device by their `clientId` (waiting, sending, sent or failed), `draft` the
 * one report being made (with its photos as blobs). Where IndexedDB is unavailable (some private
 * modes) the same API keeps them in memory for the life of the page.
 */

const DB_NAME = 'asiointi-reports';
const DB_VERSION = 1;
export const OUTBOX = 'outbox';
export const DRAFT = 'draft';
type StoreName = typeof OUTBOX | typeof DRAFT;

let opening: Promise<IDBDatabase | null> | null = null;
const memory: Record<StoreName, Map<string, unknown>> = { outbox: new Map(), draft: new Map() };

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase | null> {
  opening ??= new Promise<IDBDatabase | null>((resolve) => {
    if (typeof indexedDB === 'undefined') {
      resolve(null);
      return;
    }
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(DB_NAME, DB_VERSION);
    } catch {
      resolve(null);
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'clientId' });
      if (!db.objectStoreNames.contains(DRAFT)) db.createObjectStore(DRAFT, { keyPath: 'id' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the database: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
  return opening;
}

function keyOf(store: StoreName, value: object): string {
  const record = value as { clientId?: string; id?: string };
  return String(store === OUTBOX ? record.clientId : record.id);
}

export async function getAll<T>(store: StoreName): Promise<T[]> {
  const db = await open();
  if (!db) return [...memory[store].values()] as T[];
  try {
    return await request(db.transaction(store, 'readonly').objectStore(store).getAll() as IDBRequest<T[]>);
  } catch {
    return [...memory[store].values()] as T[];
  }
}

export async function get<T>(store: StoreName, key: string): Promise<T | null> {
  const db = await open();
  if (!db) return (memory[store].get(key) as T | undefined) ?? null;
  try {
    const found = await request(db.transaction(store, 'readonly').objectStore(store).get(key) as IDBRequest<T | undefined>);
    return found ?? null;
  } catch {
    return (memory[store].get(key) as T | undefined) ?? null;
  }
}

export async function put<T extends object>(store: StoreName, value: T): Promise<void> {
  const db = await open();
  if (!db) {
    memory[store].set(keyOf(store, value), value);
    return;
  }
  try {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).put(value);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
  } catch {
    // Quota or a broken database: keep it for this page at least.
    memory[store].set(keyOf(store, value), value);
  }
}

export async function remove(store: StoreName, key: string): Promise<void> {
  memory[store].delete(key);
  const db = await open();
  if (!db) return;
  try {
    const tx = db.transaction(store, 'readwrite');
    tx.objectStore(store).delete(key);
    await new Promise<void>((resolve) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    });
  } catch {
    // nothing to remove
  }
}
