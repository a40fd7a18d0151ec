/**
 * Live updates: GraphQL subscriptions over one WebSocket at /graphql (graphql-transport-ws,
 * with the `graphql-ws` client). The socket opens with the first subscription and closes a
 * few seconds after the last one ends; it reconnects with backoff after a lost connection, and
 * again whenever the person signing in changes (the server authorizes a socket when it opens,
 * with the session cookie). A screen that subscribes still loads its data with a query first:
 * live updates only keep it current, and an app without them (offline, a proxy that drops
 * WebSockets) shows what it loaded.
 */
import { createClient, type Client } from 'graphql-ws/client';
import { useEffect, useRef } from 'preact/hooks';
import type { Operation } from './graphql/operations.ts';
import { useI18n, type Lang } from './i18n/index.ts';
import { currentMe, sessionStore } from './session.ts';

const CLOSE_AFTER_MS = 3000;
const PING_EVERY_MS = 25_000;
const MAX_WAIT_MS = 30_000;

export interface LiveError {
  /** `extensions.code` of a GraphQL error (UNAUTHENTICATED, NOT_FOUND, …), else null. */
  code: string | null;
  message: string;
}

let client: Client | null = null;
let lang: Lang = 'fi';
let userId: string | null | undefined;

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}/graphql?lang=${lang}`;
}

function liveClient(): Client {
  client ??= createClient({
    url: socketUrl,
    lazy: true,
    lazyCloseTimeout: CLOSE_AFTER_MS,
    keepAlive: PING_EVERY_MS,
    // The client gives up by itself on refusals (4400, 4401, …); anything else is tried again.
    retryAttempts: Infinity,
    retryWait: async (retries) => {
      const wait = Math.min(MAX_WAIT_MS, 1000 * 2 ** retries) * (0.8 + Math.random() * 0.4);
      await new Promise((resolve) => setTimeout(resolve, wait));
    },
  });
  return client;
}

/** Start over with a new socket (and new authorization); subscriptions resubscribe themselves. */
function reconnect(): void {
  client?.terminate();
}

sessionStore.subscribe(() => {
  const next = currentMe()?.user.id ?? null;
  if (userId !== undefined && next !== userId) reconnect();
  userId = next;
});

/**
 * Subscribe to `op` until the returned function is called. `onData` gets each result;
 * `onError` a refusal that ended the subscription (it is not retried).
 */
export function subscribe<TData, TVars extends object>(
  op: Operation<TData, TVars>,
  variables: TVars,
  language: Lang,
  onData: (data: TData) => void,
  onError?: (error: LiveError) => void,
): () => void {
  if (typeof WebSocket === 'undefined') return () => undefined;
  if (language !== lang) {
    lang = language;
    reconnect();
  }
  return liveClient().subscribe<TData>(
    { query: op.document, operationName: op.name, variables: variables as Record<string, unknown> },
    {
      next: (result) => {
        if (result.errors?.length) {
          const first = result.errors[0]!;
          const code = (first.extensions as { code?: unknown } | undefined)?.code;
          onError?.({ code: typeof code === 'string' ? code : null, message: first.message });
        } else if (result.data) {
          onData(result.data);
        }
      },
      error: () => {
        // The socket failed for good (e.g. refused at the handshake): the loaded data stays.
      },
      complete: () => undefined,
    },
  );
}

/** `subscribe` for a component: while mounted and `enabled`, in the current language. */
export function useSubscription<TData, TVars extends object>(
  op: Operation<TData, TVars>,
  variables: TVars,
  onData: (data: TData) => void,
  enabled = true,
  onError?: (error: LiveError) => void,
): void {
  const { lang: language } = useI18n();
  const key = JSON.stringify(variables);
  const handlers = useRef({ onData, onError });
  handlers.current = { onData, onError };
  useEffect(() => {
    if (!enabled) return;
    return subscribe(
      op,
      JSON.parse(key) as TVars,
      language,
      (data) => handlers.current.onData(data),
      (error) => handlers.current.onError?.(error),
    );
  }, [op, key, language, enabled]);
}
