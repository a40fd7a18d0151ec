import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';
import { QueryError, runQuery } from './client.ts';
import type { Operation } from './operations.ts';
import type { Connection } from './types.ts';

export type QueryState<TData> =
  | { status: 'loading' }
  | { status: 'error'; error: QueryError }
  | { status: 'ok'; data: TData; fromCache: boolean };

function asQueryError(error: unknown): QueryError {
  return error instanceof QueryError ? error : new QueryError('network', String(error));
}

/** Run a query whenever its variables or the language change. `skip` leaves it idle (loading). */
export function useQuery<TData, TVars extends object>(
  op: Operation<TData, TVars>,
  variables: TVars,
  skip = false,
): QueryState<TData> & { retry: () => void } {
  const { lang } = useI18n();
  const key = JSON.stringify(variables);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<QueryState<TData>>({ status: 'loading' });

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    runQuery(op, JSON.parse(key) as TVars, lang, controller.signal).then(
      (result) => setState({ status: 'ok', data: result.data, fromCache: result.fromCache }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error: asQueryError(error) });
      },
    );
    return () => controller.abort();
  }, [op, key, lang, attempt, skip]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}

export interface ConnectionState<TNode> {
  status: 'loading' | 'error' | 'ok';
  error: QueryError | null;
  items: TNode[];
  totalCount: number;
  hasNextPage: boolean;
  loadingMore: boolean;
  loadMoreError: QueryError | null;
  /** Index of the first item added by the last "load more" (to move focus there), else null. */
  appendedAt: number | null;
  loadMore: () => void;
  retry: () => void;
}

/**
 * A cursor-paged list: the first page loads when the variables or the language change,
 * `loadMore` appends the next page (after: endCursor).
 */
export function useConnection<TData, TVars extends { first?: number; after?: string | null }, TNode>(
  op: Operation<TData, TVars>,
  variables: TVars,
  select: (data: TData) => Connection<TNode>,
  skip = false,
): ConnectionState<TNode> {
  const { lang } = useI18n();
  const key = JSON.stringify(variables);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<'loading' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<QueryError | null>(null);
  const [items, setItems] = useState<TNode[]>([]);
  const [totalCount, setTotalCount] = useState(0);
  const [endCursor, setEndCursor] = useState<string | null>(null);
  const [hasNextPage, setHasNextPage] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [loadMoreError, setLoadMoreError] = useState<QueryError | null>(null);
  const [appendedAt, setAppendedAt] = useState<number | null>(null);
  const selectRef = useRef(select);
  selectRef.current = select;
  const moreController = useRef<AbortController | null>(null);

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    moreController.current?.abort();
    setStatus('loading');
    setError(null);
    setLoadMoreError(null);
    setLoadingMore(false);
    setAppendedAt(null);
    runQuery(op, JSON.parse(key) as TVars, lang, controller.signal).then(
      (result) => {
        const conn = selectRef.current(result.data);
        setItems(conn.edges.map((e) => e.node));
        setTotalCount(conn.totalCount);
        setEndCursor(conn.pageInfo.endCursor);
        setHasNextPage(conn.pageInfo.hasNextPage);
        setStatus('ok');
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(asQueryError(err));
        setStatus('error');
      },
    );
    return () => controller.abort();
  }, [op, key, lang, attempt, skip]);

  const loadMore = useCallback(() => {
    if (loadingMore || !hasNextPage || !endCursor) return;
    const start = items.length;
    const controller = new AbortController();
    moreController.current = controller;
    setLoadingMore(true);
    setLoadMoreError(null);
    const vars = { ...(JSON.parse(key) as TVars), after: endCursor };
    runQuery(op, vars, lang, controller.signal).then(
      (result) => {
        const conn = selectRef.current(result.data);
        setAppendedAt(conn.edges.length ? start : null);
        setItems((prev) => [...prev, ...conn.edges.map((e) => e.node)]);
        setTotalCount(conn.totalCount);
        setEndCursor(conn.pageInfo.endCursor);
        setHasNextPage(conn.pageInfo.hasNextPage);
        setLoadingMore(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setLoadMoreError(asQueryError(err));
        setLoadingMore(false);
      },
    );
  }, [op, key, lang, endCursor, hasNextPage, loadingMore, items.length]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { status, error, items, totalCount, hasNextPage, loadingMore, loadMoreError, appendedAt, loadMore, retry };
}
