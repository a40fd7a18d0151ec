import type { Lang } from '../i18n/index.ts';
import { offlineStore } from '../store.ts';
import type { Operation } from './operations.ts';

/** Set by the service worker on answers it served from its cache because the network failed. */
const OFFLINE_HEADER = 'X-Asiointi-Offline';

export type ErrorKind =
  | 'offline'
  | 'network'
  | 'http'
  | 'graphql'
  | 'notFound'
  | 'badInput'
  | 'unauthenticated'
  | 'forbidden';

export class QueryError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface QueryResult<TData> {
  data: TData;
  /** The answer came from the service worker's cache: the device is offline. */
  fromCache: boolean;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * The GET URL of an operation: /graphql?query=..&variables=..&operationName=..&lang=..
 * Variables are serialised with sorted keys so the same request always has the same URL
 * (the service worker caches answers per URL).
 */
export function queryUrl(op: Operation<unknown, unknown>, variables: object, lang: Lang): string {
  const params = new URLSearchParams();
  params.set('query', op.document);
  params.set('variables', stableJson(variables));
  params.set('operationName', op.name);
  params.set('lang', lang);
  return `/graphql?${params.toString()}`;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** The POST request of a personal query or a mutation (never cached; `lang` picks the messages' language). */
function postRequest(op: Operation<unknown, unknown>, variables: object, lang: Lang): [string, RequestInit] {
  return [
    `/graphql?${new URLSearchParams({ lang }).toString()}`,
    {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: op.document, variables, operationName: op.name }),
      cache: 'no-store',
    },
  ];
}

/**
 * Run an operation. Catalogue queries are GET (cacheable by the service worker); personal
 * queries and mutations are POST (the service worker passes them through untouched).
 */
export async function runQuery<TData, TVars extends object>(
  op: Operation<TData, TVars>,
  variables: TVars,
  lang: Lang,
  signal?: AbortSignal,
): Promise<QueryResult<TData>> {
  const anyOp = op as Operation<unknown, unknown>;
  const [url, init]: [string, RequestInit] = op.personal
    ? postRequest(anyOp, variables, lang)
    : [queryUrl(anyOp, variables, lang), { method: 'GET', headers: { Accept: 'application/json' } }];
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new QueryError(navigator.onLine === false ? 'offline' : 'network', String(error));
  }
  const fromCache = response.headers.get(OFFLINE_HEADER) === '1';

  let body: GraphQLResponse<TData> | null = null;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    body = null;
  }

  const firstError = body?.errors?.[0];
  const code = firstError?.extensions?.code;
  if (code === 'OFFLINE' || (!response.ok && fromCache)) {
    throw new QueryError('offline', 'offline and not saved', code);
  }
  if (code === 'NOT_FOUND') throw new QueryError('notFound', firstError?.message ?? 'not found', code);
  if (code === 'BAD_USER_INPUT') throw new QueryError('badInput', firstError?.message ?? 'bad input', code);
  if (code === 'UNAUTHENTICATED') throw new QueryError('unauthenticated', firstError?.message ?? 'sign in', code);
  if (code === 'FORBIDDEN') throw new QueryError('forbidden', firstError?.message ?? 'forbidden', code);
  if (!response.ok && !body?.data) {
    throw new QueryError('http', `HTTP ${response.status}`, code);
  }
  if (!body?.data) {
    throw new QueryError('graphql', firstError?.message ?? 'no data', code);
  }
  offlineStore.set(fromCache);
  return { data: body.data, fromCache };
}
