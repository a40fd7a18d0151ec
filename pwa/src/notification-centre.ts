/**
 * The signed-in person's unread count (the header's badge), shared by the header and the
 * notification centre. Refreshed when the person changes, when the app comes back into view,
 * when the service worker says a push arrived, and by anyone through `refreshUnreadCount()` or
 * `setUnreadCount()` (for example live updates over a GraphQL subscription).
 */
import { runQuery } from './graphql/client.ts';
import { NotificationUpdates, UnreadNotificationCount } from './graphql/operations.ts';
import type { Lang } from './i18n/index.ts';
import { subscribe } from './live.ts';
import { pushArrivals } from './push.ts';
import { currentMe, sessionStore } from './session.ts';
import { createStore } from './store.ts';

/** Unread notifications of the signed-in person; null when signed out or not known yet. */
export const unreadCountStore = createStore<number | null>(null);

/** Changes whenever the centre's list may be stale (a push arrived, something was marked read elsewhere). */
export const notificationsChanged = createStore(0);

let serial = 0;

/** Set the count from an answer that already carries it (markNotificationsRead, a live event). */
export function setUnreadCount(count: number | null): void {
  serial++;
  unreadCountStore.set(currentMe() ? count : null);
}

/** Ask the server for the count (signed in only). */
export async function refreshUnreadCount(lang: Lang): Promise<void> {
  if (!currentMe()) {
    unreadCountStore.set(null);
    return;
  }
  const mine = ++serial;
  try {
    const { data } = await runQuery(UnreadNotificationCount, {}, lang);
    if (mine === serial && currentMe()) unreadCountStore.set(data.unreadNotificationCount);
  } catch {
    // offline or the server is down: keep what is shown
  }
}

/** Something new may have arrived: the count again, and the centre reloads its list. */
export function notificationsArrived(lang: Lang): void {
  notificationsChanged.set(notificationsChanged.get() + 1);
  void refreshUnreadCount(lang);
}

export function startNotificationCentre(getLang: () => Lang): () => void {
  let userId: string | null = null;
  let stopLive: (() => void) | null = null;
  // Live while signed in: the count, and the centre's list when something new arrived.
  let latestId: string | null | undefined;
  const live = () =>
    subscribe(NotificationUpdates, {}, getLang(), ({ myNotificationsUpdated: update }) => {
      setUnreadCount(update.unreadCount);
      const newest = update.latest?.id ?? null;
      if (latestId !== undefined && newest !== latestId) notificationsChanged.set(notificationsChanged.get() + 1);
      latestId = newest;
    });
  const onSession = () => {
    const me = currentMe();
    const next = me?.user.id ?? null;
    if (next === userId) return;
    userId = next;
    stopLive?.();
    stopLive = null;
    latestId = undefined;
    if (next) {
      void refreshUnreadCount(getLang());
      stopLive = live();
    } else setUnreadCount(null);
  };
  const unsubscribeSession = sessionStore.subscribe(onSession);
  onSession();
  const unsubscribePush = pushArrivals.subscribe(() => notificationsArrived(getLang()));
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refreshUnreadCount(getLang());
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    stopLive?.();
    unsubscribeSession();
    unsubscribePush();
    document.removeEventListener('visibilitychange', onVisible);
  };
}
