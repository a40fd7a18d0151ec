import { useEffect, useState } from 'preact/hooks';

/** A tiny observable value shared by components that are far apart (live region, offline notice). */
export interface Store<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: (value: T) => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<(value: T) => void>();
  return {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of listeners) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.get());
  useEffect(() => {
    setValue(store.get());
    return store.subscribe(setValue);
  }, [store]);
  return value;
}

/** True while the data on screen came from the service worker's cache because the network failed. */
export const offlineStore = createStore(false);

/** Text for the polite live region (loading, result counts). */
export const announcementStore = createStore('');

let announceTimer: ReturnType<typeof setTimeout> | undefined;

/** Say something through the live region; the same text twice in a row is still announced. */
export function announce(text: string): void {
  clearTimeout(announceTimer);
  announcementStore.set('');
  announceTimer = setTimeout(() => announcementStore.set(text), 60);
}

/** A message for the next screen ("You have signed out"): shown until the screen after it. */
export type FlashMessage = { kind: 'signedIn'; name: string } | { kind: 'signedOut' } | { kind: 'accountDeleted' };

export const flashStore = createStore<{ message: FlashMessage; serial: number } | null>(null);
