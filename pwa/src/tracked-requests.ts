/**
 * Which anonymous reports this device can follow by their tracking links: the ones sent from
 * it (the outbox keeps their tokens) and the tracking pages opened on it. A push about such a
 * report opens /requests/<id>, which only a signed-in reporter or follower may see; with the
 * token known here the request screen goes on to the tracking page instead.
 */
import { outboxStore } from './outbox.ts';

const KEY = 'asiointi-tracked-requests';
const MAX_KEPT = 50;

function kept(): Record<string, string> {
  try {
    const found: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return found && typeof found === 'object' ? (found as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The tracking page of request `id` was opened with `token`. */
export function rememberTracking(id: string, token: string): void {
  const entries = Object.entries(kept()).filter(([known]) => known !== id);
  entries.push([id, token]);
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(entries.slice(-MAX_KEPT))));
  } catch {
    // storage full or refused (private mode): the push link then shows "not found"
  }
}

export function trackingTokenFor(id: string): string | null {
  const sent = (outboxStore.get() ?? []).find((record) => record.result?.id === id && record.result.trackingToken);
  return sent?.result?.trackingToken ?? kept()[id] ?? null;
}
